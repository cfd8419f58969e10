import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { reusePreparedStatement } from "../db/prepared";
import { member, reminderState } from "../db/schema";
import {
  isSamePlan,
  planReminder,
  type ReminderPlan,
  type ReminderProgress,
  type ReminderSubject,
} from "./plan";
import { storePlan } from "./plan-store";
import type { ReminderPolicy } from "./policy";

/** A member's facts joined with their reminder row (absent until first planned). */
export const planningColumns = {
  memberId: member.id,
  hasPassword: sql<boolean>`${member.passwordHash} is not null`.mapWith(Boolean),
  resetRequiredAt: member.resetRequiredAt,
  passwordHealth: member.passwordHealth,
  passwordChangedAt: member.passwordChangedAt,
  passwordCheckedAt: member.passwordCheckedAt,
  createdAt: member.createdAt,
  stateMemberId: reminderState.memberId,
  reason: reminderState.reason,
  nextReminderAt: reminderState.nextReminderAt,
  cycleStartedAt: reminderState.cycleStartedAt,
  sentCount: reminderState.sentCount,
  lastSentAt: reminderState.lastSentAt,
  snoozedUntil: reminderState.snoozedUntil,
  unsubscribedAt: reminderState.unsubscribedAt,
};

export interface PlanningRow {
  memberId: number;
  hasPassword: boolean;
  resetRequiredAt: Date | null;
  passwordHealth: ReminderSubject["passwordHealth"];
  passwordChangedAt: Date | null;
  passwordCheckedAt: Date | null;
  createdAt: Date;
  stateMemberId: number | null;
  reason: ReminderPlan["reason"];
  nextReminderAt: Date | null;
  cycleStartedAt: Date | null;
  sentCount: number | null;
  lastSentAt: Date | null;
  snoozedUntil: Date | null;
  unsubscribedAt: Date | null;
}

export function subjectOf(row: PlanningRow): ReminderSubject {
  return {
    hasPassword: row.hasPassword,
    resetRequired: row.resetRequiredAt !== null,
    passwordHealth: row.passwordHealth,
    passwordChangedAt: row.passwordChangedAt,
    passwordCheckedAt: row.passwordCheckedAt,
    createdAt: row.createdAt,
  };
}

/** The plan as stored, or null when the member has no reminder row yet. */
export function storedPlanOf(row: PlanningRow): ReminderPlan | null {
  if (row.stateMemberId === null) return null;
  const progress: ReminderProgress = {
    cycleStartedAt: row.cycleStartedAt,
    sentCount: row.sentCount ?? 0,
    lastSentAt: row.lastSentAt,
    snoozedUntil: row.snoozedUntil,
    unsubscribedAt: row.unsubscribedAt,
  };
  return { progress, reason: row.reason, nextReminderAt: row.nextReminderAt };
}

export async function findPlanningRow(
  database: Database,
  memberId: number,
): Promise<PlanningRow | undefined> {
  // The account page reads this on every render: one statement built once per connection.
  const findRow = reusePreparedStatement(database, "reminder-state.planning-row", () =>
    database
      .select(planningColumns)
      .from(member)
      .leftJoin(reminderState, eq(reminderState.memberId, member.id))
      .where(eq(member.id, sql.placeholder("memberId")))
      .limit(1)
      .prepare(),
  );
  return (await findRow.get({ memberId })) as PlanningRow | undefined;
}

/**
 * Plans each row against the policy and stores the plans that changed; answers how many did.
 * Members with nothing planned and no row yet get none, so the table holds only live plans.
 */
export async function replanRows(
  database: Database,
  rows: PlanningRow[],
  options: { policy: ReminderPolicy; timeZone: string },
): Promise<number> {
  let changed = 0;
  for (const row of rows) {
    const stored = storedPlanOf(row);
    const plan = planReminder(
      subjectOf(row),
      stored?.progress ?? null,
      options.policy,
      options.timeZone,
    );
    if (stored ? isSamePlan(stored, plan) : plan.reason === null) continue;
    await storePlan(database, row.memberId, plan);
    changed++;
  }
  return changed;
}

/** The member's reminder row as stored, for the admin's member page; undefined when none. */
export async function findReminderState(
  database: Database,
  memberId: number,
): Promise<typeof reminderState.$inferSelect | undefined> {
  const [row] = await database
    .select()
    .from(reminderState)
    .where(eq(reminderState.memberId, memberId))
    .limit(1);
  return row;
}
