import { randomUUID } from "node:crypto";
import { createPollingLoop } from "../background/polling-loop";
import type { Deps } from "../deps";
import { claimLease, releaseLease } from "../jobs/lease";
import {
  countMemberRange,
  deleteOldCensuses,
  findLatestCompletedCensus,
  findOpenCensus,
  openCensus,
  recordCensusProgress,
} from "./census";

type CensusDeps = Pick<Deps, "database" | "clock" | "logger">;

/** A new census starts this long after the previous one completed. */
export const censusIntervalInMinutes = 5;
/**
 * Members counted per slice. better-sqlite3 holds the event loop during a query, and a slice
 * of 5,000 takes about 10 ms on an idle core (bench/admin prints the longest), so requests
 * keep flowing while a million members are counted.
 */
const membersPerSlice = 5_000;
const censusesKept = 10;
const leaseName = "member-census";
const holder = randomUUID();

/**
 * Counts one slice of the open census, opening one when the last is older than the interval
 * (or when `force` asks for a fresh count). Answers whether a census is still open.
 */
export async function advanceMemberCensus(
  deps: CensusDeps,
  options: { force?: boolean; membersPerSlice?: number } = {},
): Promise<{ moreWork: boolean }> {
  if (!(await claimLease(deps, { name: leaseName, holder, durationInSeconds: 60 })))
    return { moreWork: false };
  try {
    const now = deps.clock.now();
    let census = await findOpenCensus(deps.database);
    if (!census) {
      const latest = await findLatestCompletedCensus(deps.database);
      const due =
        options.force ||
        !latest?.completedAt ||
        now.getTime() - latest.completedAt.getTime() >= censusIntervalInMinutes * 60_000;
      if (!due) return { moreWork: false };
      census = await openCensus(deps.database, now);
    }
    const throughId = Math.min(
      census.countedThroughId + (options.membersPerSlice ?? membersPerSlice),
      census.lastMemberId,
    );
    const figures = structuredClone(census.figures);
    await countMemberRange(
      deps.database,
      { fromId: census.countedThroughId, throughId, now: census.startedAt },
      figures,
    );
    const completed = throughId >= census.lastMemberId;
    await recordCensusProgress(
      deps.database,
      { ...census, figures },
      { countedThroughId: throughId, completedAt: completed ? deps.clock.now() : null },
    );
    if (completed) await deleteOldCensuses(deps.database, censusesKept);
    return { moreWork: !completed };
  } finally {
    await releaseLease(deps, { name: leaseName, holder });
  }
}

/** Runs a census from start to end now: for the CLI, tests and benchmarks. */
export async function completeMemberCensus(
  deps: CensusDeps,
  options: { membersPerSlice?: number } = {},
): Promise<void> {
  let round = await advanceMemberCensus(deps, { ...options, force: true });
  while (round.moreWork) round = await advanceMemberCensus(deps, options);
}

/** The background loop of main.ts; the lease keeps instances from counting twice. */
export function createCensusWorker(deps: CensusDeps): { start(): void; stop(): Promise<void> } {
  return createPollingLoop({
    name: "member census",
    logger: deps.logger,
    idleInMilliseconds: 30_000,
    round: () => advanceMemberCensus(deps),
  });
}
