import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { projectPath } from "../runtime-paths";

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

// Plain JavaScript, the same file whether rekey runs compiled or through tsx.
const workerEntry = pathToFileURL(projectPath("src", "db", "checkpoint-worker.mjs"));

/** Where the checkpointer reports; pino's logger fits, so failures are JSON log lines. */
export interface CheckpointLogger {
  error(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
}

export interface CheckpointRestartOptions {
  /** First wait before a failed thread is started again; doubles per failure in a row. */
  initialDelayInMilliseconds: number;
  maximumDelayInMilliseconds: number;
}

const defaultRestart: CheckpointRestartOptions = {
  initialDelayInMilliseconds: 1000,
  maximumDelayInMilliseconds: 60_000,
};

/**
 * Starts the checkpoint thread, and starts it again with exponential backoff whenever it fails
 * (SQLITE_FULL on a full disk, an I/O error): without it the WAL grows until the main
 * connection's auto-checkpoint makes commits wait for the disk, and it never recovers when
 * space comes back. Each failure and the recovery are logged through `logger`.
 */
export function startBackgroundCheckpoints(
  path: string,
  options: {
    intervalInMilliseconds: number;
    logger: CheckpointLogger;
    restart?: CheckpointRestartOptions;
  },
): BackgroundCheckpoints {
  const restart = options.restart ?? defaultRestart;
  const status = new SharedArrayBuffer(4);
  const walFrames = new Int32Array(status);
  let stopping = false;
  let worker: Worker | undefined;
  let exited: Promise<void> = Promise.resolve();
  let restartTimer: NodeJS.Timeout | undefined;
  let failuresInARow = 0;
  const waiting = new Map<number, (complete: boolean) => void>();
  let failedAtWalFrames = 0;
  let nextRequest = 0;
  const releaseWaiting = () => {
    for (const resolve of waiting.values()) resolve(false);
    waiting.clear();
  };

  const spawn = () => {
    restartTimer = undefined;
    let failure: string | undefined;
    const thread = new Worker(workerEntry, {
      workerData: { path, intervalInMilliseconds: options.intervalInMilliseconds, status },
    });
    worker = thread;
    thread.on(
      "message",
      (message: {
        error?: string;
        checkpointed?: boolean;
        caughtUp?: number;
        complete?: boolean;
      }) => {
        if (message.error) failure = message.error;
        if (message.checkpointed && failuresInARow > 0) {
          options.logger.info({ path, failuresInARow }, "background checkpoints running again");
          failuresInARow = 0;
        }
        if (message.caughtUp !== undefined) {
          waiting.get(message.caughtUp)?.(message.complete === true);
          waiting.delete(message.caughtUp);
        }
      },
    );
    thread.on("error", (error) => {
      failure = String(error);
    });
    exited = new Promise<void>((resolve) =>
      thread.once("exit", () => {
        worker = undefined;
        releaseWaiting();
        resolve();
        // A clean end (stop(), or the database file deleted) is not a failure.
        if (stopping || failure === undefined) return;
        failuresInARow++;
        const delay = Math.min(
          restart.initialDelayInMilliseconds * 2 ** (failuresInARow - 1),
          restart.maximumDelayInMilliseconds,
        );
        // The main connection's auto-checkpoint still does the work meanwhile, more slowly.
        options.logger.error(
          { path, error: failure, failuresInARow, restartInMilliseconds: delay },
          "background checkpoints failed; restarting the thread",
        );
        restartTimer = setTimeout(spawn, delay);
        restartTimer.unref();
      }),
    );
    // Never the reason a process stays alive (after the listeners, which would ref it again).
    thread.unref();
  };
  spawn();

  return {
    async catchUp(catchUpOptions) {
      const frames = Atomics.load(walFrames, 0);
      const thread = worker;
      if (!thread || frames < catchUpOptions.atWalFrames + failedAtWalFrames) return;
      const request = nextRequest++;
      const caughtUp = new Promise<boolean>((resolve) => waiting.set(request, resolve));
      // Held while awaited: an unreferenced thread would let a CLI process exit mid-job.
      thread.ref();
      thread.postMessage({ catchUp: request });
      failedAtWalFrames = (await caughtUp) ? 0 : frames;
      if (waiting.size === 0) worker?.unref();
    },
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      if (worker) {
        // Referenced while it winds down, so a waiting caller sees it exit.
        worker.ref();
        worker.postMessage("stop");
      }
      await exited;
    },
  };
}
