import { and, eq, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/connection";
import { reusePreparedStatement } from "../db/prepared";
import { bulkResetItem, bulkResetJob } from "../db/schema";

export type Outcome =
  | "reset"
  | "would-reset"
  | "unknown"
  | "already-pending"
  | "duplicate"
  | "administrator"
  | "self";
export type Entry = {
  position: number;
  memberId: number | null;
  outcome: Outcome;
  /** A matched member whose address changed recently: the dry run counts them. */
  recentEmailChange?: boolean;
};

const placeholder = (name: string) => sql`${sql.placeholder(name)}`;

/** Marks each item of a batch with what happened to it: the record that makes a job resumable. */
export async function recordOutcomes(database: Database, jobId: number, entries: Entry[]) {
  const update = reusePreparedStatement(database, "bulk-reset-item.outcome", () =>
    database
      .update(bulkResetItem)
      .set({
        outcome: placeholder("outcome"),
        memberId: placeholder("memberId"),
      })
      .where(
        and(
          eq(bulkResetItem.jobId, sql.placeholder("jobId")),
          eq(bulkResetItem.position, sql.placeholder("position")),
        ),
      )
      .prepare(),
  );
  for (const entry of entries) await update.run({ jobId, ...entry });
}

/** Adds a batch's outcomes to the job's counters, for progress in the UI, CLI and API. */
export async function addToJobCounts(database: Database, jobId: number, entries: Entry[]) {
  const counts = {
    reset: 0,
    "would-reset": 0,
    unknown: 0,
    "already-pending": 0,
    duplicate: 0,
    administrator: 0,
    self: 0,
  };
  let recentEmailChanges = 0;
  for (const entry of entries) {
    counts[entry.outcome]++;
    if (entry.recentEmailChange) recentEmailChanges++;
  }
  const add = reusePreparedStatement(database, "bulk-reset-job.add-counts", () => {
    const plus = (column: AnySQLiteColumn, name: string) => sql`${column} + ${placeholder(name)}`;
    return database
      .update(bulkResetJob)
      .set({
        processed: plus(bulkResetJob.processed, "processed"),
        matched: plus(bulkResetJob.matched, "matched"),
        unknown: plus(bulkResetJob.unknown, "unknown"),
        alreadyPending: plus(bulkResetJob.alreadyPending, "alreadyPending"),
        duplicates: plus(bulkResetJob.duplicates, "duplicates"),
        recentEmailChanges: plus(bulkResetJob.recentEmailChanges, "recentEmailChanges"),
        administratorsExcluded: plus(bulkResetJob.administratorsExcluded, "administratorsExcluded"),
      })
      .where(eq(bulkResetJob.id, sql.placeholder("jobId")))
      .prepare();
  });
  await add.run({
    jobId,
    processed: entries.length,
    matched: counts.reset + counts["would-reset"],
    unknown: counts.unknown,
    alreadyPending: counts["already-pending"],
    duplicates: counts.duplicate,
    recentEmailChanges,
    administratorsExcluded: counts.administrator + counts.self,
  });
}
