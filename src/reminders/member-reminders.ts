import type { Database } from "../db/connection";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import {
  findUsableReminderLink,
  markSnoozeLinkUsed,
  type ReminderLink,
  snoozeInDays,
} from "./links";
import { planReminder, type ReminderProgress } from "./plan";
import { storePlan, storeUnsubscription } from "./plan-store";
import { loadReminderPolicy, type ReminderPolicy, sendWindowOf } from "./policy";
import { findPlanningRow, type PlanningRow, storedPlanOf, subjectOf } from "./reminder-state";
import { nextTimeInSendWindow } from "./send-window";

type LinkDeps = Pick<Deps, "database" | "clock" | "config">;

const dayInMilliseconds = 86_400_000;

/**
 * For the snooze page (GET): whether the link would work, without using it. A link from a
 * reminder about a password the member has since changed has nothing left to snooze.
 */
export async function isSnoozeLinkUsable(deps: LinkDeps, token: string): Promise<boolean> {
  return (await findSnoozeLink(deps.database, deps, token)) !== null;
}

/** "Remind me in 30 days": uses the link once and moves the next reminder. */
export async function snoozeWithLink(deps: LinkDeps, token: string): Promise<boolean> {
  return runInTransaction(deps.database, async (database) => {
    const now = deps.clock.now();
    const link = await findSnoozeLink(database, deps, token);
    if (!link || !(await markSnoozeLinkUsed(database, link.id, now))) return false;
    const snoozedUntil = new Date(now.getTime() + snoozeInDays * dayInMilliseconds);
    await replanMember(database, deps, link.memberId, (progress) => ({
      ...progress,
      snoozedUntil,
    }));
    return true;
  });
}

async function findSnoozeLink(
  database: Database,
  deps: LinkDeps,
  token: string,
): Promise<ReminderLink | null> {
  const now = deps.clock.now();
  const link = await findUsableReminderLink(database, { token, purpose: "snooze", now });
  if (!link) return null;
  const row = await findPlanningRow(database, link.memberId);
  const samePassword = row?.passwordChangedAt?.getTime() === link.cycleStartedAt?.getTime();
  return row && samePassword ? link : null;
}

export async function isUnsubscribeLinkUsable(deps: LinkDeps, token: string): Promise<boolean> {
  const now = deps.clock.now();
  const link = await findUsableReminderLink(deps.database, { token, purpose: "unsubscribe", now });
  return link !== null;
}

/**
 * Turns reminders off from a link (RFC 8058 one-click, or the confirmation page). Unsubscribing
 * is idempotent, so the link is not spent: a mail provider's retry and the visible link in the
 * same message both keep working until it expires.
 */
export async function unsubscribeWithLink(deps: LinkDeps, token: string): Promise<boolean> {
  return runInTransaction(deps.database, async (database) => {
    const now = deps.clock.now();
    const link = await findUsableReminderLink(database, { token, purpose: "unsubscribe", now });
    if (!link) return false;
    await setRemindersEnabledIn(database, deps, link.memberId, false);
    return true;
  });
}

/** The member's own switch on the account page. */
export async function setRemindersEnabled(
  deps: LinkDeps,
  memberId: number,
  enabled: boolean,
): Promise<void> {
  await runInTransaction(deps.database, (database) =>
    setRemindersEnabledIn(database, deps, memberId, enabled),
  );
}

/** What the account page shows: the switch, and when the next reminder would come. */
export async function describeMemberReminders(
  deps: LinkDeps,
  memberId: number,
): Promise<{ enabled: boolean; nextReminderAt: Date | null }> {
  const row = await findPlanningRow(deps.database, memberId);
  if (!row) return { enabled: true, nextReminderAt: null };
  const policy = await loadReminderPolicy(deps.database);
  const timeZone = deps.config.timeZone;
  const now = deps.clock.now();
  let next = plannedNextReminderAt(row, policy, timeZone);
  // An overdue reminder goes out at the next opening of the window.
  if (next && next < now) next = nextTimeInSendWindow(now, sendWindowOf(policy), timeZone);
  return { enabled: row.unsubscribedAt === null, nextReminderAt: next };
}

// planReminder is pure (no clock) but asks Intl for time-zone offsets, the costliest step of
// rendering the account page, for an answer that changes about once a day per member. Its
// answers are kept here keyed by every input, so a kept answer is never stale and losing them
// (a restart, another process) costs only the recomputation; the map is bounded.
const plannedNextReminders = new Map<string, Date | null>();
const plannedNextRemindersLimit = 10_000;

function plannedNextReminderAt(
  row: PlanningRow,
  policy: ReminderPolicy,
  timeZone: string,
): Date | null {
  const key = planInputsKey(row, policy, timeZone);
  if (plannedNextReminders.has(key)) return plannedNextReminders.get(key) ?? null;
  const plan = planReminder(subjectOf(row), storedPlanOf(row)?.progress ?? null, policy, timeZone);
  if (plannedNextReminders.size >= plannedNextRemindersLimit) plannedNextReminders.clear();
  plannedNextReminders.set(key, plan.nextReminderAt);
  return plan.nextReminderAt;
}

function planInputsKey(row: PlanningRow, policy: ReminderPolicy, timeZone: string): string {
  const time = (value: Date | null) => (value === null ? "" : value.getTime());
  return [
    row.memberId,
    row.hasPassword,
    time(row.resetRequiredAt),
    row.passwordHealth,
    time(row.passwordChangedAt),
    time(row.passwordCheckedAt),
    time(row.createdAt),
    row.stateMemberId,
    row.reason,
    time(row.nextReminderAt),
    time(row.cycleStartedAt),
    row.sentCount,
    time(row.lastSentAt),
    time(row.snoozedUntil),
    time(row.unsubscribedAt),
    // Every field of the policy, including any added later.
    JSON.stringify(policy),
    timeZone,
  ].join("|");
}

async function setRemindersEnabledIn(
  database: Database,
  deps: LinkDeps,
  memberId: number,
  enabled: boolean,
): Promise<void> {
  const row = await findPlanningRow(database, memberId);
  if (!row) return;
  // Keep the first date a member unsubscribed; a repeated click changes nothing.
  if (enabled || row.unsubscribedAt === null)
    await storeUnsubscription(database, memberId, enabled ? null : deps.clock.now());
  await replanMember(database, deps, memberId);
}

async function replanMember(
  database: Database,
  deps: LinkDeps,
  memberId: number,
  adjust: (progress: ReminderProgress) => ReminderProgress = (progress) => progress,
): Promise<void> {
  const row = await findPlanningRow(database, memberId);
  if (!row) return;
  const policy = await loadReminderPolicy(database);
  const subject = subjectOf(row);
  const timeZone = deps.config.timeZone;
  const current = planReminder(subject, storedPlanOf(row)?.progress ?? null, policy, timeZone);
  await storePlan(
    database,
    memberId,
    planReminder(subject, adjust(current.progress), policy, timeZone),
  );
}
