import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { createDeliveryWorker } from "../src/mail/delivery-worker";
import { buildDueQuery, claimDueReminders } from "../src/reminders/claims";
import { runReminderRound } from "../src/reminders/scheduler";
import { sendClaimedReminders } from "../src/reminders/sender";
import { TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { messageText } from "./support/mail";
import {
  addMember,
  advanceByDays,
  daysBefore,
  linkPathIn,
  reminderEmails,
  reminderStateOf,
  runScheduler,
  setPolicy,
  snapshotReminderTables,
  updateMember,
} from "./support/reminders";
import { startSmtpServer, type TestSmtpServer } from "./support/smtp";

const servers: TestSmtpServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

/** A portal whose clock reads 09:00 UTC, the opening of the default 09-18 window. */
function portalAtNine(environment: Record<string, string> = {}): TestPortal {
  return createTestPortal(environment);
}

async function weakMember(portal: TestPortal, loginId: string, language: "en" | "ja" = "en") {
  return addMember(portal, loginId, {
    passwordHealth: "weak",
    passwordCheckedAt: daysBefore(portal.clock.now(), 1),
    passwordChangedAt: daysBefore(portal.clock.now(), 100),
    language,
  });
}

describe("rotation reminders: who is reminded, and when", () => {
  test("risk reminders go out at once, age reminders after N days; nothing for passwordless or forced members", async () => {
    const portal = portalAtNine();
    const now = portal.clock.now();
    const weak = await weakMember(portal, "weak");
    const old = await addMember(portal, "old", { passwordChangedAt: daysBefore(now, 400) });
    const recent = await addMember(portal, "recent", {
      passwordHealth: "ok",
      passwordChangedAt: daysBefore(now, 364),
    });
    await addMember(portal, "passwordless", { passwordHash: null, passwordHealth: "weak" });
    await addMember(portal, "forced", { passwordHealth: "breached", resetRequiredAt: now });

    assert.equal(await runScheduler(portal), 2);
    const emails = await reminderEmails(portal);
    assert.deepEqual(
      emails.map((email) => [email.memberId, email.subject]),
      [
        [weak, "Please change your rekey password"],
        [old, "A reminder to review your rekey password"],
      ],
      "members at risk first",
    );
    const planned = await reminderStateOf(portal, recent);
    assert.equal(planned?.reason, "age");
    assert.deepEqual(planned?.nextReminderAt, new Date(now.getTime() + 86_400_000));
    assert.equal((await reminderEmails(portal)).length, 2);
  });

  test("reminders repeat every M days until the cap, and a password change starts the cadence over", async () => {
    const portal = portalAtNine();
    const memberId = await weakMember(portal, "taro");
    assert.equal(await runScheduler(portal), 1);
    advanceByDays(portal, 29);
    assert.equal(await runScheduler(portal), 0, "not before 30 days");
    advanceByDays(portal, 1);
    assert.equal(await runScheduler(portal), 1);
    advanceByDays(portal, 30);
    assert.equal(await runScheduler(portal), 1);
    advanceByDays(portal, 30);
    assert.equal(await runScheduler(portal), 0, "at most 3 reminders for one password");
    assert.equal((await reminderStateOf(portal, memberId))?.sentCount, 3);

    // The member acts: a new password (found fine) resets the cadence to the age rule.
    const changedAt = portal.clock.now();
    await updateMember(portal, memberId, {
      passwordChangedAt: changedAt,
      passwordHealth: "ok",
      passwordCheckedAt: changedAt,
    });
    portal.clock.advanceByMinutes(2);
    await runScheduler(portal);
    const state = await reminderStateOf(portal, memberId);
    assert.equal(state?.sentCount, 0);
    assert.equal(state?.reason, "age");
    assert.deepEqual(state?.nextReminderAt, new Date(changedAt.getTime() + 365 * 86_400_000));
  });

  test("nothing is sent outside the send window, in the portal's time zone", async () => {
    // 09:00 UTC is 18:00 in Tokyo: the 09-18 window has just closed.
    const portal = portalAtNine({ REKEY_TIME_ZONE: "Asia/Tokyo" });
    const memberId = await weakMember(portal, "taro");
    const round = await runReminderRound(portal.deps, { workerId: "a" });
    assert.equal(round.windowOpen, false);
    assert.equal(round.sent, 0);
    portal.clock.advanceByMinutes(14 * 60 + 59);
    assert.equal(await runScheduler(portal), 0, "08:59 in Tokyo");
    portal.clock.advanceByMinutes(1);
    assert.equal(await runScheduler(portal), 1, "09:00 in Tokyo");
    const state = await reminderStateOf(portal, memberId);
    assert.deepEqual(state?.lastSentAt, new Date("2026-11-22T00:00:00Z"));
  });

  test("changing the policy re-plans future reminders", async () => {
    const portal = portalAtNine();
    const memberId = await addMember(portal, "taro", {
      passwordChangedAt: daysBefore(portal.clock.now(), 200),
    });
    await runScheduler(portal);
    assert.deepEqual(
      (await reminderStateOf(portal, memberId))?.nextReminderAt,
      new Date(portal.clock.now().getTime() + 165 * 86_400_000),
    );
    await setPolicy(portal, { ageReminderAfterDays: 180 });
    assert.equal(await runScheduler(portal), 1, "now 20 days overdue under the new rule");
    await setPolicy(portal, { ageReminderAfterDays: null });
    await runScheduler(portal);
    assert.equal((await reminderStateOf(portal, memberId))?.nextReminderAt, null);
  });

  test("due reminders are found through the index, never by reading members", async () => {
    const portal = portalAtNine();
    const query = buildDueQuery(portal.deps.database, "risk", portal.clock.now(), 100).toSQL();
    const plan = portal.deps.database.$client
      .prepare(`explain query plan ${query.sql}`)
      .all(...query.params) as { detail: string }[];
    const details = plan.map((step) => step.detail).join("\n");
    assert.match(details, /reminder_state_due_index/);
    assert.doesNotMatch(details, /SCAN|member/);
  });
});

describe("the reminder e-mail and its links", () => {
  test("a delivered reminder greets by login ID, offers every link, and carries RFC 8058 headers", async () => {
    const smtp = await startSmtpServer();
    servers.push(smtp);
    const portal = portalAtNine({ SMTP_URL: smtp.url });
    await weakMember(portal, "hanako", "ja");
    await runScheduler(portal);
    const transport = portal.deps.mailTransport;
    assert.ok(transport);
    const worker = createDeliveryWorker(portal.deps, transport, {
      messagesPerSecond: 1000,
      maximumAttempts: 1,
    });
    assert.equal(await worker.deliverBatch(), 1);
    const email = smtp.received[0];
    assert.ok(email);
    const header = (name: string) => email.headers.find((entry) => entry.key === name)?.value;
    assert.match(
      header("list-unsubscribe") ?? "",
      /^<http:\/\/localhost:3000\/reminders\/unsubscribe\/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}>$/,
    );
    assert.equal(header("list-unsubscribe-post"), "List-Unsubscribe=One-Click");
    assert.equal(email.subject, "【rekey】パスワードの変更をお願いします");
    const text = email.text ?? "";
    assert.match(text, /^hanako 様/);
    assert.match(text, /http:\/\/localhost:3000\/login\?next=%2Faccount/);
    assert.match(text, /http:\/\/localhost:3000\/account\/passkeys/);
    assert.match(text, /http:\/\/localhost:3000\/reminders\/snooze\//);
    assert.doesNotMatch(`${text}${email.html}`, /hanako@example\.jp/, "no address in the body");
    assert.match(email.html ?? "", /<a href="http:\/\/localhost:3000\/reminders\/unsubscribe\//);
  });

  test("one-click unsubscribe: a cookieless POST answers 200 without a redirect and stops reminders", async () => {
    const portal = portalAtNine();
    const memberId = await weakMember(portal, "taro");
    await runScheduler(portal);
    const [email] = await reminderEmails(portal);
    const path = linkPathIn(email, "/reminders/unsubscribe/");
    assert.equal(
      JSON.parse(email?.headers ?? "{}")["List-Unsubscribe"],
      `<http://localhost:3000${path}>`,
    );

    // What a mailbox provider sends (RFC 8058 s3.2): no cookie, no Origin, a fixed body.
    const response = await portal.app.request(`http://localhost:3000${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("location"), null);
    assert.match(await response.text(), /Reminders stopped/);
    assert.notEqual((await reminderStateOf(portal, memberId))?.unsubscribedAt, null);
    advanceByDays(portal, 30);
    assert.equal(await runScheduler(portal), 0);

    // A retry by the provider, or the visible link in the same message, still works.
    const again = await new TestBrowser(portal).request(path, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n',
    });
    assert.equal(again.status, 200);
  });

  test("GET of any link in a reminder changes nothing", async () => {
    const portal = portalAtNine();
    await weakMember(portal, "taro");
    await runScheduler(portal);
    const [email] = await reminderEmails(portal);
    const before = await snapshotReminderTables(portal);
    const scanner = new TestBrowser(portal);
    for (const prefix of [
      "/login",
      "/account/passkeys",
      "/reminders/snooze/",
      "/reminders/unsubscribe/",
    ]) {
      const response = await scanner.get(linkPathIn(email, prefix));
      assert.ok(response.status < 500, `${prefix} answered ${response.status}`);
      assert.equal(
        response.setCookies.some((cookie) => /session/.test(cookie)),
        false,
        "a link never signs anyone in",
      );
    }
    assert.match(
      (await scanner.get(linkPathIn(email, "/reminders/snooze/"))).text,
      /<form method="post"/,
    );
    assert.deepEqual(await snapshotReminderTables(portal), before);
  });

  test("remind me in 30 days: confirmed by POST, used once, and the next reminder waits", async () => {
    const portal = portalAtNine();
    const memberId = await weakMember(portal, "taro");
    await runScheduler(portal);
    const [email] = await reminderEmails(portal);
    const path = linkPathIn(email, "/reminders/snooze/");
    advanceByDays(portal, 20);
    const browser = new TestBrowser(portal);
    assert.equal((await browser.get(path)).status, 200);
    const snoozed = await browser.post(path, {});
    assert.equal(snoozed.status, 303);
    assert.equal(snoozed.location, "/reminders/snoozed");
    const state = await reminderStateOf(portal, memberId);
    assert.deepEqual(state?.snoozedUntil, new Date(portal.clock.now().getTime() + 30 * 86_400_000));
    assert.equal((await browser.post(path, {})).status, 404, "used once");

    advanceByDays(portal, 10);
    assert.equal(await runScheduler(portal), 0, "30 days after the reminder, but snoozed");
    advanceByDays(portal, 20);
    assert.equal(await runScheduler(portal), 1, "30 days after the snooze");
  });

  test("tampered, expired, used, stale and misdirected links all get the same page", async () => {
    const portal = portalAtNine();
    const memberId = await weakMember(portal, "taro");
    await runScheduler(portal);
    const [email] = await reminderEmails(portal);
    const snooze = linkPathIn(email, "/reminders/snooze/");
    const unsubscribe = linkPathIn(email, "/reminders/unsubscribe/");
    const token = (path: string) => path.split("/").at(-1) ?? "";
    const tampered = `${snooze.slice(0, -1)}${snooze.endsWith("A") ? "B" : "A"}`;
    const browser = new TestBrowser(portal);
    await browser.get("/");
    const pages: string[] = [];
    const expectSamePage = async (label: string, path: string, method: "GET" | "POST") => {
      const response = method === "GET" ? await browser.get(path) : await browser.post(path, {});
      assert.equal(response.status, 404, label);
      // The language switch returns to the page it is on; everything else must be identical.
      pages.push(response.text.replace(/name="next" value="[^"]*"/, ""));
    };
    await expectSamePage("tampered", tampered, "GET");
    await expectSamePage("tampered", tampered, "POST");
    await expectSamePage("not a token", "/reminders/snooze/nonsense", "GET");
    await expectSamePage("wrong purpose", `/reminders/snooze/${token(unsubscribe)}`, "GET");
    await expectSamePage("wrong purpose", `/reminders/unsubscribe/${token(snooze)}`, "POST");
    // After a password change there is nothing left to snooze.
    await updateMember(portal, memberId, { passwordChangedAt: portal.clock.now() });
    await expectSamePage("stale", snooze, "GET");
    advanceByDays(portal, 61);
    await expectSamePage("expired", unsubscribe, "GET");
    await expectSamePage("expired", unsubscribe, "POST");
    assert.equal(new Set(pages).size, 1, "one page for every bad link");
    assert.equal((await reminderStateOf(portal, memberId))?.unsubscribedAt, null);
  });
});
