import { and, asc, eq, gt, isNotNull, lte, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/connection";
import { member, reminderState } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { loadReminderPolicy } from "./policy";
import { type PlanningRow, planningColumns, replanRows } from "./reminder-state";
import { ensureSchedulerRow, type SchedulerRow, updateSchedulerRow } from "./scheduler-row";

/**
 * Changes are read this long after they happen, so a transaction that took its timestamp just
 * before a cursor moved past it and committed just after is still seen. Sends never rely on
 * it: the sender re-plans every row from the member's current facts before sending.
 */
export const changeFeedLagInMilliseconds = 60_000;

interface Feed {
  column: SQLiteColumn;
  at: "changedAfterAt" | "checkedAfterAt";
  memberId: "changedAfterMemberId" | "checkedAfterMemberId";
}

// A password change (the member acted) and a new hygiene verdict (at sign-in) move a plan.
const feeds: Feed[] = [
  { column: member.passwordChangedAt, at: "changedAfterAt", memberId: "changedAfterMemberId" },
  { column: member.passwordCheckedAt, at: "checkedAfterAt", memberId: "checkedAfterMemberId" },
];

/**
 * Brings stored plans up to date, one batch from each source: the sweep over all members by ID
 * (new members, and everyone again after a policy change) and the two change feeds, read
 * through keyset cursors on indexed columns. Answers whether any source has more to do.
 */
export async function planPendingReminders(
  deps: Pick<Deps, "database" | "clock" | "config">,
  options: { batchSize: number },
): Promise<{ planned: number; changed: number; moreWork: boolean }> {
  return runInTransaction(deps.database, async (database) => {
    const now = deps.clock.now();
    const scheduler = await ensureSchedulerRow(database, now);
    const plan = { policy: await loadReminderPolicy(database), timeZone: deps.config.timeZone };
    const batches = [await readSweepBatch(database, scheduler, options.batchSize)];
    const cursor: Partial<SchedulerRow> = {};
    const last = batches[0]?.at(-1);
    if (last) cursor.sweepAfterMemberId = last.memberId;
    const upTo = new Date(now.getTime() - changeFeedLagInMilliseconds);
    for (const feed of feeds) {
      const batch = await readFeedBatch(database, scheduler, feed, upTo, options.batchSize);
      batches.push(batch.rows);
      if (batch.last) {
        cursor[feed.at] = batch.last.at;
        cursor[feed.memberId] = batch.last.memberId;
      }
    }
    let changed = 0;
    for (const rows of batches) changed += await replanRows(database, rows, plan);
    if (Object.keys(cursor).length > 0) await updateSchedulerRow(database, cursor);
    return {
      planned: batches.reduce((total, rows) => total + rows.length, 0),
      changed,
      moreWork: batches.some((rows) => rows.length === options.batchSize),
    };
  });
}

async function readSweepBatch(
  database: Database,
  scheduler: SchedulerRow,
  batchSize: number,
): Promise<PlanningRow[]> {
  return database
    .select(planningColumns)
    .from(member)
    .leftJoin(reminderState, eq(reminderState.memberId, member.id))
    .where(gt(member.id, scheduler.sweepAfterMemberId))
    .orderBy(asc(member.id))
    .limit(batchSize);
}

async function readFeedBatch(
  database: Database,
  scheduler: SchedulerRow,
  feed: Feed,
  upTo: Date,
  batchSize: number,
): Promise<{ rows: PlanningRow[]; last: { at: Date; memberId: number } | null }> {
  const after = scheduler[feed.at].getTime();
  const rows = await database
    .select({ ...planningColumns, feedAt: feed.column })
    .from(member)
    .leftJoin(reminderState, eq(reminderState.memberId, member.id))
    .where(
      and(
        isNotNull(feed.column),
        // Row values keep the cursor exact when many members share one timestamp.
        sql`(${feed.column}, ${member.id}) > (${after}, ${scheduler[feed.memberId]})`,
        lte(feed.column, upTo),
      ),
    )
    .orderBy(asc(feed.column), asc(member.id))
    .limit(batchSize);
  const last = rows.at(-1);
  return {
    rows,
    last: last ? { at: last.feedAt as Date, memberId: last.memberId } : null,
  };
}
