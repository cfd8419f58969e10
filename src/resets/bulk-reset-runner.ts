import { randomUUID } from "node:crypto";
import { createPollingLoop } from "../background/polling-loop";
import { letCheckpointsCatchUp } from "../db/connection";
import type { Deps } from "../deps";
import { processBulkResetBatch } from "./bulk-reset-batch";
import {
  type BulkResetJob,
  claimBulkResetJob,
  findBulkResetJob,
  releaseBulkResetJob,
} from "./bulk-reset-jobs";

// Each batch holds the event loop (and the SQLite write lock) while it runs: small enough that
// members loading pages meanwhile wait a few milliseconds, large enough to amortise a commit.
const defaultBatchSize = 250;

export interface BulkResetRunOptions {
  workerId?: string;
  jobId?: number;
  batchSize?: number;
  leaseInSeconds?: number;
  onProgress?: (job: BulkResetJob) => void;
  /** Checked between batches; a stopped run leaves the job leased until the lease runs out. */
  shouldStop?: () => boolean;
}

/**
 * Claims a job and processes it to the end, batch by batch, giving the event loop back between
 * batches so the portal keeps serving members while thousands of accounts are reset.
 */
export async function runBulkResetJob(
  deps: Pick<Deps, "database" | "clock" | "config">,
  options: BulkResetRunOptions = {},
): Promise<BulkResetJob | null> {
  const workerId = options.workerId ?? randomUUID();
  const leaseInSeconds = options.leaseInSeconds ?? 60;
  const job = await claimBulkResetJob(deps.database, {
    workerId,
    now: deps.clock.now(),
    leaseInSeconds,
    jobId: options.jobId,
  });
  if (!job) return null;
  for (;;) {
    if (options.shouldStop?.()) {
      await releaseBulkResetJob(deps.database, job.id, workerId);
      return (await findBulkResetJob(deps.database, job.id)) ?? null;
    }
    const batch = await processBulkResetBatch(deps, job, {
      batchSize: options.batchSize ?? defaultBatchSize,
      leaseInSeconds,
    });
    const done = batch.status !== "processed";
    // A lost lease means another worker owns the job now: it reports the progress from here.
    if (done || options.onProgress) {
      const current = await findBulkResetJob(deps.database, job.id);
      if (current && batch.status !== "lease-lost") options.onProgress?.(current);
      if (done) return current ?? null;
    }
    await new Promise((resolve) => setImmediate(resolve));
    await letCheckpointsCatchUp(deps.database);
  }
}

/** Runs queued jobs in the server process; several processes may run one each. */
export function createBulkResetWorker(
  deps: Pick<Deps, "database" | "clock" | "config" | "logger">,
  options: { pollIntervalInMilliseconds?: number } = {},
): { start(): void; stop(): Promise<void> } {
  const workerId = randomUUID();
  return createPollingLoop({
    name: "bulk reset",
    logger: deps.logger,
    idleInMilliseconds: options.pollIntervalInMilliseconds ?? 2000,
    round: async (loop) => {
      const job = await runBulkResetJob(deps, { workerId, shouldStop: () => loop.stopping });
      if (job)
        deps.logger.info(
          { jobId: job.id, processed: job.processed, status: job.status },
          "bulk reset ran",
        );
      return { moreWork: job !== null };
    },
  });
}
