import type { Database } from "../../src/db/connection";
import {
  planReminder,
  type ReminderProgress,
  type ReminderSubject,
} from "../../src/reminders/plan";
import type { ReminderPolicy } from "../../src/reminders/policy";

const day = 86_400_000;

/**
 * A portal that has been running for a while: 1M members and their reminder rows, written
 * straight through the driver (argon2 for a million members would take hours). Each row is
 * the plan `planReminder` makes for its member, so the scheduler agrees with it. Out of every
 * 100 members, by index:
 *   0-1   passwordless                      2-3   breached, forced reset pending
 *   4     weak, checked today               5-6   password one year old today
 *   7     similar, second reminder due today
 *   8-19  old password, 3 reminders sent    20-24 unsubscribed
 *   25-99 fine, changed within the last year (first reminders spread over the coming year)
 * so members 4-7 of each hundred (4%) are due on the bench day, at times between the window's
 * opening and `dayEnd`, and 1% were checked at sign-in today (the change feed reads them).
 */
export function seedRemindersPortal(
  database: Database,
  options: {
    count: number;
    dayStart: number;
    dayEnd: number;
    policy: ReminderPolicy;
    timeZone: string;
  },
): { dueToday: number } {
  const client = database.$client;
  const insertMember = client.prepare(
    `insert into member (login_id, email, password_hash, password_changed_at, role, language, created_at,
       reset_required_at, password_health, password_checked_at)
     values (?, ?, ?, ?, 'member', ?, ?, ?, ?, ?)`,
  );
  const insertState = client.prepare(
    `insert into reminder_state (member_id, reason, next_reminder_at, cycle_started_at, sent_count,
       last_sent_at, snoozed_until, unsubscribed_at) values (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const { dayStart, dayEnd } = options;
  const span = dayEnd - dayStart;
  let dueToday = 0;
  const insertRange = client.transaction((from: number, to: number) => {
    for (let index = from; index < to; index++) {
      const kind = index % 100;
      const spread = (index * 7919) % span;
      const subject: ReminderSubject = {
        hasPassword: kind >= 2,
        resetRequired: kind === 2 || kind === 3,
        passwordHealth:
          kind === 2 || kind === 3
            ? "breached"
            : kind === 4
              ? "weak"
              : kind === 7
                ? "similar"
                : "ok",
        passwordChangedAt: new Date(
          kind === 5 || kind === 6
            ? dayStart - 365 * day + spread
            : kind < 25
              ? dayStart - 500 * day - spread
              : dayEnd + 3_600_000 + ((index * 104729) % (360 * day)) - 365 * day,
        ),
        passwordCheckedAt: new Date(kind === 4 ? dayStart + spread : dayStart - 40 * day),
        createdAt: new Date(dayStart - 900 * day),
      };
      const progress: ReminderProgress | null =
        kind === 7 || (kind >= 8 && kind < 25)
          ? {
              cycleStartedAt: subject.passwordChangedAt,
              sentCount: kind === 7 ? 1 : kind < 20 ? 3 : 0,
              lastSentAt: new Date(
                kind === 7 ? dayStart - 30 * day + spread : dayStart - 200 * day,
              ),
              snoozedUntil: null,
              unsubscribedAt: kind >= 20 ? new Date(dayStart - 100 * day) : null,
            }
          : null;
      const id = index + 1;
      insertMember.run(
        `member${id}`,
        `member${id}@example.jp`,
        subject.hasPassword ? "$argon2id$bench" : null,
        subject.passwordChangedAt?.getTime() ?? null,
        index % 5 === 0 ? "ja" : "en",
        subject.createdAt.getTime(),
        subject.resetRequired ? dayStart - 10 * day : null,
        subject.passwordHealth,
        subject.passwordCheckedAt?.getTime() ?? null,
      );
      const plan = planReminder(subject, progress, options.policy, options.timeZone);
      if (plan.reason === null && progress === null) continue;
      const next = plan.nextReminderAt?.getTime() ?? null;
      if (next !== null && next <= dayEnd) dueToday++;
      insertState.run(
        id,
        plan.reason,
        next,
        plan.progress.cycleStartedAt?.getTime() ?? null,
        plan.progress.sentCount,
        plan.progress.lastSentAt?.getTime() ?? null,
        null,
        plan.progress.unsubscribedAt?.getTime() ?? null,
      );
    }
  });
  for (let start = 0; start < options.count; start += 50_000)
    insertRange(start, Math.min(start + 50_000, options.count));
  return { dueToday };
}
