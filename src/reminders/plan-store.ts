import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { reusePreparedStatement } from "../db/prepared";
import { reminderState } from "../db/schema";
import type { ReminderPlan } from "./plan";

const placeholder = (name: string) => sql`${sql.placeholder(name)}`;
const milliseconds = (value: Date | null) => value?.getTime() ?? null;

// Timestamps go in as milliseconds through raw placeholders: drizzle's encoder cannot take null.
const planColumns = [
  "reason",
  "nextReminderAt",
  "cycleStartedAt",
  "sentCount",
  "lastSentAt",
  "snoozedUntil",
] as const;
const toSnakeCase = (name: string) =>
  name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const planPlaceholders = () =>
  Object.fromEntries(planColumns.map((column) => [column, placeholder(column)]));

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
      .values({ memberId: placeholder("memberId"), ...planPlaceholders() })
      .onConflictDoUpdate({
        target: reminderState.memberId,
        set: Object.fromEntries(
          planColumns.map((column) => [column, sql.raw(`excluded.${toSnakeCase(column)}`)]),
        ),
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
      .set({ ...planPlaceholders(), leaseOwner: null, leaseExpiresAt: null })
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
