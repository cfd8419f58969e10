import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, loadConfig } from "../src/config";
import { planReminder, type ReminderSubject } from "../src/reminders/plan";
import { defaultReminderPolicy } from "../src/reminders/policy";
import {
  isInSendWindow,
  localDayBoundaries,
  nextTimeInSendWindow,
} from "../src/reminders/send-window";

const at = (iso: string) => new Date(iso);
const office = { startHour: 9, endHour: 18 };

describe("send window in the portal's time zone", () => {
  test("a time inside the window stays, one after it moves to the next opening", () => {
    // 10:00 JST is inside; 19:00 JST waits for 09:00 JST the next day.
    assert.deepEqual(
      nextTimeInSendWindow(at("2026-03-01T01:00:00Z"), office, "Asia/Tokyo"),
      at("2026-03-01T01:00:00Z"),
    );
    assert.deepEqual(
      nextTimeInSendWindow(at("2026-03-01T10:00:00Z"), office, "Asia/Tokyo"),
      at("2026-03-02T00:00:00Z"),
    );
  });

  test("half-hour offsets and windows across midnight", () => {
    assert.deepEqual(
      nextTimeInSendWindow(at("2026-03-01T00:00:00Z"), office, "Asia/Kolkata"),
      at("2026-03-01T03:30:00Z"),
    );
    const night = { startHour: 22, endHour: 6 };
    assert.equal(isInSendWindow(at("2026-03-01T23:30:00Z"), night, "UTC"), true);
    assert.equal(isInSendWindow(at("2026-03-01T05:59:00Z"), night, "UTC"), true);
    assert.deepEqual(
      nextTimeInSendWindow(at("2026-03-01T12:00:00Z"), night, "UTC"),
      at("2026-03-01T22:00:00Z"),
    );
    assert.equal(
      isInSendWindow(at("2026-03-01T03:00:00Z"), { startHour: 0, endHour: 24 }, "UTC"),
      true,
    );
  });

  test("daylight saving: a skipped opening hour moves to the first hour that exists", () => {
    // New York skips 02:00-03:00 on 8 March 2026; a 02:00 opening becomes 03:00 EDT (07:00Z).
    assert.deepEqual(
      nextTimeInSendWindow(
        at("2026-03-07T23:30:00Z"),
        { startHour: 2, endHour: 5 },
        "America/New_York",
      ),
      at("2026-03-08T07:00:00Z"),
    );
    // 09:00 local is 14:00Z before the change and 13:00Z after it.
    assert.deepEqual(
      nextTimeInSendWindow(at("2026-03-07T23:00:00Z"), office, "America/New_York"),
      at("2026-03-08T13:00:00Z"),
    );
  });

  test("local days are 23 or 25 hours long around daylight saving changes", () => {
    const days = localDayBoundaries(at("2026-03-07T12:00:00Z"), 2, "America/New_York");
    assert.deepEqual(days, [
      at("2026-03-07T05:00:00Z"),
      at("2026-03-08T05:00:00Z"),
      at("2026-03-09T04:00:00Z"),
    ]);
  });

  test("REKEY_TIME_ZONE takes IANA names and refuses anything else", () => {
    assert.equal(loadConfig({}).timeZone, "UTC");
    assert.equal(loadConfig({ REKEY_TIME_ZONE: "Asia/Tokyo" }).timeZone, "Asia/Tokyo");
    assert.throws(() => loadConfig({ REKEY_TIME_ZONE: "Mars/Olympus" }), ConfigError);
    assert.throws(() => loadConfig({ REKEY_REMINDERS_PER_MINUTE: "-1" }), ConfigError);
    assert.equal(loadConfig({ REKEY_REMINDERS_PER_MINUTE: "0" }).reminders.perMinute, 0);
  });
});

describe("when a reminder is due", () => {
  const checkedAt = at("2026-05-10T12:00:00Z");
  const changedAt = at("2025-01-20T15:00:00Z");
  const subject = (facts: Partial<ReminderSubject> = {}): ReminderSubject => ({
    hasPassword: true,
    resetRequired: false,
    passwordHealth: "ok",
    passwordChangedAt: changedAt,
    passwordCheckedAt: checkedAt,
    createdAt: at("2024-01-01T00:00:00Z"),
    ...facts,
  });
  const plan = (facts: Partial<ReminderSubject>, policy = defaultReminderPolicy) =>
    planReminder(subject(facts), null, policy, "UTC");

  test("a weak or similar password is reminded at the check that found it", () => {
    for (const passwordHealth of ["weak", "similar"] as const) {
      const planned = plan({ passwordHealth });
      assert.equal(planned.reason, "risk");
      assert.deepEqual(planned.nextReminderAt, checkedAt);
    }
  });

  test("an old password is reminded N days after it was set, at the next window opening", () => {
    const planned = plan({ passwordHealth: null });
    assert.equal(planned.reason, "age");
    // 365 days after 15:00 on 20 January 2025 is 15:00 on 20 January 2026, inside 09-18.
    assert.deepEqual(planned.nextReminderAt, at("2026-01-20T15:00:00Z"));
    const late = planReminder(
      subject({ passwordChangedAt: at("2025-01-20T20:00:00Z") }),
      null,
      defaultReminderPolicy,
      "UTC",
    );
    assert.deepEqual(late.nextReminderAt, at("2026-01-21T09:00:00Z"));
  });

  test("age reminders can be turned off; risk reminders too", () => {
    assert.equal(plan({}, { ...defaultReminderPolicy, ageReminderAfterDays: null }).reason, null);
    assert.equal(
      plan({ passwordHealth: "weak" }, { ...defaultReminderPolicy, riskReminders: false }).reason,
      "age",
    );
  });

  test("no reminder without a password, with a forced reset pending, or after unsubscribing", () => {
    assert.equal(plan({ hasPassword: false }).nextReminderAt, null);
    assert.equal(plan({ passwordHealth: "breached", resetRequired: true }).nextReminderAt, null);
    const progress = {
      cycleStartedAt: changedAt,
      sentCount: 0,
      lastSentAt: null,
      snoozedUntil: null,
      unsubscribedAt: checkedAt,
    };
    assert.equal(
      planReminder(subject(), progress, defaultReminderPolicy, "UTC").nextReminderAt,
      null,
    );
  });

  test("repeats every M days after the last reminder, at most K times", () => {
    const lastSentAt = at("2026-05-11T10:00:00Z");
    const progress = (sentCount: number) => ({
      cycleStartedAt: changedAt,
      sentCount,
      lastSentAt,
      snoozedUntil: null,
      unsubscribedAt: null,
    });
    const weak = subject({ passwordHealth: "weak" });
    assert.deepEqual(
      planReminder(weak, progress(1), defaultReminderPolicy, "UTC").nextReminderAt,
      at("2026-06-10T10:00:00Z"),
    );
    assert.equal(
      planReminder(weak, progress(3), defaultReminderPolicy, "UTC").nextReminderAt,
      null,
    );
  });

  test("a snooze delays the next reminder; a new password starts the cadence over", () => {
    const weak = subject({ passwordHealth: "weak" });
    const snoozed = {
      cycleStartedAt: changedAt,
      sentCount: 3,
      lastSentAt: checkedAt,
      snoozedUntil: at("2026-07-01T09:30:00Z"),
      unsubscribedAt: null,
    };
    const capped = planReminder(weak, snoozed, defaultReminderPolicy, "UTC");
    assert.equal(capped.nextReminderAt, null, "the cap holds even when snoozed");
    const once = planReminder(weak, { ...snoozed, sentCount: 1 }, defaultReminderPolicy, "UTC");
    assert.deepEqual(once.nextReminderAt, at("2026-07-01T09:30:00Z"));
    const changed = planReminder(
      subject({ passwordChangedAt: at("2026-06-01T10:00:00Z") }),
      snoozed,
      defaultReminderPolicy,
      "UTC",
    );
    assert.equal(changed.progress.sentCount, 0);
    assert.equal(changed.progress.snoozedUntil, null);
    assert.deepEqual(changed.nextReminderAt, at("2027-06-01T10:00:00Z"));
  });
});
