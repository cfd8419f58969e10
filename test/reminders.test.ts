import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { findMemberByLoginId, insertMember } from "../src/accounts/members";
import { closeDatabase, openDatabase } from "../src/db/connection";
import { auditEvent, outboxMessage, reminderState } from "../src/db/schema";
import { systemClock } from "../src/deps";
import { createDeliveryWorker } from "../src/mail/delivery-worker";
import { buildDueQuery, claimDueReminders } from "../src/reminders/claims";
import { planPendingReminders } from "../src/reminders/planner";
import { defaultReminderPolicy, saveReminderPolicy } from "../src/reminders/policy";
import { runReminderRound } from "../src/reminders/scheduler";
import { sendClaimedReminders } from "../src/reminders/sender";
import { registerAndSignIn, TestBrowser } from "./support/browser";
import { runRekey } from "./support/cli";
import { createTestPortal, type TestPortal } from "./support/harness";
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
import { createPersonas } from "./support/routes";
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
      /^<http:\/\/localhost:3000\/reminders\/unsubscribe\/[0-9]+\.[A-Za-z0-9_-]{43}>$/,
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
    await expectSamePage("another link's ID", `/reminders/snooze/9${token(snooze)}`, "GET");
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

describe("the scheduler across processes and downtime", () => {
  async function memberIdsOfReminders(portal: TestPortal) {
    return (await reminderEmails(portal)).map((email) => email.memberId);
  }

  test("two scheduler instances over the same database send each reminder once", async () => {
    const portal = portalAtNine();
    for (let index = 0; index < 40; index++) await weakMember(portal, `member${index}`);
    const [a, b] = await Promise.all([runScheduler(portal, "a"), runScheduler(portal, "b")]);
    assert.equal(a + b, 40);
    assert.ok(a > 0 && b > 0, `both instances worked (${a} and ${b})`);
    const members = await memberIdsOfReminders(portal);
    assert.equal(members.length, 40);
    assert.equal(new Set(members).size, 40, "no member got two");
  });

  test("a claimed reminder is leased: another worker skips it until the lease of a crashed one runs out", async () => {
    const portal = portalAtNine();
    for (let index = 0; index < 8; index++) await weakMember(portal, `member${index}`);
    await planPendingReminders(portal.deps, { batchSize: 100 });
    const claim = (workerId: string) =>
      claimDueReminders(portal.deps.database, {
        workerId,
        now: portal.clock.now(),
        leaseInSeconds: 300,
        limit: 5,
        perMinute: 1000,
      });
    const crashed = await claim("crashed");
    const other = await claim("other");
    assert.equal(crashed.memberIds.length, 5);
    assert.equal(other.memberIds.length, 3);
    assert.equal(crashed.memberIds.filter((id) => other.memberIds.includes(id)).length, 0);
    await sendClaimedReminders(portal.deps, {
      workerId: "other",
      memberIds: other.memberIds,
      claimedAt: portal.clock.now(),
    });
    assert.equal(
      (await claim("other")).memberIds.length,
      0,
      "the crashed worker's rows stay leased",
    );

    portal.clock.advanceByMinutes(6);
    const takenOver = await claim("other");
    assert.deepEqual([...takenOver.memberIds].sort(), [...crashed.memberIds].sort());
    await sendClaimedReminders(portal.deps, {
      workerId: "other",
      memberIds: takenOver.memberIds,
      claimedAt: portal.clock.now(),
    });
    const late = await sendClaimedReminders(portal.deps, {
      workerId: "crashed",
      memberIds: crashed.memberIds,
      claimedAt: portal.clock.now(),
    });
    assert.equal(late.sent, 0, "a worker whose lease was taken over sends nothing");
    assert.equal(new Set(await memberIdsOfReminders(portal)).size, 8);
    assert.equal((await reminderEmails(portal)).length, 8);
  });

  test("a rate of 0 pauses sending but keeps planning", async () => {
    const portal = portalAtNine({ REKEY_REMINDERS_PER_MINUTE: "0" });
    const memberId = await weakMember(portal, "taro");
    assert.equal(await runScheduler(portal), 0);
    assert.equal((await reminderStateOf(portal, memberId))?.reason, "risk");
  });

  test("after a week of downtime the backlog drains at the rate limit, members at risk first", async () => {
    const portal = portalAtNine({ REKEY_REMINDERS_PER_MINUTE: "5" });
    const start = portal.clock.now();
    const atRisk: number[] = [];
    for (let index = 0; index < 15; index++) atRisk.push(await weakMember(portal, `weak${index}`));
    // Passwords that turn a year old at different times during the week the portal was down.
    for (let index = 0; index < 8; index++) {
      const changedAt = new Date(daysBefore(start, 365).getTime() + index * 20 * 3_600_000);
      await addMember(portal, `old${index}`, { passwordChangedAt: changedAt });
    }
    advanceByDays(portal, 7);
    const perMinute: number[] = [];
    for (let minute = 0; minute < 7; minute++) {
      perMinute.push(await runScheduler(portal));
      portal.clock.advanceByMinutes(1);
    }
    assert.deepEqual(perMinute, [5, 5, 5, 5, 3, 0, 0]);
    const order = await memberIdsOfReminders(portal);
    assert.deepEqual(order.slice(0, 15).sort(), [...atRisk].sort(), "members at risk first");
  });
});

describe("reminder pages for administrators and members", () => {
  test("the admin page shows the counts and an SVG schedule; the Settings page validates, stores and audits the policy", async () => {
    const portal = portalAtNine();
    const { administrator } = await createPersonas(portal);
    const due = await weakMember(portal, "due");
    const snoozer = await weakMember(portal, "snoozer");
    await addMember(portal, "soon", { passwordChangedAt: daysBefore(portal.clock.now(), 360) });
    await runScheduler(portal);
    const emails = await reminderEmails(portal);
    const snoozerEmail = emails.find((email) => email.memberId === snoozer);
    const snoozePath = linkPathIn(snoozerEmail, "/reminders/snooze/");
    await new TestBrowser(portal).post(snoozePath, {});
    const unsubscribe = linkPathIn(
      emails.find((email) => email.memberId === due),
      "/reminders/unsubscribe/",
    );
    await new TestBrowser(portal).request(unsubscribe, { method: "POST" });

    const page = await administrator.get("/admin/reminders");
    assert.equal(page.status, 200);
    const figure = (label: string) =>
      new RegExp(`<dt>${label}</dt><dd>(\\d+)</dd>`).exec(page.text)?.[1];
    assert.equal(figure("Reminded in the last 30 days"), "2");
    assert.equal(figure("Snoozed"), "1");
    assert.equal(figure("Unsubscribed"), "1");
    assert.equal(figure("Due now"), "0");
    assert.match(
      page.text,
      /<svg class="chart-svg" viewBox="0 0 640 200" role="img" aria-labelledby="schedule-chart-title"/,
    );
    assert.equal((page.text.match(/<rect class="chart-bar"/g) ?? []).length, 28);
    assert.doesNotMatch(page.text, /\sstyle=|<script/, "nothing the CSP would block");
    assert.match(page.text, /Planned reminders per day for the next 28 days: 1 in all\./);

    assert.match(page.text, /href="\/admin\/settings#reminders"/);
    const refused = await administrator.post("/admin/settings/reminders", {
      riskReminders: "on",
      repeatEveryDays: "0",
      maximumReminders: "3",
      sendWindowStartHour: "9",
      sendWindowEndHour: "9",
    });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /Enter a whole number from 1 to 365/);
    assert.match(refused.text, /cannot start and end at the same hour/);

    const saved = await administrator.post("/admin/settings/reminders", {
      riskReminders: "on",
      ageReminders: "on",
      ageReminderAfterDays: "180",
      repeatEveryDays: "14",
      maximumReminders: "2",
      sendWindowStartHour: "22",
      sendWindowEndHour: "6",
    });
    assert.equal(saved.status, 303);
    const [audit] = await portal.deps.database
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.action, "reminder-policy.updated"));
    assert.equal(audit?.actorLabel, "admin");
    assert.deepEqual(JSON.parse(audit?.details ?? "{}"), {
      riskReminders: true,
      ageReminderAfterDays: 180,
      repeatEveryDays: 14,
      maximumReminders: 2,
      sendWindowStartHour: 22,
      sendWindowEndHour: 6,
    });
    const reloaded = await administrator.get("/admin/settings?saved=reminders");
    assert.match(reloaded.text, /Policy saved/);
    assert.match(reloaded.text, /id="sendWindowStartHour"[^>]*value="22"/);
  });

  test("members see the next reminder on their account page and can turn reminders off and on", async () => {
    const portal = portalAtNine();
    const browser = await registerAndSignIn(portal, { loginId: "taro" });
    let account = await browser.get("/account");
    // Registered today with a fine password: the first age reminder comes in a year.
    assert.match(account.text, /data-field="reminders">On</);
    assert.match(account.text, /data-field="nextReminder">21 November 2027</);

    const off = await browser.post("/account/reminders", { reminders: "off" });
    assert.equal(off.status, 303);
    account = await browser.get(off.location ?? "");
    assert.match(account.text, /data-field="reminders">Off</);
    assert.match(account.text, /Password reminders are off\./);
    assert.match(account.text, /Turn reminders on/);
    const memberId = (await findMemberByLoginId(portal.deps.database, "taro"))?.id ?? 0;
    assert.notEqual((await reminderStateOf(portal, memberId))?.unsubscribedAt, null);

    await browser.post("/account/reminders", { reminders: "on" });
    assert.equal((await reminderStateOf(portal, memberId))?.unsubscribedAt, null);
    assert.equal((await browser.post("/account/reminders", { reminders: "maybe" })).status, 400);
  });
});

describe("rekey reminders run", () => {
  test("--dry-run reports what is due and changes nothing; a run queues the due reminders", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-reminders-"));
    try {
      const databasePath = join(folder, "rekey.db");
      const database = openDatabase(databasePath);
      const now = new Date();
      for (const loginId of ["taro", "hanako"]) {
        await insertMember(database, {
          loginId,
          email: `${loginId}@example.jp`,
          passwordHash: "$argon2id$placeholder",
          passwordHealth: "similar",
          passwordCheckedAt: daysBefore(now, 1),
          passwordChangedAt: daysBefore(now, 30),
          createdAt: daysBefore(now, 30),
        });
      }
      // Any hour, so the test does not depend on when it runs.
      await saveReminderPolicy(
        { database, clock: systemClock },
        { ...defaultReminderPolicy, sendWindowStartHour: 0, sendWindowEndHour: 24 },
        { kind: "cli" },
      );
      closeDatabase(database);
      const countRows = async () => {
        const opened = openDatabase(databasePath);
        try {
          return {
            states: (await opened.select().from(reminderState)).length,
            reminders: (
              await opened
                .select()
                .from(outboxMessage)
                .where(eq(outboxMessage.kind, "password-reminder"))
            ).length,
          };
        } finally {
          closeDatabase(opened);
        }
      };

      const environment = { REKEY_DB: databasePath };
      const dryRun = await runRekey(["reminders", "run", "--dry-run"], { environment });
      assert.equal(dryRun.code, 0, dryRun.err);
      assert.match(dryRun.out, /Members still to plan: 2\./);
      assert.match(dryRun.out, /Dry run: nothing was changed/);
      assert.deepEqual(await countRows(), { states: 0, reminders: 0 });

      const run = await runRekey(["reminders", "run"], { environment });
      assert.equal(run.code, 0, run.err);
      assert.match(run.out, /queued 2 reminder\(s\) in the outbox; 0 still due/);
      assert.deepEqual(await countRows(), { states: 2, reminders: 2 });
      assert.equal((await runRekey(["reminders", "send"], { environment })).code, 2);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
