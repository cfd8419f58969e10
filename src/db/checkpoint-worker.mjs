// The background checkpointer's thread (see checkpoints.ts): plain JavaScript, since worker
// threads on Node 20 do not inherit tsx's loader, and it needs nothing but the driver.
import { existsSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";

const { path, intervalInMilliseconds, status } = workerData;
const walFrames = new Int32Array(status);
let client = null;
let reportedWorking = false;
let timer = setTimeout(tick, intervalInMilliseconds);

/**
 * Copies what it can of the WAL into the database file and syncs it, alongside the writer and
 * readers: the disk waits happen on this thread, not on the event loop's.
 */
function checkpoint() {
  if (!client) {
    // Opened on first use, never created: a database deleted meanwhile (tests) just ends this.
    if (!existsSync(path)) return stop();
    client = new BetterSqlite3(path, { fileMustExist: true });
    // PASSIVE never waits for a lock; the timeout covers opening while another process recovers.
    client.pragma("busy_timeout = 1000");
  }
  const [result] = client.pragma("wal_checkpoint(PASSIVE)");
  Atomics.store(walFrames, 0, result.log);
  // The first good checkpoint of a restarted thread tells the main thread it recovered.
  if (!reportedWorking) parentPort?.postMessage({ checkpointed: true });
  reportedWorking = true;
  return result.busy === 0 && result.checkpointed === result.log;
}

function run(work) {
  try {
    return work();
  } catch (error) {
    // Report and end this thread: the main thread starts a new one after a backoff.
    parentPort?.postMessage({ error: String(error) });
    stop();
  }
}

function tick() {
  run(checkpoint);
  if (timer) timer = setTimeout(tick, intervalInMilliseconds);
}

function stop() {
  clearTimeout(timer);
  timer = null;
  if (client?.open) client.close();
  parentPort?.close();
}

parentPort?.on("message", (message) => {
  if (message === "stop") return stop();
  // Asked while the writer pauses: copy everything, so its next write restarts the WAL. A few
  // tries, in case another connection wrote meanwhile.
  if (message.catchUp !== undefined) {
    const complete = run(() => {
      for (let attempt = 0; attempt < 3 && timer; attempt++) if (checkpoint()) return true;
      return false;
    });
    // The writer's next transaction starts the WAL over: count it as empty until the next tick.
    if (complete) Atomics.store(walFrames, 0, 0);
    parentPort?.postMessage({ caughtUp: message.catchUp, complete: complete === true });
  }
});
