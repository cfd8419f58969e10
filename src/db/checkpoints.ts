import { Worker } from "node:worker_threads";

/**
 * A WAL checkpoint copies committed pages into the database file and waits for the disk
 * (fsync). Run by the connection that commits, every 40 MB of WAL, it froze the event loop for
 * 100 to 340 ms at a time during a bulk reset. A second connection on a thread of its own does
 * the copying and the waiting instead: SQLite's PASSIVE mode runs alongside the writer and the
 * readers (https://www.sqlite.org/wal.html#checkpointing). The WAL only starts over once it has
 * been copied whole, which a busy writer never lets happen, so bulk work pauses between
 * batches for `catchUp` when the WAL has grown large; the pause awaits, the event loop serves.
 */
export interface BackgroundCheckpoints {
  /**
   * When the WAL holds at least `atWalFrames` pages, resolves once it has been copied whole.
   * If that failed (a long reader elsewhere), the next try waits for as much again.
   */
  catchUp(options: { atWalFrames: number }): Promise<void>;
  stop(): Promise<void>;
}

const workerEntry = new URL("./checkpoint-worker.mjs", import.meta.url);

export function startBackgroundCheckpoints(
  path: string,
  options: { intervalInMilliseconds: number },
): BackgroundCheckpoints {
  const status = new SharedArrayBuffer(4);
  const walFrames = new Int32Array(status);
  const worker = new Worker(workerEntry, {
    workerData: { path, intervalInMilliseconds: options.intervalInMilliseconds, status },
  });
  let running = true;
  const waiting = new Map<number, (complete: boolean) => void>();
  let failedAtWalFrames = 0;
  let nextRequest = 0;
  const finish = () => {
    running = false;
    for (const resolve of waiting.values()) resolve(false);
    waiting.clear();
  };
  // Without the thread, the main connection's auto-checkpoint still does the work, as it
  // did before: worth a warning, not a crash.
  const warn = (detail: string) =>
    process.emitWarning(`background checkpoints stopped: ${detail}`, "RekeyDatabaseWarning");
  worker.on("message", (message: { error?: string; caughtUp?: number; complete?: boolean }) => {
    if (message.error) warn(message.error);
    if (message.caughtUp !== undefined) {
      waiting.get(message.caughtUp)?.(message.complete === true);
      waiting.delete(message.caughtUp);
    }
  });
  worker.on("error", (error) => warn(String(error)));
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  void exited.then(finish);
  // Never the reason a process stays alive (after the listeners, which would ref it again).
  worker.unref();
  return {
    async catchUp(options) {
      const frames = Atomics.load(walFrames, 0);
      if (!running || frames < options.atWalFrames + failedAtWalFrames) return;
      const request = nextRequest++;
      const caughtUp = new Promise<boolean>((resolve) => waiting.set(request, resolve));
      // Held while awaited: an unreferenced thread would let a CLI process exit mid-job.
      worker.ref();
      worker.postMessage({ catchUp: request });
      failedAtWalFrames = (await caughtUp) ? 0 : frames;
      if (waiting.size === 0) worker.unref();
    },
    async stop() {
      if (running) {
        // Referenced while it winds down, so a waiting caller sees it exit.
        worker.ref();
        worker.postMessage("stop");
      }
      await exited;
    },
  };
}
