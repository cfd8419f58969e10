import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { reusePreparedStatement } from "../db/prepared";
import { reminderState } from "../db/schema";
import type { ReminderPlan } from "./plan";

const placeholder = (name: string) => sql`${sql.placeholder(name)}`;
const milliseconds = (value: Date | null) => value?.getTime() ?? null;

/**
 * Writes a plan with one prepared upsert (the planning sweep runs it a million times). The
 * unsubscription and the lease are never written here: they have their own, narrower updates.
 */
export async function storePlan(
  database: Database,
  memberId: number,
  plan: ReminderPlan,
): Promise<void> {
  const upsert = reusePreparedStatement(database, "reminder-state.store-plan", () =>
    database
      .insert(reminderState)
      .values({
        memberId: placeholder("memberId"),
        reason: placeholder("reason"),
        nextReminderAt: placeholder("nextReminderAt"),
        cycleStartedAt: placeholder("cycleStartedAt"),
        sentCount: placeholder("sentCount"),
        lastSentAt: placeholder("lastSentAt"),
        snoozedUntil: placeholder("snoozedUntil"),
      })
      .onConflictDoUpdate({
        target: reminderState.memberId,
        set: {
          reason: sql.raw("excluded.reason"),
          nextReminderAt: sql.raw("excluded.next_reminder_at"),
          cycleStartedAt: sql.raw("excluded.cycle_started_at"),
          sentCount: sql.raw("excluded.sent_count"),
          lastSentAt: sql.raw("excluded.last_sent_at"),
          snoozedUntil: sql.raw("excluded.snoozed_until"),
        },
      })
      .prepare(),
  );
  await upsert.run({ memberId, ...planParameters(plan) });
}

/** Stores the plan a sender made for a row it leased, and ends the lease. */
export async function storePlanAndReleaseLease(
  database: Database,
  memberId: number,
  plan: ReminderPlan,
  workerId: string,
): Promise<void> {
  const update = reusePreparedStatement(database, "reminder-state.store-and-release", () =>
    database
      .update(reminderState)
      .set({
        reason: placeholder("reason"),
        nextReminderAt: placeholder("nextReminderAt"),
        cycleStartedAt: placeholder("cycleStartedAt"),
        sentCount: placeholder("sentCount"),
        lastSentAt: placeholder("lastSentAt"),
        snoozedUntil: placeholder("snoozedUntil"),
        leaseOwner: null,
        leaseExpiresAt: null,
      })
      .where(
        and(
          eq(reminderState.memberId, sql.placeholder("memberId")),
          eq(reminderState.leaseOwner, sql.placeholder("workerId")),
        ),
      )
      .prepare(),
  );
  await update.run({ memberId, workerId, ...planParameters(plan) });
}

function planParameters(plan: ReminderPlan) {
  return {
    reason: plan.reason,
    nextReminderAt: milliseconds(plan.nextReminderAt),
    cycleStartedAt: milliseconds(plan.progress.cycleStartedAt),
    sentCount: plan.progress.sentCount,
    lastSentAt: milliseconds(plan.progress.lastSentAt),
    snoozedUntil: milliseconds(plan.progress.snoozedUntil),
  };
}

/** Turns reminders off (a date) or on again (null) for one member, keeping the rest of the row. */
export async function storeUnsubscription(
  database: Database,
  memberId: number,
  unsubscribedAt: Date | null,
): Promise<void> {
  await database
    .insert(reminderState)
    .values({ memberId, unsubscribedAt })
    .onConflictDoUpdate({ target: reminderState.memberId, set: { unsubscribedAt } });
}
