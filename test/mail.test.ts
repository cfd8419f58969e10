import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { after, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { findMemberByLoginId } from "../src/accounts/members";
import { prepareFirstAdminSetupLink } from "../src/admin/first-admin";
import { runCommandLine } from "../src/cli/main";
import { openDatabase } from "../src/db/connection";
import { outboxMessage } from "../src/db/schema";
import { createDeliveryWorker } from "../src/mail/delivery-worker";
import { claimDueMessages, queueEmail, retryFailedMessages } from "../src/mail/outbox";
import type { MailTransport } from "../src/mail/transport";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { messageText } from "./support/mail";
import { startSmtpServer, type TestSmtpServer } from "./support/smtp";

const servers: TestSmtpServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function portalWithSmtp(
  behaviour?: Parameters<typeof startSmtpServer>[0],
  environment: Record<string, string> = {},
) {
  const smtp = await startSmtpServer(behaviour);
  servers.push(smtp);
  const portal = createTestPortal({ SMTP_URL: smtp.url, ...environment });
  const transport = portal.deps.mailTransport;
  assert.ok(transport, "SMTP_URL gives a real transport");
  const worker = createDeliveryWorker(portal.deps, transport, {
    messagesPerSecond: 1000,
    maximumAttempts: 3,
  });
  return { portal, smtp, worker };
}

async function outbox(portal: TestPortal) {
  return portal.deps.database.select().from(outboxMessage).orderBy(outboxMessage.id);
}

function linkIn(text: string | undefined, path: string): string {
  const match = new RegExp(`http://localhost:3000(${path}[^\\s]+)`).exec(text ?? "");
  assert.ok(match?.[1], `a ${path} link in the message`);
  return match[1];
}

describe("delivery to a real SMTP server", () => {
  test("registration sends a verification e-mail with both parts, safe headers and a working link", async () => {
    const { portal, smtp, worker } = await portalWithSmtp();
    const browser = await registerAndSignIn(portal, { loginId: "taro", email: "taro@example.jp" });
    assert.equal(await worker.deliverBatch(), 1);

    assert.equal(smtp.received.length, 1);
    const email = smtp.received[0];
    assert.ok(email);
    assert.deepEqual(smtp.envelopes[0], ["taro@example.jp"]);
    assert.equal(email.subject, "Confirm your e-mail address for rekey");
    assert.match(email.from?.address ?? "", /^no-reply@localhost$/);
    assert.equal(
      email.headers.find((header) => header.key === "auto-submitted")?.value,
      "auto-generated",
    );
    assert.match(email.messageId ?? "", /^<[0-9a-f]{32}@localhost>$/);
    assert.match(email.text ?? "", /Hello taro,/);
    assert.match(email.html ?? "", /<a href="http:\/\/localhost:3000\/verify-email\//);
    assert.doesNotMatch(`${email.text}${email.html}`, new RegExp(memberPassword));

    const path = linkIn(email.text, "/verify-email/");
    const confirmation = await browser.get(path);
    assert.equal(confirmation.status, 200);
    assert.match(confirmation.text, /taro@example\.jp/);
    const confirmed = await browser.post(path, {});
    assert.equal(confirmed.status, 200);
    assert.match(confirmed.text, /your e-mail address is confirmed/);
    assert.notEqual(
      (await findMemberByLoginId(portal.deps.database, "taro"))?.emailVerifiedAt,
      null,
    );
    assert.match((await browser.get("/account")).text, /class="badge ok">verified/);

    const [sent] = await outbox(portal);
    assert.equal(sent?.status, "sent");
    assert.equal(sent?.template, null, "the data holding the link is cleared once delivered");
  });

  test("a member who reads Japanese gets the e-mail in Japanese", async () => {
    const { portal, smtp, worker } = await portalWithSmtp();
    const browser = new TestBrowser(portal);
    await browser.get("/register", { "accept-language": "ja" });
    await browser.post(
      "/register",
      { loginId: "hanako", email: "hanako@example.jp", password: memberPassword },
      {
        headers: { "accept-language": "ja" },
      },
    );
    await worker.deliverBatch();
    assert.equal(smtp.received[0]?.subject, "【rekey】メールアドレスの確認");
    assert.match(smtp.received[0]?.text ?? "", /hanako 様/);
  });

  test("a temporary 4xx answer is retried later and the message is delivered once", async () => {
    const { portal, smtp, worker } = await portalWithSmtp((attempt) =>
      attempt === 1 ? { code: 451, text: "Try again later" } : undefined,
    );
    await registerAndSignIn(portal);
    await worker.deliverBatch();
    let [message] = await outbox(portal);
    assert.equal(message?.status, "pending");
    assert.match(message?.lastError ?? "", /^451/);
    assert.equal(await worker.deliverBatch(), 0, "not before its retry time");

    portal.clock.advanceByMinutes(1);
    assert.equal(await worker.deliverBatch(), 1);
    [message] = await outbox(portal);
    assert.equal(message?.status, "sent");
    assert.equal(message?.attempts, 2);
    assert.equal(smtp.received.length, 1);
  });

  test("a permanent 5xx answer marks the message failed at once", async () => {
    const { portal, smtp, worker } = await portalWithSmtp(() => ({
      code: 550,
      text: "No such user",
    }));
    await registerAndSignIn(portal);
    await worker.deliverBatch();
    const [message] = await outbox(portal);
    assert.equal(message?.status, "failed");
    assert.equal(message?.attempts, 1);
    assert.match(message?.lastError ?? "", /^550/);
    assert.equal(smtp.received.length, 0);
  });

  test("a relay that keeps answering 4xx gets the bounded number of attempts, then the message is failed", async () => {
    const { portal, worker } = await portalWithSmtp(() => ({ code: 421, text: "Busy" }));
    await registerAndSignIn(portal);
    for (let round = 0; round < 5; round++) {
      await worker.deliverBatch();
      portal.clock.advanceByMinutes(10);
    }
    const [message] = await outbox(portal);
    assert.equal(message?.status, "failed");
    assert.equal(message?.attempts, 3);
  });

  test("with TLS required, a relay whose STARTTLS offer is missing (or stripped) gets no message in clear text", async () => {
    const { portal, smtp, worker } = await portalWithSmtp(undefined, { SMTP_REQUIRE_TLS: "true" });
    await registerAndSignIn(portal);
    await worker.deliverBatch();
    assert.equal(smtp.received.length, 0);
    const [message] = await outbox(portal);
    assert.equal(message?.status, "pending", "retried later, when the relay may offer TLS again");
    assert.match(message?.lastError ?? "", /STARTTLS/i);
  });
});

describe("the outbox never loses or doubles a message", () => {
  async function queueMany(portal: TestPortal, total: number) {
    for (let index = 0; index < total; index++) {
      await queueEmail(portal.deps.database, portal.clock, {
        idempotencyKey: `test:${index}`,
        memberId: null,
        recipient: `member${index}@example.jp`,
        language: "en",
        template: { kind: "email-change-attempt", loginId: `member${index}` },
      });
    }
  }

  test("a worker stopped mid-batch hands the rest back, and a new worker delivers every message once", async () => {
    const { portal, smtp } = await portalWithSmtp();
    await queueMany(portal, 10);
    const real = portal.deps.mailTransport as MailTransport;
    let sends = 0;
    let first: ReturnType<typeof createDeliveryWorker> | undefined;
    const stopping: MailTransport = {
      async send(message) {
        await real.send(message);
        if (++sends === 4) void first?.stop();
      },
      close: () => real.close(),
    };
    first = createDeliveryWorker(portal.deps, stopping, {
      messagesPerSecond: 1000,
      maximumAttempts: 3,
      batchSize: 10,
    });
    await first.deliverBatch();
    assert.equal(smtp.received.length, 4);

    const second = createDeliveryWorker(portal.deps, real, {
      messagesPerSecond: 1000,
      maximumAttempts: 3,
      batchSize: 10,
    });
    assert.equal(await second.deliverBatch(), 6);
    const recipients = smtp.envelopes.flat().sort();
    assert.equal(recipients.length, 10);
    assert.equal(new Set(recipients).size, 10, "no message was sent twice");
  });

  test("messages leased by a worker that crashed are taken over once the lease expires", async () => {
    const { portal, smtp, worker } = await portalWithSmtp();
    await queueMany(portal, 5);
    const claimed = await claimDueMessages(portal.deps.database, {
      workerId: "crashed-worker",
      now: portal.clock.now(),
      leaseInSeconds: 120,
      limit: 5,
    });
    assert.equal(claimed.length, 5);
    assert.equal(await worker.deliverBatch(), 0, "a live lease is respected");
    portal.clock.advanceByMinutes(3);
    assert.equal(await worker.deliverBatch(), 5);
    assert.equal(smtp.received.length, 5);
  });

  test("two workers never claim the same message", async () => {
    const { portal } = await portalWithSmtp();
    await queueMany(portal, 30);
    const options = { now: portal.clock.now(), leaseInSeconds: 120, limit: 20 };
    const [a, b] = await Promise.all([
      claimDueMessages(portal.deps.database, { ...options, workerId: "a" }),
      claimDueMessages(portal.deps.database, { ...options, workerId: "b" }),
    ]);
    const ids = [...(a ?? []), ...(b ?? [])].map((message) => message.id);
    assert.equal(ids.length, 30);
    assert.equal(new Set(ids).size, 30);
  });

  test("the same event queued twice produces one message", async () => {
    const portal = createTestPortal();
    const email = {
      idempotencyKey: "password-changed:42",
      memberId: null,
      recipient: "taro@example.jp",
      language: "en" as const,
      template: {
        kind: "password-changed" as const,
        loginId: "taro",
        securityUrl: "http://localhost:3000/account",
      },
    };
    assert.deepEqual(await queueEmail(portal.deps.database, portal.clock, email), { queued: true });
    assert.deepEqual(await queueEmail(portal.deps.database, portal.clock, email), {
      queued: false,
    });
    assert.equal((await outbox(portal)).length, 1);
  });

  test("a failed change queues no e-mail: the outbox row rolls back with it", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "taro" });
    const before = (await outbox(portal)).length;
    const second = await new TestBrowser(portal).post("/register", {
      loginId: "taro",
      email: "new@example.jp",
      password: memberPassword,
    });
    assert.equal(second.status, 409);
    assert.equal((await outbox(portal)).length, before);
  });
});

describe("registration with an address that already has an account", () => {
  test("tells the address's owner by e-mail, once an hour at most", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "taro", email: "taro@example.jp" });
    for (const loginId of ["intruder1", "intruder2"]) {
      await new TestBrowser(portal).post("/register", {
        loginId,
        email: "taro@example.jp",
        password: memberPassword,
      });
    }
    const notices = (await outbox(portal)).filter(
      (message) => message.kind === "registration-attempt",
    );
    assert.equal(notices.length, 1);
    assert.equal(notices[0]?.recipient, "taro@example.jp");
    assert.match(messageText(notices[0]), /No new account was created/);
  });
});

describe("verification links", () => {
  async function verificationPath(portal: TestPortal, recipient: string): Promise<string> {
    const rows = await portal.deps.database
      .select()
      .from(outboxMessage)
      .where(eq(outboxMessage.recipient, recipient));
    return linkIn(messageText(rows.at(-1)), "/verify-email/");
  }

  test("tampered, expired and reused links all get the same 404 page and change nothing", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal, { loginId: "taro", email: "taro@example.jp" });
    const path = await verificationPath(portal, "taro@example.jp");
    const pages: string[] = [];

    // Bad links are tried from a browser that is not signed in, like a link opened elsewhere.
    const stranger = new TestBrowser(portal);
    const tampered = `${path.slice(0, -3)}abc`;
    for (const attempt of [await stranger.get(tampered), await stranger.post(tampered, {})]) {
      assert.equal(attempt.status, 404);
      pages.push(attempt.text);
    }
    assert.equal((await browser.post(path, {})).status, 200);
    const reused = await stranger.post(path, {});
    assert.equal(reused.status, 404);
    pages.push(reused.text);

    await registerAndSignIn(portal, { loginId: "jiro", email: "jiro@example.jp" });
    const unused = await verificationPath(portal, "jiro@example.jp");
    portal.clock.advanceByMinutes(24 * 60 + 1);
    const expired = await stranger.post(unused, {});
    assert.equal(expired.status, 404);
    pages.push(expired.text);
    assert.equal((await findMemberByLoginId(portal.deps.database, "jiro"))?.emailVerifiedAt, null);

    const bodies = new Set(pages.map((page) => page.replace(/value="[^"]*"/g, "")));
    assert.equal(bodies.size, 1, "one page for every kind of bad link");
    assert.match(pages[0] ?? "", /invalid, has expired or has already been used/);
  });

  test("opening a link does not use it; only the confirmation POST does", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal, { loginId: "taro", email: "taro@example.jp" });
    const path = await verificationPath(portal, "taro@example.jp");
    for (let visit = 0; visit < 3; visit++) assert.equal((await browser.get(path)).status, 200);
    assert.equal((await findMemberByLoginId(portal.deps.database, "taro"))?.emailVerifiedAt, null);
  });

  test("a newer link replaces the older one", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal, { loginId: "taro", email: "taro@example.jp" });
    const older = await verificationPath(portal, "taro@example.jp");
    const resent = await browser.post("/account/email/resend", {});
    assert.equal(resent.location, "/account?notice=verification-sent");
    assert.equal((await browser.post(older, {})).status, 404);
    assert.equal(
      (await browser.post(await verificationPath(portal, "taro@example.jp"), {})).status,
      200,
    );
  });
});

describe("changing the e-mail address", () => {
  async function approveFromCurrentAddress(portal: TestPortal, current: string): Promise<void> {
    const rows = await portal.deps.database
      .select()
      .from(outboxMessage)
      .where(eq(outboxMessage.recipient, current));
    const approval = rows.filter((row) => row.kind === "email-change-approval").at(-1);
    const path = linkIn(messageText(approval), "/email-change/approve/");
    assert.equal((await new TestBrowser(portal).post(path, {})).status, 200);
  }

  test("the current address approves, the new address must confirm, then the old address is told", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal, { loginId: "taro", email: "taro@example.jp" });
    const requested = await browser.post("/account/email", { email: "Taro.New@Example.jp" });
    assert.equal(requested.location, "/account?notice=email-change-approval-sent");
    await approveFromCurrentAddress(portal, "taro@example.jp");
    assert.equal(
      (await findMemberByLoginId(portal.deps.database, "taro"))?.email,
      "taro@example.jp",
      "nothing changes before confirmation",
    );

    const link = await portal.deps.database
      .select()
      .from(outboxMessage)
      .where(eq(outboxMessage.recipient, "taro.new@example.jp"));
    const confirmed = await browser.post(linkIn(messageText(link[0]), "/verify-email/"), {});
    assert.match(confirmed.text, /changed and confirmed/);
    const member = await findMemberByLoginId(portal.deps.database, "taro");
    assert.equal(member?.email, "taro.new@example.jp");
    assert.notEqual(member?.emailVerifiedAt, null);

    const notice = (await outbox(portal)).find((message) => message.kind === "email-change-undo");
    assert.equal(notice?.recipient, "taro@example.jp");
    assert.match(messageText(notice), /t\*\*\*@example\.jp/);
    assert.doesNotMatch(messageText(notice), /taro\.new@example\.jp/);
  });

  test("an address that belongs to someone else gets the same answer, and its owner is told instead", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "hanako", email: "hanako@example.jp" });
    const taro = await registerAndSignIn(portal, { loginId: "taro", email: "taro@example.jp" });
    const taken = await taro.post("/account/email", { email: "hanako@example.jp" });
    await approveFromCurrentAddress(portal, "taro@example.jp");
    const free = await taro.post("/account/email", { email: "free@example.jp" });
    await approveFromCurrentAddress(portal, "taro@example.jp");
    assert.equal(taken.status, free.status);
    assert.equal(taken.location, free.location);
    const rows = await outbox(portal);
    assert.ok(
      rows.some(
        (row) => row.kind === "email-change-attempt" && row.recipient === "hanako@example.jp",
      ),
    );
    const verificationsToHanako = rows.filter(
      (row) => row.kind === "email-verification" && row.recipient === "hanako@example.jp",
    );
    assert.equal(
      verificationsToHanako.length,
      1,
      "only Hanako's own registration link went to her address",
    );
    assert.ok(
      rows.some((row) => row.kind === "email-verification" && row.recipient === "free@example.jp"),
    );
  });

  test("needs a recent sign-in and a valid address", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal);
    assert.equal((await browser.post("/account/email", { email: "not-an-address" })).status, 400);
    portal.clock.advanceByMinutes(11);
    const stale = await browser.get("/account/email");
    assert.equal(stale.status, 303);
    assert.equal(stale.location, "/reauthenticate?next=%2Faccount%2Femail");
  });
});

describe("operating the outbox", () => {
  test("the development viewer shows queued messages with their links, and is absent in production", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal, { loginId: "taro", ipAddress: "127.0.0.1" });
    const list = await browser.get("/dev/mail");
    assert.equal(list.status, 200);
    assert.match(list.text, /Confirm your e-mail address for rekey/);
    const message = await browser.get("/dev/mail/1");
    assert.match(message.text, /<a href="http:\/\/localhost:3000\/verify-email\/[^"]+">/);
    assert.equal((await browser.get("/dev/mail/1/html")).status, 200);

    const production = createTestPortal({
      NODE_ENV: "production",
      REKEY_ORIGIN: "https://portal.example.jp",
    });
    assert.equal((await production.app.request("/dev/mail")).status, 404);
  });

  test("administrators see counts and failures and can queue failed messages again", async () => {
    const { portal, worker } = await portalWithSmtp(() => ({
      code: 550,
      text: "Mailbox unavailable",
    }));
    const admin = new TestBrowser(portal);
    const link = await prepareFirstAdminSetupLink(portal.deps);
    await admin.post(link?.pathname ?? "", {
      loginId: "admin",
      email: "admin@example.jp",
      password: memberPassword,
    });
    await admin.post("/login", { loginId: "admin", password: memberPassword });
    // A notice without links, which can be sent again once the relay is fixed.
    await queueEmail(portal.deps.database, portal.clock, {
      idempotencyKey: "notice",
      memberId: null,
      recipient: "admin@example.jp",
      language: "en",
      template: { kind: "email-change-attempt", loginId: "admin" },
    });
    await worker.deliverBatch();

    const page = await admin.get("/admin/mail");
    assert.equal(page.status, 200);
    assert.match(page.text, /<dt>Failed<\/dt><dd>2<\/dd>/);
    assert.match(page.text, /550 Mailbox unavailable/);
    const retried = await admin.post("/admin/mail/retry", {});
    assert.equal(retried.location, "/admin/mail?retried=1");
    const statuses = (await outbox(portal)).map((row) => [row.kind, row.status]);
    assert.deepEqual(statuses, [
      ["email-verification", "failed"],
      ["email-change-attempt", "pending"],
    ]);
  });

  test("a message that failed for good keeps no link, and only link-less ones are queued again", async () => {
    const { portal } = await portalWithSmtp(() => ({ code: 451, text: "Try again later" }));
    const resetUrl =
      "http://localhost:3000/reset/AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    const queue = (
      idempotencyKey: string,
      template: Parameters<typeof queueEmail>[2]["template"],
    ) =>
      queueEmail(portal.deps.database, portal.clock, {
        idempotencyKey,
        memberId: null,
        recipient: "taro@example.jp",
        language: "en",
        template,
      });
    await queue("reset", {
      kind: "password-reset",
      loginId: "taro",
      resetUrl,
      expiresInMinutes: 60,
    });
    await queue("notice", { kind: "email-change-attempt", loginId: "taro" });
    // One attempt allowed: the temporary 451 answer spends the retries at once.
    const worker = createDeliveryWorker(portal.deps, portal.deps.mailTransport as MailTransport, {
      messagesPerSecond: 1000,
      maximumAttempts: 1,
    });
    await worker.deliverBatch();

    const [reset, notice] = await outbox(portal);
    assert.equal(reset?.status, "failed");
    assert.equal(reset?.template, null);
    assert.doesNotMatch(JSON.stringify(reset), /BBBBBBBB/);
    assert.equal(reset?.lastError?.includes("451"), true);
    assert.equal(notice?.status, "failed");
    assert.notEqual(notice?.template, null);

    assert.equal(await retryFailedMessages(portal.deps.database, portal.clock.now()), 1);
    const after = await outbox(portal);
    assert.deepEqual(
      after.map((row) => row.status),
      ["failed", "pending"],
    );
  });
});

describe("the background worker and the CLI", () => {
  test("a started worker delivers what is queued and stops cleanly", async () => {
    const { portal, smtp } = await portalWithSmtp();
    const worker = createDeliveryWorker(portal.deps, portal.deps.mailTransport as MailTransport, {
      messagesPerSecond: 1000,
      maximumAttempts: 3,
      idlePollInMilliseconds: 10,
    });
    worker.start();
    await registerAndSignIn(portal, { loginId: "taro" });
    for (let wait = 0; wait < 200 && smtp.received.length === 0; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await worker.stop();
    assert.equal(smtp.received.length, 1);
  });

  test("rekey mail retry queues failed messages again", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-mail-"));
    try {
      const databasePath = join(folder, "rekey.db");
      const database = openDatabase(databasePath);
      await queueEmail(
        database,
        { now: () => new Date() },
        {
          idempotencyKey: "x",
          memberId: null,
          recipient: "a@example.jp",
          language: "en",
          template: { kind: "email-change-attempt", loginId: "a" },
        },
      );
      await database.update(outboxMessage).set({ status: "failed", attempts: 8 });
      database.$client.close();

      let output = "";
      const stdout = new PassThrough().on("data", (chunk) => {
        output += chunk;
      });
      const code = await runCommandLine(["mail", "retry"], {
        stdin: Readable.from([]),
        stdout,
        stderr: new PassThrough(),
        environment: { NODE_ENV: "test", REKEY_DB: databasePath },
      });
      assert.equal(code, 0);
      assert.match(output, /1 failed message\(s\) queued again/);
      const reopened = openDatabase(databasePath);
      const [row] = await reopened.select().from(outboxMessage);
      assert.equal(row?.status, "pending");
      assert.equal(row?.attempts, 0);
      reopened.$client.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
