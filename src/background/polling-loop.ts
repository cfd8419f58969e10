import type { Logger } from "pino";

export interface PollingLoop {
  start(): void;
  /** Lets the current round finish, then resolves; an idle wait is cut short. */
  stop(): Promise<void>;
  readonly stopping: boolean;
}

/** What readiness needs to know about a running loop. */
export interface LoopHealth {
  name: string;
  /** When a round last finished without throwing (or when the loop started). */
  lastSuccessAtMs: number;
  /** Without a good round for this long, the loop counts as dead. */
  staleAfterInMilliseconds: number;
}

/**
 * The loops running in this process. Process-wide on purpose, like the process metrics: the
 * workers are created in several capabilities and readiness (src/health/) must see them all.
 */
const runningLoops = new Set<LoopHealth>();

/** Names of running loops without a successful round for longer than they allow. */
export function findStalledLoops(nowMs: number = Date.now()): string[] {
  return [...runningLoops]
    .filter((loop) => nowMs - loop.lastSuccessAtMs > loop.staleAfterInMilliseconds)
    .map((loop) => loop.name);
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
 * database hiccup never stops the outbox or a bulk reset for good. A loop that has not had a
 * good round for `staleAfterInMilliseconds` (default: ten idle periods, at least five minutes)
 * makes the instance not ready (GET /readyz).
 */
export function createPollingLoop(options: {
  name: string;
  logger: Logger;
  idleInMilliseconds: number;
  staleAfterInMilliseconds?: number;
  round: (loop: PollingLoop) => Promise<{ moreWork: boolean }>;
}): PollingLoop {
  let stopping = false;
  let running: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  const health: LoopHealth = {
    name: options.name,
    lastSuccessAtMs: Date.now(),
    staleAfterInMilliseconds:
      options.staleAfterInMilliseconds ?? Math.max(options.idleInMilliseconds * 10, 5 * 60_000),
  };

  const loop: PollingLoop = {
    get stopping() {
      return stopping;
    },
    start() {
      stopping = false;
      health.lastSuccessAtMs = Date.now();
      runningLoops.add(health);
      running ??= run().finally(() => {
        running = null;
        runningLoops.delete(health);
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
        health.lastSuccessAtMs = Date.now();
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
