import { Worker } from "node:worker_threads";
import { workerEntryFor } from "../../runtime-paths";
import type { StrengthResult, StrengthTuning } from "./options";
import type { WorkerReply, WorkerRequest } from "./worker-protocol";

/** Thrown when more evaluations wait than the queue holds: answer 503 and let the member retry. */
export class StrengthEstimatorBusyError extends Error {
  constructor() {
    super("password strength queue is full");
    this.name = "StrengthEstimatorBusyError";
  }
}

/** Where an evaluation's time went, from `estimate` to its answer. */
export interface StrengthEvaluationTiming {
  /** Waiting for a free thread. */
  queuedInMilliseconds: number;
  /** Scoring inside the thread (zxcvbn-ts and the prefix choice). */
  evaluationInMilliseconds: number;
  /** The whole round trip: queue, both messages, thread wake-ups and scoring. */
  roundTripInMilliseconds: number;
}

export interface PoolOptions {
  threads: number;
  maximumQueueLength: number;
  taskTimeoutInMilliseconds: number;
  youngGenerationSizeInMegabytes: number;
  niceness: number;
  tuning: StrengthTuning;
  onEvaluated?: (timing: StrengthEvaluationTiming) => void;
}

interface Task {
  request: WorkerRequest;
  enqueuedAt: number;
  dispatchedAt: number;
  resolve(result: StrengthResult): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

const workerEntry = workerEntryFor("src/passwords/strength/strength-worker");

/**
 * A fixed set of worker threads fed from one bounded queue, one task per thread at a time.
 * Threads start on first use (or `start()`), and are unreferenced while idle so a forgotten
 * pool never keeps a process alive; a thread that crashes or hangs is replaced.
 */
export function createWorkerPool(options: PoolOptions) {
  const threads = new Set<Thread>();
  const queue: Task[] = [];
  let nextId = 1;
  let closed = false;
  const startWaiters: { resolve(): void; reject(error: Error): void }[] = [];

  const spawn = (): Thread => {
    const worker = new Worker(workerEntry, {
      workerData: { tuning: options.tuning, niceness: options.niceness },
      // A small young generation (2 MB semi-spaces, V8's default is 16 MB): shorter
      // scavenges, more often. Measured through the pool (bench/strength, README): the
      // evaluation's p99.9 in the thread 2.3 -> 1.2 ms, its p99 unchanged at 0.8 ms.
      resourceLimits: { maxYoungGenerationSizeMb: options.youngGenerationSizeInMegabytes },
    });
    const thread: Thread = { worker, ready: false, task: null, timer: null };
    threads.add(thread);
    worker.on("message", (reply: WorkerReply) => receive(thread, reply));
    worker.on("error", (error) => fail(thread, error));
    worker.on("exit", (code) =>
      fail(thread, new Error(`strength worker exited with code ${code}`)),
    );
    return thread;
  };

  const receive = (thread: Thread, reply: WorkerReply) => {
    if (reply.type === "ready") {
      thread.ready = true;
      if ([...threads].every((other) => other.ready)) {
        for (const waiter of startWaiters.splice(0)) waiter.resolve();
      }
    } else {
      const task = thread.task;
      if (task?.request.id !== reply.id) return;
      finish(thread);
      if (reply.type === "result") {
        task.resolve(reply.result);
        options.onEvaluated?.({
          queuedInMilliseconds: task.dispatchedAt - task.enqueuedAt,
          evaluationInMilliseconds: reply.evaluationInMilliseconds,
          roundTripInMilliseconds: performance.now() - task.enqueuedAt,
        });
      } else task.reject(new Error(`password strength check failed: ${reply.message}`));
    }
    dispatch();
  };

  const finish = (thread: Thread) => {
    if (thread.timer) clearTimeout(thread.timer);
    thread.timer = null;
    thread.task = null;
  };

  /** A dead or stuck thread: its task fails, and if it never started, so does the queue. */
  const fail = (thread: Thread, error: Error) => {
    if (!threads.delete(thread)) return;
    const task = thread.task;
    finish(thread);
    task?.reject(error);
    void thread.worker.terminate();
    if (!thread.ready) {
      for (const waiting of [...queue.splice(0), ...startWaiters.splice(0)]) waiting.reject(error);
    }
    dispatch();
  };

  const dispatch = () => {
    if (closed) return;
    while (queue.length > 0 && threads.size < options.threads) spawn();
    for (const thread of threads) {
      if (!thread.ready || thread.task) continue;
      const task = queue.shift();
      if (!task) break;
      thread.task = task;
      task.dispatchedAt = performance.now();
      thread.timer = setTimeout(
        () => fail(thread, new Error("password strength check timed out")),
        options.taskTimeoutInMilliseconds,
      );
      thread.timer.unref();
      thread.worker.postMessage(task.request);
    }
    updateReferences();
  };

  /** Threads keep the process alive only while a caller is waiting on them. */
  const updateReferences = () => {
    const waiting = queue.length > 0 || startWaiters.length > 0;
    for (const thread of threads) {
      if (thread.task || (!thread.ready && waiting)) thread.worker.ref();
      else thread.worker.unref();
    }
  };

  return {
    run(password: string, userInputs: string[]): Promise<StrengthResult> {
      if (closed) return Promise.reject(new Error("password strength estimator is closed"));
      if (queue.length >= options.maximumQueueLength) {
        return Promise.reject(new StrengthEstimatorBusyError());
      }
      return new Promise((resolve, reject) => {
        const enqueuedAt = performance.now();
        const request: WorkerRequest = { id: nextId++, password, userInputs };
        queue.push({ request, enqueuedAt, dispatchedAt: enqueuedAt, resolve, reject });
        dispatch();
      });
    },

    start(): Promise<void> {
      if (closed) return Promise.reject(new Error("password strength estimator is closed"));
      while (threads.size < options.threads) spawn();
      if ([...threads].every((thread) => thread.ready)) return Promise.resolve();
      const started = new Promise<void>((resolve, reject) =>
        startWaiters.push({ resolve, reject }),
      );
      updateReferences();
      return started;
    },

    async close(): Promise<void> {
      closed = true;
      const error = new Error("password strength estimator is closed");
      for (const waiting of [...queue.splice(0), ...startWaiters.splice(0)]) waiting.reject(error);
      const running = [...threads];
      threads.clear();
      await Promise.all(
        running.map((thread) => {
          const task = thread.task;
          finish(thread);
          task?.reject(error);
          return thread.worker.terminate();
        }),
      );
    },
  };
}
