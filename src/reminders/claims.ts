import { and, asc, eq, inArray, isNull, lte, or } from "drizzle-orm";
import type { Database } from "../db/connection";
import { reminderState } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { ReminderReason } from "./plan";
import { ensureSchedulerRow, updateSchedulerRow } from "./scheduler-row";

const minuteInMilliseconds = 60_000;

/**
 * Leases up to `limit` due reminders to one worker, members at risk first, within the rate
 * budget of the current minute. The budget lives in the database and is spent in the same
 * transaction as the claim, so all processes together stay under `perMinute`: after downtime
 * the backlog drains at that pace instead of flooding the outbox.
 */
export async function claimDueReminders(
  database: Database,
  options: {
    workerId: string;
    now: Date;
    leaseInSeconds: number;
    limit: number;
    perMinute: number;
  },
): Promise<{ memberIds: number[]; budgetLeft: number }> {
  return runInTransaction(database, async (transaction) => {
    const scheduler = await ensureSchedulerRow(transaction, options.now);
    const minute = Math.floor(options.now.getTime() / minuteInMilliseconds) * minuteInMilliseconds;
    const spent =
      scheduler.rateWindowStartedAt?.getTime() === minute ? scheduler.rateWindowCount : 0;
    const allowed = Math.min(options.limit, options.perMinute - spent);
    if (allowed <= 0) return { memberIds: [], budgetLeft: 0 };
    const due = await selectDue(transaction, "risk", options.now, allowed);
    if (due.length < allowed)
      due.push(...(await selectDue(transaction, "age", options.now, allowed - due.length)));
    if (due.length === 0) return { memberIds: [], budgetLeft: options.perMinute - spent };
    const claimed = await transaction
      .update(reminderState)
      .set({
        leaseOwner: options.workerId,
        leaseExpiresAt: new Date(options.now.getTime() + options.leaseInSeconds * 1000),
      })
      .where(and(inArray(reminderState.memberId, due), isLeaseFree(options.now)))
      .returning({ memberId: reminderState.memberId });
    await updateSchedulerRow(transaction, {
      rateWindowStartedAt: new Date(minute),
      rateWindowCount: spent + claimed.length,
    });
    return {
      memberIds: claimed.map((row) => row.memberId),
      budgetLeft: options.perMinute - spent - claimed.length,
    };
  });
}

/** Gives back budget a claim reserved but did not send (the member had acted meanwhile). */
export async function refundRateBudget(
  database: Database,
  options: { claimedAt: Date; unused: number },
): Promise<void> {
  if (options.unused <= 0) return;
  const scheduler = await ensureSchedulerRow(database, options.claimedAt);
  const minute =
    Math.floor(options.claimedAt.getTime() / minuteInMilliseconds) * minuteInMilliseconds;
  if (scheduler.rateWindowStartedAt?.getTime() !== minute) return;
  await updateSchedulerRow(database, {
    rateWindowCount: Math.max(0, scheduler.rateWindowCount - options.unused),
  });
}

async function selectDue(
  database: Database,
  reason: ReminderReason,
  now: Date,
  limit: number,
): Promise<number[]> {
  const rows = await buildDueQuery(database, reason, now, limit);
  return rows.map((row) => row.memberId);
}

/** Due reminders, oldest first. The (reason, nextReminderAt) index answers it as a range scan. */
export function buildDueQuery(
  database: Database,
  reason: ReminderReason,
  now: Date,
  limit: number,
) {
  return database
    .select({ memberId: reminderState.memberId })
    .from(reminderState)
    .where(
      and(
        eq(reminderState.reason, reason),
        lte(reminderState.nextReminderAt, now),
        isLeaseFree(now),
      ),
    )
    .orderBy(asc(reminderState.nextReminderAt))
    .limit(limit);
}

function isLeaseFree(now: Date) {
  return or(isNull(reminderState.leaseExpiresAt), lte(reminderState.leaseExpiresAt, now));
}
