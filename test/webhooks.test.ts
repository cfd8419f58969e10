import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import type { Member } from "../src/accounts/members";
import { revokeSessionsOfMember } from "../src/admin/member-actions";
import { member, webhookDelivery, webhookEvent } from "../src/db/schema";
import { runInTransaction } from "../src/db/transaction";
import { recordAlert } from "../src/defence/alerts";
import { invalidateMemberSessions } from "../src/sessions/sessions";
import { issueOneTimeToken } from "../src/tokens/one-time-tokens";
import {
  claimDueDeliveries,
  deleteFinishedWebhookEvents,
  recordDeliveryAttempts,
} from "../src/webhooks/deliveries";
import { recordMemberEvent, recordMembersDeleted } from "../src/webhooks/events";
import { createHttpWebhookTransport } from "../src/webhooks/sender";
import {
  createWebhookWorker,
  maximumAttempts,
  nextRetryAt,
  retryDelaysInSeconds,
} from "../src/webhooks/worker";
import { SoftwareAuthenticator } from "./support/authenticator";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { emailedLink, enrolConfirmedPasskey } from "./support/passkeys";
import { forceResetByApi } from "./support/resets";
import { createPersonas } from "./support/routes";
import {
  addEndpoint,
  drain,
  endpointRow,
  loopbackTransport,
  type ReceivedWebhook,
  startReceiver,
  testWorker,
  verifyWebhook,
} from "./support/webhooks";

const allMemberEvents = [
  "member.password_changed",
  "member.reset_forced",
  "member.sessions_revoked",
  "member.password_breached",
  "member.passkey_added",
  "member.sign_in_unrecognised",
  "member.deleted",
];

/** Members with the administrator's password hash, straight into the table (no throttles). */
async function addMembers(portal: TestPortal, prefix: string, count: number): Promise<number[]> {
  const [admin] = await portal.deps.database
    .select()
    .from(member)
    .where(eq(member.loginId, "admin"));
  const rows = await portal.deps.database
    .insert(member)
    .values(
      Array.from({ length: count }, (_, index) => ({
        loginId: `${prefix}${index}`,
        email: `${prefix}${index}@example.jp`,
        externalId: `ext-${prefix}${index}`,
        passwordHash: admin?.passwordHash ?? null,
        createdAt: portal.clock.now(),
      })),
    )
    .returning({ id: member.id });
  return rows.map((row) => row.id);
}

async function portalWithEndpoint(
  t: Parameters<typeof startReceiver>[0],
  events = allMemberEvents,
) {
  const portal = createTestPortal();
  const personas = await createPersonas(portal);
  const receiver = await startReceiver(t);
  const endpoint = await addEndpoint(personas.administrator, { url: receiver.url, events });
  return {
    portal,
    personas,
    receiver,
    endpoint,
    secret: endpoint.secret ?? assert.fail("no secret"),
  };
}

describe("webhook endpoints in the console", () => {
  test("the secret is shown once, in the answer that created the endpoint", async (t) => {
    const { personas, secret } = await portalWithEndpoint(t);
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await personas.administrator.get("/admin/webhooks");
    assert.equal(list.status, 200);
    assert.ok(!list.text.includes(secret), "the list never shows it again");
    assert.equal((await personas.member.get("/admin/webhooks")).status, 403);
  });

  test("every change to an endpoint is in the audit log", async (t) => {
    const { portal, personas, endpoint } = await portalWithEndpoint(t);
    const base = `/admin/webhooks/${endpoint.id}`;
    await personas.administrator.post(`${base}/rotate`, {});
    await personas.administrator.post(`${base}/disable`, {});
    await personas.administrator.post(`${base}/enable`, {});
    await personas.administrator.post(`${base}/events`, { "event-member.deleted": "on" });
    await personas.administrator.post(`${base}/delete`, {});
    const actions = await portal.deps.database.all<{ action: string }>(
      sql`select action from audit_event where action like 'webhook.%' order by id`,
    );
    assert.deepEqual(
      actions.map((row) => row.action),
      [
        "webhook.endpoint-created",
        "webhook.secret-rotated",
        "webhook.endpoint-disabled",
        "webhook.endpoint-enabled",
        "webhook.endpoint-events-changed",
        "webhook.endpoint-deleted",
      ],
    );
  });

  test("a URL with credentials in it, or not http(s), is refused with a 400", async (t) => {
    const { personas } = await portalWithEndpoint(t);
    for (const url of ["ftp://example.com/", "https://user:pw@example.com/hook", "not a url"]) {
      const answer = await personas.administrator.post("/admin/webhooks", {
        kind: "standard",
        url,
        "event-member.deleted": "on",
      });
      assert.equal(answer.status, 400, url);
    }
  });
});

describe("events out", () => {
  test("a password change reaches the endpoint, signed as Standard Webhooks says", async (t) => {
    const { portal, personas, receiver, secret } = await portalWithEndpoint(t);
    const changed = await personas.member.post("/account/password", {
      currentPassword: memberPassword,
      password: "a brand new passphrase for webhooks",
      signOutOthers: "on",
    });
    assert.equal(changed.status, 303);
    await drain(testWorker(portal, t));

    const payloads = receiver.received.map((received) => verifyWebhook(secret, received));
    const changedEvent = payloads.find((payload) => payload.type === "member.password_changed");
    const [memberRow] = await portal.deps.database
      .select()
      .from(member)
      .where(eq(member.loginId, "member"));
    assert.deepEqual(changedEvent?.data, {
      via: "change",
      memberId: memberRow?.id,
      externalId: null,
    });
    const revoked = payloads.find((payload) => payload.type === "member.sessions_revoked");
    assert.deepEqual(revoked?.data.scope, "other-sessions");
    for (const received of receiver.received) {
      assert.match(String(received.headers["webhook-id"]), /^msg_[0-9a-f]{32}$/);
      assert.doesNotMatch(received.body, /passphrase|https?:\/\/|whsec_/);
    }
  });

  test("a tampered body or a wrong secret does not verify", async (t) => {
    const { personas, portal, receiver, secret } = await portalWithEndpoint(t);
    await personas.member.post("/account/sessions/revoke-others", {});
    await drain(testWorker(portal, t));
    const [received] = receiver.received;
    assert.ok(received);
    assert.throws(() => verifyWebhook(secret, { ...received, body: `${received.body} ` }));
    assert.throws(() => verifyWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", received));
    assert.equal(verifyWebhook(secret, received).type, "member.sessions_revoked");
  });

  test("a bulk forced reset reports each member's reset (reason and job) and session revocation", async (t) => {
    const { portal, receiver, secret } = await portalWithEndpoint(t);
    await addMembers(portal, "bulk", 30);
    const loginIds = Array.from({ length: 30 }, (_, index) => `bulk${index}`);
    await forceResetByApi(portal, loginIds);
    await drain(testWorker(portal, t));

    const payloads = receiver.received.map((received) => verifyWebhook(secret, received));
    const resets = payloads.filter((payload) => payload.type === "member.reset_forced");
    assert.equal(resets.length, 30);
    const first = resets.find((payload) => payload.data.externalId === "ext-bulk0");
    assert.equal(first?.data.reason, "seen in a combo list");
    assert.equal(typeof first?.data.jobId, "number");
    const revoked = payloads.filter((payload) => payload.type === "member.sessions_revoked");
    assert.equal(revoked.length, 30);
    // A member's session revocation (recorded first) arrives before their reset.
    for (const loginId of loginIds) {
      const order = payloads
        .filter((payload) => payload.data.externalId === `ext-${loginId}`)
        .map((payload) => payload.type);
      assert.deepEqual(order, ["member.sessions_revoked", "member.reset_forced"], loginId);
    }
  });

  test("an event is recorded in the transaction of its change: a rolled-back change sends nothing", async (t) => {
    const { portal } = await portalWithEndpoint(t);
    const [memberRow] = await portal.deps.database.select().from(member).limit(1);
    await assert.rejects(
      runInTransaction(portal.deps.database, async (database) => {
        await recordMemberEvent(database, portal.clock, {
          type: "member.deleted",
          memberId: memberRow?.id ?? 0,
        });
        throw new Error("the change failed");
      }),
    );
    const events = await portal.deps.database.select().from(webhookEvent);
    assert.equal(events.filter((event) => event.type === "member.deleted").length, 0);
  });

  test("nothing is queued for an event no endpoint subscribes to", async (t) => {
    const { portal, personas } = await portalWithEndpoint(t, ["member.deleted"]);
    await personas.member.post("/account/sessions/revoke-others", {});
    assert.equal((await portal.deps.database.select().from(webhookEvent)).length, 0);
  });
});

describe("delivery", () => {
  test("during a rotation both the old and the new secret verify", async (t) => {
    const { portal, personas, receiver, secret, endpoint } = await portalWithEndpoint(t);
    const rotated = await personas.administrator.post(`/admin/webhooks/${endpoint.id}/rotate`, {});
    const newSecret = /data-field="webhookSecret">([^<]+)</.exec(rotated.text)?.[1] ?? "";
    assert.match(newSecret, /^whsec_/);
    await personas.member.post("/account/sessions/revoke-others", {});
    await drain(testWorker(portal, t));
    const [received] = receiver.received;
    assert.ok(received);
    assert.equal(verifyWebhook(secret, received).type, "member.sessions_revoked");
    assert.equal(verifyWebhook(newSecret, received).type, "member.sessions_revoked");

    // A day later the old secret no longer signs.
    portal.clock.advanceByMinutes(24 * 60 + 1);
    await personas.member.post("/login", { loginId: "member", password: memberPassword });
    await personas.member.post("/account/sessions/revoke-others", {});
    await drain(testWorker(portal, t));
    const later = receiver.received[1];
    assert.ok(later);
    assert.throws(() => verifyWebhook(secret, later));
    assert.equal(verifyWebhook(newSecret, later).type, "member.sessions_revoked");
  });

  test("two workers never deliver the same message, even when a lease runs out mid-batch", async (t) => {
    const { portal, receiver } = await portalWithEndpoint(t);
    const memberIds = await addMembers(portal, "pair", 41);
    const revokeSessionsOf = (memberId: number) =>
      runInTransaction(portal.deps.database, (database) =>
        invalidateMemberSessions(database, memberId, {
          clock: portal.clock,
          reason: "administrator",
        }),
      );
    for (const memberId of memberIds.slice(0, 40)) await revokeSessionsOf(memberId);
    const first = testWorker(portal, t);
    const second = testWorker(portal, t);
    for (let round = 0; round < 10; round++) {
      await Promise.all([first.deliverBatch(), second.deliverBatch()]);
    }
    const ids = receiver.received.map((received) => String(received.headers["webhook-id"]));
    assert.equal(ids.length, 40);
    assert.equal(new Set(ids).size, 40, "each message once");

    // A worker that stalled past its lease loses the delivery to another and does not send it.
    await revokeSessionsOf(memberIds[40] ?? 0);
    const [stalled] = await claimDueDeliveries(portal.deps.database, {
      workerId: "stalled-worker",
      now: portal.clock.now(),
      leaseInSeconds: 40,
      limit: 1,
    });
    assert.ok(stalled);
    assert.equal(await first.deliverBatch(), 0, "leased: nobody else takes it");
    portal.clock.advanceByMinutes(1);
    assert.equal(await first.deliverBatch(), 1, "the expired lease is taken over");
    // The stalled worker wakes up and reports a failure: it no longer owns the delivery.
    await recordDeliveryAttempts(
      portal.deps.database,
      [
        {
          delivery: stalled.delivery,
          delivered: false,
          statusCode: 500,
          error: "late",
          retryAt: portal.clock.now(),
        },
      ],
      portal.clock.now(),
    );
    const [row] = await portal.deps.database
      .select()
      .from(webhookDelivery)
      .where(eq(webhookDelivery.id, stalled.delivery.id));
    assert.equal(row?.status, "delivered", "the owner's outcome stands");
    assert.equal(receiver.received.length, 41);
  });

  test("a worker whose lease could run out before a request ends stops sending and gives the rest back", async (t) => {
    const portal = createTestPortal({ REKEY_WEBHOOKS_CONCURRENCY: "1" });
    const personas = await createPersonas(portal);
    const receiver = await startReceiver(t);
    await addEndpoint(personas.administrator, { url: receiver.url, events: allMemberEvents });
    for (const memberId of await addMembers(portal, "slow", 3)) {
      await runInTransaction(portal.deps.database, (database) =>
        recordMemberEvent(database, portal.clock, { type: "member.deleted", memberId }),
      );
    }
    const inner = loopbackTransport();
    t.after(() => inner.close());
    // The first request takes (on the portal's clock) longer than the whole lease.
    const slow = {
      send: async (request: Parameters<typeof inner.send>[0]) => {
        const answer = await inner.send(request);
        portal.clock.advanceByMinutes(10);
        return answer;
      },
      close: () => {},
    };
    const worker = createWebhookWorker(portal.deps, slow, { batchSize: 3 });
    assert.equal(await worker.deliverBatch(), 3);
    assert.equal(receiver.received.length, 1, "only the request started in time was sent");
    const statuses = (await portal.deps.database.select().from(webhookDelivery)).map(
      (row) => row.status,
    );
    assert.deepEqual(statuses.sort(), ["delivered", "pending", "pending"]);
  });

  test("a member's events wait behind an earlier one that failed, and arrive in order", async (t) => {
    const { portal, personas, receiver, secret } = await portalWithEndpoint(t);
    receiver.answer = (_request, index) => (index === 0 ? 503 : 204);
    await personas.member.post("/account/sessions/revoke-others", {});
    await personas.member.post("/account/password", {
      currentPassword: memberPassword,
      password: "another fresh passphrase here",
    });
    const worker = testWorker(portal, t);
    await drain(worker);
    assert.equal(receiver.received.length, 1, "the second waits while the first is retried");
    portal.clock.advanceByMinutes(1);
    await drain(worker);
    const types = receiver.received.map((received) => verifyWebhook(secret, received).type);
    assert.deepEqual(types, [
      "member.sessions_revoked",
      "member.sessions_revoked",
      "member.password_changed",
    ]);
  });

  test("retries back off with jitter over more than 24 hours, then the endpoint is disabled with an admin alert", async (t) => {
    assert.ok(
      retryDelaysInSeconds.reduce((sum, delay) => sum + delay, 0) >= 24 * 3600,
      "the schedule alone spans a day",
    );
    assert.equal(nextRetryAt(new Date(0), maximumAttempts), null);
    const low = nextRetryAt(new Date(0), 3, () => 0)?.getTime() ?? 0;
    const high = nextRetryAt(new Date(0), 3, () => 0.999)?.getTime() ?? 0;
    assert.ok(low === 1800_000 && high > low && high < 1800_000 * 1.2, "jitter only lengthens");

    const { portal, personas, receiver, endpoint } = await portalWithEndpoint(t);
    receiver.answer = () => 500;
    await personas.member.post("/account/sessions/revoke-others", {});
    const worker = testWorker(portal, t);
    const start = portal.clock.now().getTime();
    for (let attempt = 0; attempt < maximumAttempts + 2; attempt++) {
      await drain(worker);
      const [delivery] = await portal.deps.database.select().from(webhookDelivery);
      if (delivery?.status === "failed") break;
      const wait = (delivery?.nextAttemptAt.getTime() ?? 0) - portal.clock.now().getTime();
      portal.clock.advanceByMinutes(Math.ceil(wait / 60_000));
    }
    const [delivery] = await portal.deps.database.select().from(webhookDelivery);
    assert.equal(delivery?.status, "failed");
    assert.equal(delivery?.attempts, maximumAttempts);
    assert.equal(receiver.received.length, maximumAttempts);
    assert.ok(portal.clock.now().getTime() - start >= 24 * 3600_000, "tried for over a day");

    const row = await endpointRow(portal, endpoint.id);
    assert.equal(row?.status, "disabled");
    assert.equal(row?.disabledReason, "failing");
    await personas.administrator.post("/login", { loginId: "admin", password: memberPassword });
    const console = await personas.administrator.get("/admin/webhooks");
    assert.match(console.text, /data-alert="webhook-endpoint"/);
    assert.match(console.text, /failed every attempt for a day and was disabled/);
  });

  test("the delivery log shows the response code, and resend queues the message again", async (t) => {
    const { portal, personas, receiver, endpoint } = await portalWithEndpoint(t);
    receiver.answer = () => 500;
    await personas.member.post("/account/sessions/revoke-others", {});
    const worker = testWorker(portal, t);
    await drain(worker);
    const page = await personas.administrator.get(`/admin/webhooks/${endpoint.id}`);
    assert.match(page.text, /data-field="responseCode">500/);
    const deliveryId = /data-delivery-id="(\d+)"/.exec(page.text)?.[1];
    receiver.answer = () => 200;
    const resent = await personas.administrator.post(
      `/admin/webhooks/${endpoint.id}/deliveries/${deliveryId}/resend`,
      {},
    );
    assert.equal(resent.status, 303);
    await drain(worker);
    assert.equal(receiver.received.length, 2);
    assert.equal(
      receiver.received[0]?.headers["webhook-id"],
      receiver.received[1]?.headers["webhook-id"],
      "the same message, so the receiver can tell",
    );
    const after = await personas.administrator.get(`/admin/webhooks/${endpoint.id}`);
    assert.match(after.text, /data-field="responseCode">200/);
    const audit = await portal.deps.database.all<{ action: string }>(
      sql`select action from audit_event where action = 'webhook.delivery-resent'`,
    );
    assert.equal(audit.length, 1);
  });
});

describe("request safety", () => {
  test("loopback and private addresses are refused at connect time unless the operator allows them", async (t) => {
    const receiver = await startReceiver(t);
    const guarded = createHttpWebhookTransport({
      allowPrivateAddresses: false,
      timeoutInMilliseconds: 2000,
    });
    t.after(() => guarded.close());
    const port = new URL(receiver.url).port;
    for (const url of [
      receiver.url,
      `http://localhost:${port}/hooks`,
      `http://[::1]:${port}/hooks`,
      "http://169.254.169.254/latest/meta-data",
      "http://10.0.0.1/hooks",
    ]) {
      const answer = await guarded.send({ url, headers: {}, body: "{}" });
      assert.equal(answer.statusCode, null, url);
      assert.match(answer.error ?? "", /not allowed/, url);
    }
    assert.equal(receiver.received.length, 0, "nothing reached the receiver");
    const allowed = loopbackTransport();
    t.after(() => allowed.close());
    assert.equal(
      (await allowed.send({ url: receiver.url, headers: {}, body: "{}" })).statusCode,
      204,
    );
  });

  test("a request that gets no answer is cut off at the configured time", async (t) => {
    const receiver = await startReceiver(t);
    receiver.answer = () => "hang";
    const transport = loopbackTransport(300);
    t.after(() => transport.close());
    const started = performance.now();
    const answer = await transport.send({ url: receiver.url, headers: {}, body: "{}" });
    assert.equal(answer.statusCode, null);
    assert.equal(answer.error, "timed out");
    assert.ok(performance.now() - started < 2000);
  });

  test("a worker without the operator's allowance records the refusal and retries later", async (t) => {
    const { portal, personas, receiver, endpoint } = await portalWithEndpoint(t);
    const transport = createHttpWebhookTransport({
      allowPrivateAddresses: false,
      timeoutInMilliseconds: 1000,
    });
    t.after(() => transport.close());
    await personas.member.post("/account/sessions/revoke-others", {});
    await drain(createWebhookWorker(portal.deps, transport));
    assert.equal(receiver.received.length, 0);
    const page = await personas.administrator.get(`/admin/webhooks/${endpoint.id}`);
    assert.match(page.text, /not allowed/);
  });
});

describe("chat channel alerts", () => {
  test("a spike and a failing mail relay reach a chat channel as a {text} message", async (t) => {
    const portal = createTestPortal();
    const personas = await createPersonas(portal);
    const receiver = await startReceiver(t);
    const chat = await addEndpoint(personas.administrator, {
      url: receiver.url,
      kind: "chat",
      language: "ja",
    });
    assert.equal(chat.secret, null, "a chat channel has no signing secret");
    await recordAlert(portal.deps, {
      kind: "attempt-rate",
      details: {
        attemptsPerMinute: 900,
        baselineAttemptsPerMinute: 30,
        failureRatio: 0.97,
        baselineFailureRatio: 0.1,
      },
    });
    await recordAlert(portal.deps, {
      kind: "mail-relay",
      details: {
        failingSince: portal.clock.now().toISOString(),
        failingForMinutes: 12,
        lastCode: "421",
      },
    });
    await personas.member.post("/account/sessions/revoke-others", {});
    await drain(testWorker(portal, t));
    assert.equal(receiver.received.length, 2, "alerts only, no member events");
    const texts = receiver.received.map((received) => {
      assert.equal(received.headers["webhook-signature"], undefined);
      return (JSON.parse(received.body) as { text: string }).text;
    });
    assert.match(texts[0] ?? "", /^rekey の警告：.*900.*http:\/\/localhost:3000\/admin\/attacks$/);
    assert.match(texts[1] ?? "", /421.*http:\/\/localhost:3000\/admin\/mail$/);
  });

  test("a signed endpoint subscribed to incident.alert gets the alert's figures", async (t) => {
    const { portal, receiver, secret } = await portalWithEndpoint(t, ["incident.alert"]);
    await recordAlert(portal.deps, {
      kind: "failure-ratio",
      details: {
        attemptsPerMinute: 100,
        baselineAttemptsPerMinute: 20,
        failureRatio: 0.9,
        baselineFailureRatio: 0.1,
      },
    });
    await drain(testWorker(portal, t));
    const [payload] = receiver.received.map((received) => verifyWebhook(secret, received));
    assert.equal(payload?.type, "incident.alert");
    assert.equal(payload?.data.kind, "failure-ratio");
    assert.equal(payload?.data.failureRatio, 0.9);
    assert.equal(payload?.data.memberId, undefined);
  });
});

describe("every event at its source", () => {
  test("completing an e-mailed reset sends password_changed (via reset) and sessions_revoked", async (t) => {
    const { portal, receiver, secret } = await portalWithEndpoint(t);
    await forceResetByApi(portal, ["member"]);
    const link = (await emailedLink(portal, { kind: "forced-reset", pathPrefix: "/reset/" })) ?? "";
    const browser = new TestBrowser(portal);
    await browser.get(link);
    const done = await browser.post(link, { password: "a completely new passphrase 77" });
    assert.ok(done.status < 400, `reset completed (${done.status})`);
    await drain(testWorker(portal, t));
    const payloads = receiver.received.map((received) => verifyWebhook(secret, received));
    const changed = payloads.find((payload) => payload.type === "member.password_changed");
    assert.equal(changed?.data.via, "reset");
    const reasons = payloads
      .filter((payload) => payload.type === "member.sessions_revoked")
      .map((payload) => payload.data.reason);
    assert.deepEqual(reasons, ["forced-reset", "password-reset"]);
  });

  test("a breached password at sign-in sends password_breached, sessions_revoked and reset_forced", async (t) => {
    const leaked = new Set<string>();
    const portal = createTestPortal(
      {},
      {
        breachSource: {
          version: "test-corpus",
          isBreached: async (password) =>
            leaked.has(password) ? { breached: true, count: 1 } : { breached: false },
        },
      },
    );
    const personas = await createPersonas(portal);
    const receiver = await startReceiver(t);
    const { secret } = await addEndpoint(personas.administrator, {
      url: receiver.url,
      events: allMemberEvents,
    });
    leaked.add(memberPassword);
    const attempt = await new TestBrowser(portal).post("/login", {
      loginId: "member",
      password: memberPassword,
    });
    assert.equal(attempt.status, 403);
    await drain(testWorker(portal, t));
    const types = receiver.received.map((received) => verifyWebhook(secret ?? "", received).type);
    assert.deepEqual(types, [
      "member.password_breached",
      "member.sessions_revoked",
      "member.reset_forced",
    ]);
    const reset = verifyWebhook(secret ?? "", receiver.received[2] as ReceivedWebhook);
    assert.equal(reset.data.reason, "password found in a breach corpus at sign-in");
    assert.equal(reset.data.jobId, null);
  });

  test("an administrator revoking a member's sessions, and a passkey enrolment, are reported", async (t) => {
    const { portal, receiver, secret } = await portalWithEndpoint(t);
    const [memberRow] = await portal.deps.database
      .select()
      .from(member)
      .where(eq(member.loginId, "member"));
    await revokeSessionsOfMember(portal.deps, memberRow as Member, { kind: "cli" });
    const browser = await registerAndSignIn(portal, { loginId: "keyholder" });
    const enrolled = await enrolConfirmedPasskey(portal, browser, new SoftwareAuthenticator());
    assert.equal(enrolled.status, 200);
    await drain(testWorker(portal, t));
    const payloads = receiver.received.map((received) => verifyWebhook(secret, received));
    const revoked = payloads.find((payload) => payload.type === "member.sessions_revoked");
    assert.equal(revoked?.data.reason, "administrator");
    const added = payloads.find((payload) => payload.type === "member.passkey_added");
    assert.equal(typeof added?.data.passkeyId, "number");
  });

  test("'this wasn't me' sends sign_in_unrecognised, then sessions_revoked and reset_forced", async (t) => {
    const { portal, receiver, secret } = await portalWithEndpoint(t);
    const [memberRow] = await portal.deps.database
      .select()
      .from(member)
      .where(eq(member.loginId, "member"));
    const token = await issueOneTimeToken(portal.deps, {
      purpose: "unrecognised-sign-in",
      memberId: memberRow?.id ?? 0,
      expiresInSeconds: 3600,
    });
    const viewer = new TestBrowser(portal);
    await viewer.get(`/sign-in/unrecognised/${token.value}`);
    assert.equal((await viewer.post(`/sign-in/unrecognised/${token.value}`, {})).status, 200);
    await drain(testWorker(portal, t));
    const payloads = receiver.received.map((received) => verifyWebhook(secret, received));
    assert.deepEqual(
      payloads.map((payload) => payload.type),
      [
        "member.sign_in_unrecognised",
        "member.sessions_revoked",
        "member.sessions_revoked",
        "member.reset_forced",
      ],
    );
    assert.equal(payloads[1]?.data.reason, "unrecognised-sign-in");
    assert.equal(payloads[3]?.data.reason, "the member reported a sign-in that was not theirs");
  });

  test("member.deleted, for the import helper: recorded with the externalId before the row goes", async (t) => {
    const { portal, receiver, secret } = await portalWithEndpoint(t);
    const [memberId] = await addMembers(portal, "gone", 1);
    await runInTransaction(portal.deps.database, async (database) => {
      await recordMembersDeleted(database, portal.clock, [memberId ?? 0], { source: "import" });
      await database.delete(member).where(eq(member.id, memberId ?? 0));
    });
    await drain(testWorker(portal, t));
    const [payload] = receiver.received.map((received) => verifyWebhook(secret, received));
    assert.deepEqual(payload, {
      type: "member.deleted",
      timestamp: portal.clock.now().toISOString(),
      data: { source: "import", memberId, externalId: "ext-gone0" },
    });
  });
});

describe("retention", () => {
  test("finished deliveries leave the log after 30 days; waiting ones stay", async (t) => {
    const { portal, personas, receiver } = await portalWithEndpoint(t);
    await personas.member.post("/account/sessions/revoke-others", {});
    await drain(testWorker(portal, t));
    receiver.answer = () => 500;
    portal.clock.advanceByMinutes(29 * 24 * 60);
    await runInTransaction(portal.deps.database, (database) =>
      recordMemberEvent(database, portal.clock, { type: "member.deleted", memberId: 1 }),
    );
    await drain(testWorker(portal, t));
    portal.clock.advanceByMinutes(2 * 24 * 60);
    assert.equal(await deleteFinishedWebhookEvents(portal.deps.database, portal.clock.now()), 1);
    const left = await portal.deps.database.select().from(webhookEvent);
    assert.deepEqual(
      left.map((event) => event.type),
      ["member.deleted"],
      "the one still being retried stays",
    );
  });
});
