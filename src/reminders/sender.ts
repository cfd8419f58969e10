import { and, eq, inArray } from "drizzle-orm";
import type { Config } from "../config";
import type { Database } from "../db/connection";
import { member, reminderState } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { type QueuedEmail, queueEmails } from "../mail/outbox";
import { refundRateBudget } from "./claims";
import { issueReminderLinks, reminderPageUrls, snoozeInDays } from "./links";
import { planReminder, type ReminderPlan } from "./plan";
import { storePlanAndReleaseLease } from "./plan-store";
import { loadReminderPolicy } from "./policy";
import { type PlanningRow, planningColumns, storedPlanOf, subjectOf } from "./reminder-state";

const sendingColumns = {
  ...planningColumns,
  loginId: member.loginId,
  email: member.email,
  language: member.language,
};

type SendingRow = PlanningRow & Pick<typeof member.$inferSelect, "loginId" | "email" | "language">;

/**
 * Sends the reminders a worker claimed, in one transaction: each row is planned again from the
 * member's current facts (who may have changed the password since), and a reminder that is
 * still due is queued in the outbox together with its new state. Rows whose lease another
 * worker has taken over are left alone.
 */
export async function sendClaimedReminders(
  deps: Pick<Deps, "database" | "clock" | "config">,
  claim: { workerId: string; memberIds: number[]; claimedAt: Date },
): Promise<{ sent: number; replanned: number }> {
  if (claim.memberIds.length === 0) return { sent: 0, replanned: 0 };
  return runInTransaction(deps.database, async (database) => {
    const policy = await loadReminderPolicy(database);
    const timeZone = deps.config.timeZone;
    const now = deps.clock.now();
    const rows: SendingRow[] = await database
      .select(sendingColumns)
      .from(reminderState)
      .innerJoin(member, eq(member.id, reminderState.memberId))
      .where(
        and(
          inArray(reminderState.memberId, claim.memberIds),
          eq(reminderState.leaseOwner, claim.workerId),
        ),
      );
    const emails: QueuedEmail[] = [];
    for (const row of rows) {
      const subject = subjectOf(row);
      let plan = planReminder(subject, storedPlanOf(row)?.progress ?? null, policy, timeZone);
      if (plan.reason && plan.nextReminderAt && plan.nextReminderAt <= now) {
        emails.push(await prepareReminderEmail(database, deps.config, row, plan, now));
        const progress = {
          ...plan.progress,
          sentCount: plan.progress.sentCount + 1,
          lastSentAt: now,
          snoozedUntil: null,
        };
        plan = planReminder(subject, progress, policy, timeZone);
      }
      await storePlanAndReleaseLease(database, row.memberId, plan, claim.workerId);
    }
    await queueEmails(database, deps.clock, emails);
    await refundRateBudget(database, {
      claimedAt: claim.claimedAt,
      unused: claim.memberIds.length - emails.length,
    });
    return { sent: emails.length, replanned: rows.length - emails.length };
  });
}

async function prepareReminderEmail(
  database: Database,
  config: Config,
  row: SendingRow,
  plan: ReminderPlan,
  now: Date,
): Promise<QueuedEmail> {
  const links = await issueReminderLinks(database, {
    origin: config.origin,
    now,
    memberId: row.memberId,
    cycleStartedAt: row.passwordChangedAt,
  });
  const cycleKey = row.passwordChangedAt?.getTime() ?? "none";
  return {
    // One key per reminder of one password: a retried send can never queue it twice.
    idempotencyKey: `password-reminder:${row.memberId}:${cycleKey}:${plan.progress.sentCount + 1}`,
    memberId: row.memberId,
    recipient: row.email,
    language: row.language ?? "en",
    template: {
      kind: "password-reminder",
      loginId: row.loginId,
      reason: plan.reason ?? "age",
      ...reminderPageUrls(config.origin),
      snoozeUrl: links.snoozeUrl,
      snoozeInDays,
      unsubscribeUrl: links.unsubscribeUrl,
    },
    // RFC 8058: one https URL (REKEY_ORIGIN is https in production) and the one-click POST.
    headers: {
      "List-Unsubscribe": `<${links.unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}
