import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import type { ApiKeyScope } from "../src/admin/api-key-scopes";
import { createApiKey } from "../src/admin/api-keys";
import { auditEvent, member, oneTimeToken, outboxMessage, session } from "../src/db/schema";
import { issueOneTimeToken } from "../src/tokens/one-time-tokens";
import { createEndpoint } from "../src/webhooks/endpoints";
import { SoftwareAuthenticator } from "./support/authenticator";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import {
  createLoggedPortal,
  enrolConfirmedPasskey,
  registerConfirmedMember,
  signInWithPasskey,
} from "./support/passkeys";
import { createPersonas } from "./support/routes";

async function apiKey(portal: TestPortal, scopes: ApiKeyScope[] = ["members"]) {
  const { value } = await createApiKey(portal.deps.database, portal.clock, {
    name: "service",
    createdByMemberId: null,
    scopes,
    expiresInDays: null,
  });
  return value;
}

function call(
  portal: TestPortal,
  key: string,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
) {
  return portal.app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...headers },
    body,
  });
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

function line(externalId: string, fields: Record<string, unknown> = {}) {
  return JSON.stringify({
    externalId,
    loginId: `svc-${externalId}`,
    email: `${externalId}@example.jp`,
    emailVerified: true,
    ...fields,
  });
}

async function memberByExternalId(portal: TestPortal, externalId: string) {
  const [found] = await portal.deps.database
    .select()
    .from(member)
    .where(eq(member.externalId, externalId));
  return found;
}

describe("members API (scope members)", () => {
  test("a streamed JSON Lines import answers its summary, and the same Idempotency-Key replays it", async () => {
    const portal = createTestPortal();
    const key = await apiKey(portal);
    const body = `${line("e1", { passwordHash: sha1(memberPassword) })}\n{broken\n${line("e2")}\n`;
    const headers = { "content-type": "application/x-ndjson", "idempotency-key": '"import-1"' };
    const stream = new Blob([body]).stream();
    const first = await portal.app.request("/admin/api/member-imports?reset-weaker-than=salted", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, ...headers },
      body: stream,
      duplex: "half",
    } as RequestInit);
    assert.equal(first.status, 200);
    const summary = (await first.json()) as {
      id: number;
      counts: Record<string, number>;
      problems: { line: number; message: string }[];
    };
    assert.deepEqual(
      { ...summary.counts },
      {
        created: 2,
        updated: 0,
        storedAsIs: 0,
        wrapped: 1,
        withoutPassword: 1,
        markedResetRequired: 1,
        setPasswordLinksQueued: 0,
        rejected: 1,
      },
    );
    assert.deepEqual(summary.problems, [{ line: 2, message: "not valid JSON" }]);
    const replay = await call(
      portal,
      key,
      "POST",
      "/admin/api/member-imports?reset-weaker-than=salted",
      body,
      headers,
    );
    assert.equal(((await replay.json()) as { id: number }).id, summary.id);
    const fetched = await call(portal, key, "GET", `/admin/api/member-imports/${summary.id}`);
    assert.equal(((await fetched.json()) as { status: string }).status, "finished");
  });

  test("a key without the members scope is refused before anything is read", async () => {
    const portal = createTestPortal();
    const key = await apiKey(portal, ["bulk-reset", "read-only"]);
    const refused = await call(portal, key, "POST", "/admin/api/member-imports", line("x"), {
      "content-type": "application/x-ndjson",
    });
    assert.equal(refused.status, 403);
    assert.equal((await call(portal, "not-a-key", "DELETE", "/admin/api/members/x")).status, 401);
    assert.equal(await memberByExternalId(portal, "x"), undefined);
  });

  test("PUT creates then updates a member by externalId, and bad fields are a 422", async () => {
    const portal = createTestPortal();
    const key = await apiKey(portal);
    const headers = { "content-type": "application/json" };
    const fields = { loginId: "put-member", email: "put@example.jp", displayName: "First" };
    const created = await call(
      portal,
      key,
      "PUT",
      "/admin/api/members/ext-1",
      JSON.stringify(fields),
      headers,
    );
    assert.equal(created.status, 201);
    const updated = await call(
      portal,
      key,
      "PUT",
      "/admin/api/members/ext-1",
      JSON.stringify({ ...fields, displayName: "Second" }),
      headers,
    );
    assert.equal(updated.status, 200);
    assert.equal((await memberByExternalId(portal, "ext-1"))?.displayName, "Second");
    const invalid = await call(
      portal,
      key,
      "PUT",
      "/admin/api/members/ext-2",
      JSON.stringify({ loginId: "x", email: "nope" }),
      headers,
    );
    assert.equal(invalid.status, 422);
    const actions = await portal.deps.database
      .select({ action: auditEvent.action })
      .from(auditEvent);
    assert.deepEqual(
      actions.map((row) => row.action),
      ["members.create", "members.update"],
    );
  });

  test("deactivating ends the member's sessions, withdraws their links and blocks sign-in until reactivated", async () => {
    const portal = createTestPortal();
    const key = await apiKey(portal);
    const browser = await registerAndSignIn(portal, { loginId: "linked" });
    await portal.deps.database
      .update(member)
      .set({ externalId: "svc-9" })
      .where(eq(member.loginId, "linked"));
    const target = await memberByExternalId(portal, "svc-9");
    assert.ok(target);
    // An outstanding reset link, as if requested before the service closed the account.
    await issueOneTimeToken(portal.deps, {
      purpose: "password-reset",
      memberId: target.id,
      expiresInSeconds: 3600,
    });
    const openResetLinks = async () =>
      (
        await portal.deps.database
          .select()
          .from(oneTimeToken)
          .where(eq(oneTimeToken.memberId, target.id))
      ).filter((token) => token.usedAt === null && token.purpose === "password-reset").length;
    assert.equal(await openResetLinks(), 1);
    const deactivated = await call(portal, key, "POST", "/admin/api/members/svc-9/deactivate");
    assert.equal(deactivated.status, 200);
    assert.equal(((await deactivated.json()) as { sessionsEnded: number }).sessionsEnded, 1);
    const sessions = await portal.deps.database
      .select()
      .from(session)
      .where(eq(session.memberId, target.id));
    assert.equal(sessions.length, 0);
    assert.equal(await openResetLinks(), 0);
    assert.equal((await browser.get("/account")).status, 303, "the old session is gone");
    const refused = await new TestBrowser(portal, { ipAddress: "198.51.100.77" }).post("/login", {
      loginId: "linked",
      password: memberPassword,
    });
    assert.equal(refused.status, 401);
    assert.equal(
      (await call(portal, key, "POST", "/admin/api/members/svc-9/reactivate")).status,
      200,
    );
    const again = await new TestBrowser(portal, { ipAddress: "198.51.100.78" }).post("/login", {
      loginId: "linked",
      password: memberPassword,
    });
    assert.equal(again.status, 303);
  });

  test("deleting removes the member, their sessions and unsent mail; administrators are refused", async () => {
    const portal = createTestPortal();
    const key = await apiKey(portal);
    await registerAndSignIn(portal, { loginId: "leaving" });
    await portal.deps.database
      .update(member)
      .set({ externalId: "bye" })
      .where(eq(member.loginId, "leaving"));
    const target = await memberByExternalId(portal, "bye");
    assert.ok(target);
    assert.equal((await call(portal, key, "DELETE", "/admin/api/members/bye")).status, 204);
    assert.equal(await memberByExternalId(portal, "bye"), undefined);
    assert.equal(
      (await portal.deps.database.select().from(session).where(eq(session.memberId, target.id)))
        .length,
      0,
    );
    const unsent = await portal.deps.database
      .select()
      .from(outboxMessage)
      .where(
        and(eq(outboxMessage.recipient, "leaving@example.jp"), eq(outboxMessage.status, "pending")),
      );
    assert.equal(unsent.length, 0);
    assert.equal((await call(portal, key, "DELETE", "/admin/api/members/bye")).status, 404);
    const { administrator: _administrator } = await createPersonas(portal);
    await portal.deps.database
      .update(member)
      .set({ externalId: "boss" })
      .where(eq(member.loginId, "admin"));
    assert.equal((await call(portal, key, "DELETE", "/admin/api/members/boss")).status, 409);
  });
});

describe("the service hears of what the members API did", () => {
  test("deactivating records member.sessions_revoked and deleting records member.deleted, both with the externalId", async () => {
    const portal = createTestPortal();
    const key = await apiKey(portal);
    await createEndpoint(
      portal.deps,
      {
        kind: "standard",
        url: new URL("https://hooks.example.jp/rekey"),
        description: "service",
        events: ["member.sessions_revoked", "member.deleted"],
        language: "en",
      },
      { kind: "cli" },
    );
    await registerAndSignIn(portal, { loginId: "linked" });
    await portal.deps.database
      .update(member)
      .set({ externalId: "svc-42" })
      .where(eq(member.loginId, "linked"));
    const target = await memberByExternalId(portal, "svc-42");
    assert.ok(target);
    assert.equal(
      (await call(portal, key, "POST", "/admin/api/members/svc-42/deactivate")).status,
      200,
    );
    assert.equal((await call(portal, key, "DELETE", "/admin/api/members/svc-42")).status, 204);
    const events = await portal.deps.database.all<{
      type: string;
      member_id: number;
      external_id: string;
    }>(sql`select type, member_id, external_id from webhook_event order by id`);
    assert.deepEqual(events, [
      { type: "member.sessions_revoked", member_id: target.id, external_id: "svc-42" },
      { type: "member.deleted", member_id: target.id, external_id: "svc-42" },
    ]);
  });
});

describe("the console's import page", () => {
  test("an administrator uploads a small file and sees the summary and the refused lines", async () => {
    const portal = createTestPortal();
    const { administrator, member: signedInMember } = await createPersonas(portal);
    const page = await administrator.get("/admin/members/import");
    assert.equal(page.status, 200);
    assert.equal((await signedInMember.get("/admin/members/import")).status, 403);
    const form = new FormData();
    form.set("csrfToken", administrator.csrfToken() ?? "");
    form.set(
      "file",
      new Blob([`${line("c1")}\n${line("c2", { email: "bad" })}\n`]),
      "members.jsonl",
    );
    form.set("hash-format", "auto");
    form.set("send-set-password-links", "true");
    const response = await administrator.request("/admin/members/import", {
      method: "POST",
      headers: { origin: "http://localhost:3000" },
      body: form,
    });
    assert.equal(response.status, 200, response.text);
    assert.match(response.text, /data-import-summary/);
    assert.match(response.text, /<td>2<\/td><td>email: format<\/td>/);
    const invitations = await portal.deps.database
      .select()
      .from(outboxMessage)
      .where(eq(outboxMessage.kind, "set-password-invitation"));
    assert.deepEqual(
      invitations.map((message) => message.recipient),
      ["c1@example.jp"],
    );
  });
});

describe("a deactivated member's passkeys", () => {
  test("a passkey that signed in before deactivation is refused after it, and works again after reactivation", async () => {
    const portal = createLoggedPortal();
    const key = await apiKey(portal);
    const browser = await registerConfirmedMember(portal, { loginId: "keyholder" });
    const authenticator = new SoftwareAuthenticator();
    assert.equal((await enrolConfirmedPasskey(portal, browser, authenticator)).status, 200);
    await portal.deps.database
      .update(member)
      .set({ externalId: "pk-1" })
      .where(eq(member.loginId, "keyholder"));
    assert.equal((await signInWithPasskey(new TestBrowser(portal), authenticator)).status, 200);
    assert.equal(
      (await call(portal, key, "POST", "/admin/api/members/pk-1/deactivate")).status,
      200,
    );
    const refused = await signInWithPasskey(new TestBrowser(portal), authenticator);
    assert.notEqual(refused.status, 200);
    assert.equal(
      refused.setCookies.some((cookie) => cookie.includes("session=")),
      false,
    );
    assert.equal(
      (await call(portal, key, "POST", "/admin/api/members/pk-1/reactivate")).status,
      200,
    );
    assert.equal((await signInWithPasskey(new TestBrowser(portal), authenticator)).status, 200);
  });
});
