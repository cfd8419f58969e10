import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { createStrengthChecker, type StrengthTuning } from "./options";
import { warmUp } from "./warm-up";
import type { WorkerReply, WorkerRequest } from "./worker-protocol";

/**
 * One pool thread: indexes the word lists once and warms up (warm-up.ts) before it reports
 * ready, then scores one password per message, so zxcvbn never runs on the server's event loop.
 */
const port = parentPort;
if (!port) throw new Error("strength-worker must run in a worker thread");
const { tuning, niceness } = workerData as { tuning: StrengthTuning; niceness: number };

// Linux schedules each thread on its own, and setpriority(0) from here lowers only this one:
// when the cores are busy, the event loop (HTTP, timers) runs first and scoring waits.
if (process.platform === "linux") {
  try {
    if (niceness !== 0) setPriority(0, niceness);
  } catch {
    // A sandbox may forbid it; scoring then competes with the event loop as an equal.
  }
}

const checker = createStrengthChecker(tuning);
warmUp(checker);
port.on("message", ({ id, password, userInputs }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const startedAt = performance.now();
    const result = checker.check(password, userInputs);
    reply = { type: "result", id, result, evaluationInMilliseconds: performance.now() - startedAt };
  } catch (error) {
    reply = { type: "failed", id, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ type: "ready" } satisfies WorkerReply);
