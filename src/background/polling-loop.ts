import type { Logger } from "pino";

export interface PollingLoop {
  start(): void;
  /** Lets the current round finish, then resolves; an idle wait is cut short. */
  stop(): Promise<void>;
  readonly stopping: boolean;
}

/**
 * When each loop of this process last finished a round (successful or not), by name: the
 * "is the outbox / bulk reset / scheduler still turning?" gauge reads it at scrape time. Wall
 * time on purpose: it is compared with the scraper's clock, not with the portal's.
 */
const lastRoundFinishedAt = new Map<string, Date>();

/** A snapshot of {@link lastRoundFinishedAt}: no work, safe to call on every scrape. */
export function readLoopHeartbeats(): ReadonlyMap<string, Date> {
  return new Map(lastRoundFinishedAt);
}

/**
 * Runs `round` again and again in the background: at once while it reports more work, after
 * `idleInMilliseconds` when it reports none. A failing round is logged and retried later, so a
 * database hiccup never stops the outbox or a bulk reset for good.
 */
export function createPollingLoop(options: {
  name: string;
  logger: Logger;
  idleInMilliseconds: number;
  round: (loop: PollingLoop) => Promise<{ moreWork: boolean }>;
}): PollingLoop {
  let stopping = false;
  let running: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;

  const loop: PollingLoop = {
    get stopping() {
      return stopping;
    },
    start() {
      stopping = false;
      running ??= run().finally(() => {
        running = null;
      });
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await running;
    },
  };

  async function run(): Promise<void> {
    while (!stopping) {
      let moreWork = false;
      try {
        ({ moreWork } = await options.round(loop));
      } catch (error) {
        options.logger.error({ err: error, loop: options.name }, "background round failed");
      }
      lastRoundFinishedAt.set(options.name, new Date());
      if (moreWork) {
        // better-sqlite3 answers synchronously, so back-to-back rounds would hold the event loop
        // for the whole job: let waiting requests and timers run between two rounds.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else if (!stopping) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, options.idleInMilliseconds);
        });
      }
    }
  }

  return loop;
}
