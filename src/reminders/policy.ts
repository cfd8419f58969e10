import { eq } from "drizzle-orm";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log";
import type { Database } from "../db/connection";
import { reusePreparedStatement } from "../db/prepared";
import { reminderPolicy } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { ensureSchedulerRow, updateSchedulerRow } from "./scheduler-row";
import type { SendWindow } from "./send-window";

/**
 * What the operator decides. Reminders only remind: rekey never expires a password by age
 * (NIST SP 800-63B s3.1.1.2, ASVS 6.2.10); an evidently compromised one is forced to change
 * elsewhere (breached at sign-in, bulk resets), so it gets no reminder.
 */
export interface ReminderPolicy {
  /** Remind members whose last check found the password weak or similar to their ID. */
  riskReminders: boolean;
  /** Remind when the password is this old; null turns age reminders off. */
  ageReminderAfterDays: number | null;
  /** Remind again this long after a reminder, until the member changes the password. */
  repeatEveryDays: number;
  /** At most this many reminders for one password. */
  maximumReminders: number;
  sendWindowStartHour: number;
  sendWindowEndHour: number;
}

export const defaultReminderPolicy: ReminderPolicy = {
  riskReminders: true,
  ageReminderAfterDays: 365,
  repeatEveryDays: 30,
  maximumReminders: 3,
  sendWindowStartHour: 9,
  sendWindowEndHour: 18,
};

export function sendWindowOf(policy: ReminderPolicy): SendWindow {
  return { startHour: policy.sendWindowStartHour, endHour: policy.sendWindowEndHour };
}

/** Bounds the admin form enforces: [minimum, maximum] of each number. */
export const reminderPolicyLimits = {
  ageReminderAfterDays: [30, 3650],
  repeatEveryDays: [1, 365],
  maximumReminders: [1, 20],
  sendWindowStartHour: [0, 23],
  sendWindowEndHour: [1, 24],
} as const;

export async function loadReminderPolicy(database: Database): Promise<ReminderPolicy> {
  const findPolicy = reusePreparedStatement(database, "reminder-policy.find", () =>
    database.select().from(reminderPolicy).where(eq(reminderPolicy.id, 1)).limit(1).prepare(),
  );
  const row = await findPolicy.get();
  if (!row) return defaultReminderPolicy;
  return {
    riskReminders: row.riskReminders,
    ageReminderAfterDays: row.ageReminderAfterDays,
    repeatEveryDays: row.repeatEveryDays,
    maximumReminders: row.maximumReminders,
    sendWindowStartHour: row.sendWindowStartHour,
    sendWindowEndHour: row.sendWindowEndHour,
  };
}

/**
 * Stores a policy and re-plans every member against it: the planning sweep starts over from
 * the first member, in the same transaction, so no reminder follows the old rules for long.
 */
export async function saveReminderPolicy(
  deps: Pick<Deps, "database" | "clock">,
  policy: ReminderPolicy,
  actor: AuditActor,
): Promise<void> {
  await runInTransaction(deps.database, async (database) => {
    const values = {
      ...policy,
      updatedAt: deps.clock.now(),
      updatedByMemberId: actor.kind === "member" ? actor.memberId : null,
    };
    await database
      .insert(reminderPolicy)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: reminderPolicy.id, set: values });
    await ensureSchedulerRow(database, deps.clock.now());
    await updateSchedulerRow(database, { sweepAfterMemberId: 0 });
    await recordAuditEvent(database, deps.clock, {
      actor,
      action: "reminder-policy.updated",
      details: { ...policy },
    });
  });
}
