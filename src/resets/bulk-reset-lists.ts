import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { reusePreparedStatement } from "../db/prepared";
import { bulkResetItem, bulkResetJob } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";

// A chunk takes a few milliseconds: storing a million IDs in one transaction held the event loop
// (and every member's page) for seconds.
const identifiersPerTransaction = 5_000;
/** A list still being stored after this long lost its process: it is removed. */
const abandonedAfterInMinutes = 60;

/**
 * Stores a job's list a chunk per transaction, giving the event loop back between chunks, then
 * makes the job claimable. Until then the job is "preparing", so no worker starts on part of
 * a list; if storing fails, the job and what was stored go.
 */
export async function storeListInChunks(
  deps: Pick<Deps, "database">,
  job: { id: number; total: number },
  storeChunk: (database: Database, range: { from: number; to: number }) => Promise<void>,
  options: { identifiersPerTransaction?: number } = {},
): Promise<void> {
  const chunkSize = options.identifiersPerTransaction ?? identifiersPerTransaction;
  try {
    for (let from = 0; from < job.total; from += chunkSize) {
      const to = Math.min(from + chunkSize, job.total);
      await runInTransaction(deps.database, (database) => storeChunk(database, { from, to }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await deps.database
      .update(bulkResetJob)
      .set({ status: "pending" })
      .where(and(eq(bulkResetJob.id, job.id), eq(bulkResetJob.status, "preparing")));
  } catch (error) {
    await deps.database.delete(bulkResetJob).where(eq(bulkResetJob.id, job.id));
    throw error;
  }
}

/** Stores identifiers[from..to) as items of the job, at their positions in the list. */
export async function storeIdentifiers(
  database: Database,
  jobId: number,
  identifiers: string[],
  range: { from: number; to: number },
): Promise<void> {
  const insertItem = reusePreparedStatement(database, "bulk-reset-item.insert", () =>
    database
      .insert(bulkResetItem)
      .values({
        jobId: sql.placeholder("jobId"),
        position: sql.placeholder("position"),
        identifier: sql.placeholder("identifier"),
      })
      .prepare(),
  );
  for (let position = range.from; position < range.to; position++) {
    await insertItem.run({ jobId, position, identifier: identifiers[position] });
  }
}

/** Housekeeping: lists whose process stopped while storing them are never processed. */
export async function deleteAbandonedBulkResetLists(
  deps: Pick<Deps, "database" | "clock">,
): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - abandonedAfterInMinutes * 60_000);
  const deleted = await deps.database
    .delete(bulkResetJob)
    .where(and(eq(bulkResetJob.status, "preparing"), lt(bulkResetJob.createdAt, before)))
    .returning({ id: bulkResetJob.id });
  return deleted.length;
}
