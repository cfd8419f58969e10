import { and, ne, sql } from "drizzle-orm";
import { createPollingLoop, type PollingLoop } from "../background/polling-loop";
import type { Database } from "../db/connection";
import { bulkResetJob } from "../db/schema";
import type { Deps } from "../deps";
import { countUnsentMessages, findOldestPendingDueAt } from "../mail/outbox";
import { countBulkResetJobsByStatus } from "../resets/bulk-reset-jobs";

/** What an on-call pages on, read from the shared database every so often. */
export interface OperationalFigures {
  outbox: Awaited<ReturnType<typeof countUnsentMessages>>;
  oldestPendingDueAt: Date | null;
  bulkResetJobs: Awaited<ReturnType<typeof countBulkResetJobsByStatus>>;
  bulkResetItemsRemaining: number;
  readAt: Date;
}

export interface OperationalFiguresCache {
  /** Reads the figures again (a few indexed queries); the gauges serve the last ones read. */
  refresh(): Promise<OperationalFigures>;
  latest(): OperationalFigures | null;
}

/** How often the figures are read: gauges may lag by this much, scrapes cost nothing. */
export const figuresRefreshInMilliseconds = 15_000;

/**
 * The figures behind the operations gauges, cached in memory. A scrape never queries the
 * database (it must answer in milliseconds while the portal is saturated); the refresh loop
 * does, on its own schedule.
 */
export function createOperationalFiguresCache(deps: Pick<Deps, "database" | "clock">) {
  let latest: OperationalFigures | null = null;
  return {
    async refresh() {
      latest = {
        outbox: await countUnsentMessages(deps.database),
        oldestPendingDueAt: await findOldestPendingDueAt(deps.database),
        bulkResetJobs: await countBulkResetJobsByStatus(deps.database),
        bulkResetItemsRemaining: await countBulkResetItemsRemaining(deps.database),
        readAt: deps.clock.now(),
      };
      return latest;
    },
    latest: () => latest,
  } satisfies OperationalFiguresCache;
}

/** Refreshes the cache in the background, as the other loops do (its heartbeat included). */
export function startFiguresRefresh(
  deps: Pick<Deps, "logger">,
  cache: OperationalFiguresCache,
): PollingLoop {
  const loop = createPollingLoop({
    name: "operations figures",
    logger: deps.logger,
    idleInMilliseconds: figuresRefreshInMilliseconds,
    round: async () => {
      await cache.refresh();
      return { moreWork: false };
    },
  });
  loop.start();
  return loop;
}

/** IDs not yet processed in real (not dry-run) jobs that have not completed. */
async function countBulkResetItemsRemaining(database: Database): Promise<number> {
  const [row] = await database
    .select({
      remaining: sql<number>`coalesce(sum(${bulkResetJob.total} - ${bulkResetJob.processed}), 0)`,
    })
    .from(bulkResetJob)
    .where(and(ne(bulkResetJob.status, "completed"), sql`${bulkResetJob.dryRun} = 0`));
  return Number(row?.remaining ?? 0);
}
