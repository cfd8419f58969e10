import { randomUUID } from "node:crypto";
import { createPollingLoop } from "../background/polling-loop";
import type { Database } from "../db/connection";
import type { Deps } from "../deps";
import { claimLease, releaseLease } from "../jobs/lease";
import { type Evaluation, evaluateDefence, type SpikeThresholds } from "./detection";
import type { MinuteCounts } from "./sign-in-events";

const leaseName = "defence-detection";
const holder = randomUUID();

type MonitorDeps = Parameters<typeof evaluateDefence>[0] & Pick<Deps, "refusalBuffer">;

const passes = new WeakMap<Database, Promise<unknown>>();

/**
 * Runs one detection pass if no other process is running one: the lease makes the work
 * exclusive across instances. Answers null when another holder has it. Passes of this process
 * run one after the other (its own lease renews, so it cannot tell two of them apart).
 */
export function evaluateDefenceNow(deps: MonitorDeps): Promise<Evaluation | null> {
  const previous = passes.get(deps.database) ?? Promise.resolve();
  const pass = previous.catch(() => undefined).then(() => runPass(deps));
  passes.set(deps.database, pass);
  return pass;
}

async function runPass(deps: MonitorDeps): Promise<Evaluation | null> {
  // This process's refusals waiting in the buffer first, so the pass counts them.
  await deps.refusalBuffer.flush();
  if (!(await claimLease(deps, { name: leaseName, holder, durationInSeconds: 60 }))) return null;
  try {
    const evaluation = await evaluateDefence(deps);
    remember(deps, evaluation);
    return evaluation;
  } finally {
    await releaseLease(deps, { name: leaseName, holder });
  }
}

/** The background loop of main.ts: a detection pass every few seconds; stop waits for it. */
export function startDefenceMonitor(
  deps: MonitorDeps,
  options: { intervalInSeconds: number },
): { stop(): Promise<void> } {
  const loop = createPollingLoop({
    name: "defence detection",
    logger: deps.logger,
    idleInMilliseconds: options.intervalInSeconds * 1000,
    round: async () => {
      await evaluateDefenceNow(deps);
      return { moreWork: false };
    },
  });
  loop.start();
  return loop;
}

interface WatchState {
  thresholds: SpikeThresholds | null;
  running: Promise<unknown> | null;
  lastStartedAt: number;
  quietUntil: number;
}
const watches = new WeakMap<Database, WatchState>();

/**
 * On-demand evaluation: every recorded attempt hands over its minute's counts, and when they
 * cross the last known thresholds a pass starts at once instead of at the next loop tick, so
 * a wave is met within seconds. In-memory state here is only a hint; the database decides.
 */
export function observeMinuteCounts(
  deps: MonitorDeps & Pick<Deps, "clock">,
  counts: MinuteCounts,
): void {
  const config = deps.settings.latest().defence;
  const watch = stateOf(deps.database);
  const now = deps.clock.now().getTime();
  if (watch.running || now < watch.quietUntil || now - watch.lastStartedAt < 2_000) return;
  const thresholds = watch.thresholds ?? {
    attemptsPerMinute: config.spikeMinimumAttemptsPerMinute,
    failureRatio: 0.4,
  };
  const failureRatio = 1 - counts.successes / counts.attempts;
  const crossed =
    counts.attempts >= thresholds.attemptsPerMinute ||
    (counts.attempts >= config.spikeMinimumAttemptsPerMinute &&
      failureRatio >= thresholds.failureRatio);
  if (!crossed) return;
  watch.lastStartedAt = now;
  watch.running = evaluateDefenceNow(deps)
    .catch((error) => deps.logger.error({ err: error }, "defence detection failed"))
    .finally(() => {
      watch.running = null;
    });
}

/** Resolves once an on-demand pass started by observeMinuteCounts has finished (tests). */
export async function settleOnDemandEvaluation(database: Database): Promise<void> {
  await stateOf(database).running;
}

function stateOf(database: Database): WatchState {
  let watch = watches.get(database);
  if (!watch) {
    watch = { thresholds: null, running: null, lastStartedAt: 0, quietUntil: 0 };
    watches.set(database, watch);
  }
  return watch;
}

function remember(deps: Pick<Deps, "database" | "clock">, evaluation: Evaluation): void {
  const watch = stateOf(deps.database);
  watch.thresholds = evaluation.thresholds;
  // While an alert is open the loop keeps watching; no need to evaluate per request.
  watch.quietUntil = evaluation.alerts.length > 0 ? deps.clock.now().getTime() + 60_000 : 0;
}
