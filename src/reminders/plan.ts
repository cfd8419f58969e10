import { type ReminderPolicy, sendWindowOf } from "./policy";
import { nextTimeInSendWindow } from "./send-window";

/** What the member table says about a password (the hygiene check fills passwordHealth). */
export interface ReminderSubject {
  hasPassword: boolean;
  resetRequired: boolean;
  passwordHealth: "ok" | "weak" | "similar" | "breached" | null;
  passwordChangedAt: Date | null;
  passwordCheckedAt: Date | null;
  createdAt: Date;
}

/** Where the member stands in the current cadence. */
export interface ReminderProgress {
  cycleStartedAt: Date | null;
  sentCount: number;
  lastSentAt: Date | null;
  snoozedUntil: Date | null;
  unsubscribedAt: Date | null;
}

export type ReminderReason = "risk" | "age";

export interface ReminderPlan {
  progress: ReminderProgress;
  reason: ReminderReason | null;
  nextReminderAt: Date | null;
}

const dayInMilliseconds = 86_400_000;

export function startProgress(subject: ReminderSubject): ReminderProgress {
  return {
    cycleStartedAt: subject.passwordChangedAt,
    sentCount: 0,
    lastSentAt: null,
    snoozedUntil: null,
    unsubscribedAt: null,
  };
}

/**
 * When the next reminder is due, from the member's facts alone (no clock), so the scheduler,
 * the account page and a re-plan after a policy change always agree. A past time means due now.
 */
export function planReminder(
  subject: ReminderSubject,
  previous: ReminderProgress | null,
  policy: ReminderPolicy,
  timeZone: string,
): ReminderPlan {
  let progress = previous ?? startProgress(subject);
  // A changed password is the member acting: the cadence starts over (a snooze belonged to the
  // old password); an unsubscription stays.
  if (progress.cycleStartedAt?.getTime() !== subject.passwordChangedAt?.getTime()) {
    progress = { ...startProgress(subject), unsubscribedAt: progress.unsubscribedAt };
  }
  const reason = chooseReason(subject, progress, policy);
  if (!reason) return { progress, reason: null, nextReminderAt: null };
  let due =
    progress.sentCount > 0 && progress.lastSentAt
      ? progress.lastSentAt.getTime() + policy.repeatEveryDays * dayInMilliseconds
      : firstReminderAt(subject, reason, policy);
  if (progress.snoozedUntil) due = Math.max(due, progress.snoozedUntil.getTime());
  return {
    progress,
    reason,
    nextReminderAt: nextTimeInSendWindow(new Date(due), sendWindowOf(policy), timeZone),
  };
}

function chooseReason(
  subject: ReminderSubject,
  progress: ReminderProgress,
  policy: ReminderPolicy,
): ReminderReason | null {
  // No password, nothing to change; a required reset already makes the member change it.
  if (!subject.hasPassword || subject.resetRequired || progress.unsubscribedAt) return null;
  if (progress.sentCount >= policy.maximumReminders) return null;
  // "breached" without a forced reset (an operator's choice elsewhere) still deserves a nudge.
  const atRisk = subject.passwordHealth !== null && subject.passwordHealth !== "ok";
  if (policy.riskReminders && atRisk) return "risk";
  if (policy.ageReminderAfterDays !== null) return "age";
  return null;
}

function firstReminderAt(
  subject: ReminderSubject,
  reason: ReminderReason,
  policy: ReminderPolicy,
): number {
  // At risk: as soon as the check found it. By age: N days after the password was set.
  if (reason === "risk") return (subject.passwordCheckedAt ?? subject.createdAt).getTime();
  const setAt = (subject.passwordChangedAt ?? subject.createdAt).getTime();
  return setAt + (policy.ageReminderAfterDays ?? 0) * dayInMilliseconds;
}

/** Whether two plans would store the same row, so unchanged members cost no write. */
export function isSamePlan(a: ReminderPlan, b: ReminderPlan): boolean {
  const same = (x: Date | null, y: Date | null) => x?.getTime() === y?.getTime();
  return (
    a.reason === b.reason &&
    same(a.nextReminderAt, b.nextReminderAt) &&
    same(a.progress.cycleStartedAt, b.progress.cycleStartedAt) &&
    a.progress.sentCount === b.progress.sentCount &&
    same(a.progress.lastSentAt, b.progress.lastSentAt) &&
    same(a.progress.snoozedUntil, b.progress.snoozedUntil) &&
    same(a.progress.unsubscribedAt, b.progress.unsubscribedAt)
  );
}
