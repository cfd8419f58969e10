import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { asc, eq } from "drizzle-orm";
import { registerMember } from "../src/accounts/registration";
import { apiKeyScopes } from "../src/admin/api-key-scopes";
import { createApiKey } from "../src/admin/api-keys";
import { auditEvent, bulkResetItem } from "../src/db/schema";
import { recordSignInAttempt, type SignInResult } from "../src/defence/sign-in-events";
import { findBulkResetJob } from "../src/resets/bulk-reset-jobs";
import { memberPassword } from "./support/browser";
import { createTestPortal, ManualClock, type TestPortal } from "./support/harness";
import { createPersonas } from "./support/routes";

const sources = "198.51.100.0/24, 2001:db8:1::/48";
const window = { from: "2026-11-21T00:00", to: "2026-11-21T08:00" };
const query = new URLSearchParams({ sources, ...window }).toString();

/**
 * A night in the sign-in log (the portal's clock stands at 09:00 UTC). Inside the ranges and
 * the window: taro and hanako (IPv6) signed in, jiro only failed. saburo signed in from next
 * door, shiro from the range but before and after the window: neither is listed.
 */
async function seedIncident(portal: TestPortal): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const loginId of ["taro", "hanako", "jiro", "saburo", "shiro"]) {
    const registered = await registerMember(portal.deps, {
      loginId,
      email: `${loginId}@example.jp`,
      password: memberPassword,
    });
    assert.equal(registered.outcome, "created");
    if (registered.outcome === "created") ids.set(loginId, registered.member.id);
  }
  const attempts: [string, string | null, string, SignInResult][] = [
    ["2026-11-21T02:59:00Z", "taro", "198.51.100.7", "wrong-password"],
    ["2026-11-21T03:00:00Z", "taro", "198.51.100.7", "success"],
    ["2026-11-21T04:00:00Z", "hanako", "2001:db8:1::5", "success"],
    ["2026-11-21T05:00:00Z", "jiro", "198.51.100.8", "wrong-password"],
    ["2026-11-21T05:01:00Z", "jiro", "198.51.100.8", "wrong-password"],
    ["2026-11-21T05:02:00Z", null, "198.51.100.8", "unknown-id"],
    ["2026-11-21T03:00:00Z", "saburo", "198.51.101.1", "success"],
    ["2026-11-20T23:59:59Z", "shiro", "198.51.100.9", "success"],
    ["2026-11-21T08:00:00Z", "shiro", "198.51.100.9", "success"],
  ];
  for (const [time, loginId, ipAddress, result] of attempts) {
    const clock = new ManualClock(new Date(time));
    await recordSignInAttempt(
      { ...portal.deps, clock },
      {
        method: "password",
        result,
        memberId: loginId ? (ids.get(loginId) ?? null) : null,
        identifier: null,
        ipAddress,
        userAgent: "stuffing-bot/1.0",
      },
    );
  }
  return ids;
}

async function setUp() {
  const portal = createTestPortal();
  const personas = await createPersonas(portal);
  const ids = await seedIncident(portal);
  return { portal, ids, ...personas };
}

/** The login IDs linked in a results table, between one heading and the next. */
function listedIn(html: string, heading: string): string[] {
  const start = html.indexOf(`<h3>${heading}</h3>`);
  assert.ok(start >= 0, `a "${heading}" section`);
  const end = html.indexOf("<h3>", start + 1);
  const section = html.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/<a href="\/admin\/members\/\d+">([^<]+)<\/a>/g)].map(
    (match) => match[1] ?? "",
  );
}

async function auditActions(portal: TestPortal): Promise<string[]> {
  const events = await portal.deps.database.select().from(auditEvent);
  return events.map((event) => event.action);
}

describe("incident investigation", () => {
  test("lists the members who signed in from the ranges in the window, and apart those who only failed", async () => {
    const { administrator, ids } = await setUp();
    const page = await administrator.get(`/admin/investigate?${query}`);
    assert.equal(page.status, 200);
    assert.deepEqual(listedIn(page.text, "Signed in successfully"), ["hanako", "taro"]);
    assert.deepEqual(listedIn(page.text, "Tried without success"), ["jiro"]);
    assert.match(page.text, new RegExp(`href="/admin/members/${ids.get("taro")}"`));
    assert.ok(
      page.text.includes(`href="/admin/investigate/export?${query.replaceAll("&", "&amp;")}"`),
    );
    assert.match(
      page.text,
      /value="investigation: 198\.51\.100\.0\/24, 2001:db8:1::\/48 2026-11-21T00:00Z\.\.2026-11-21T08:00Z"/,
    );
  });

  test("the form starts on the last 24 hours and explains a bad source or window", async () => {
    const { administrator } = await setUp();
    const empty = await administrator.get("/admin/investigate");
    assert.equal(empty.status, 200);
    assert.match(empty.text, /name="from" type="datetime-local" value="2026-11-20T09:00"/);
    assert.match(empty.text, /name="to" type="datetime-local" value="2026-11-21T09:00"/);
    assert.doesNotMatch(empty.text, /Signed in successfully/);

    const badRange = await administrator.get(
      `/admin/investigate?${new URLSearchParams({ sources: "198.51.100.0/24\n198.51.100.0/33", ...window })}`,
    );
    assert.equal(badRange.status, 400);
    assert.match(
      badRange.text,
      /&quot;198\.51\.100\.0\/33&quot; is not an IP address or CIDR range/,
    );
    const backwards = await administrator.get(
      `/admin/investigate?${new URLSearchParams({ sources, from: window.to, to: window.from })}`,
    );
    assert.equal(backwards.status, 400);
    assert.match(backwards.text, /The end must be after the start/);
    const nothing = await administrator.get(
      `/admin/investigate?${new URLSearchParams({ sources: " ", ...window })}`,
    );
    assert.equal(nothing.status, 400);
    assert.match(nothing.text, /Enter at least one IP address or CIDR range/);
  });

  test("the CSV export holds the same rows and is audited", async () => {
    const { portal, administrator } = await setUp();
    const csv = await administrator.get(`/admin/investigate/export?${query}`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
    assert.equal(
      csv.text,
      [
        "outcome,login_id,successes,failures,last_success_at,last_attempt_at",
        "signed-in,hanako,1,0,2026-11-21T04:00:00.000Z,2026-11-21T04:00:00.000Z",
        "signed-in,taro,1,1,2026-11-21T03:00:00.000Z,2026-11-21T03:00:00.000Z",
        "failed-only,jiro,0,2,,2026-11-21T05:01:00.000Z",
        "",
      ].join("\r\n"),
    );
    assert.ok((await auditActions(portal)).includes("investigation.exported"));
  });

  test("the reset button creates a dry-run job over exactly the members who signed in", async () => {
    const { portal, administrator } = await setUp();
    const response = await administrator.post("/admin/investigate/reset", {
      sources,
      ...window,
      reason: "investigation: stuffing wave from 198.51.100.0/24",
    });
    assert.equal(response.status, 303);
    const id = Number(/^\/admin\/resets\/(\d+)$/.exec(response.location ?? "")?.[1]);
    const job = await findBulkResetJob(portal.deps.database, id);
    assert.equal(job?.dryRun, true);
    assert.equal(job?.reason, "investigation: stuffing wave from 198.51.100.0/24");
    const items = await portal.deps.database
      .select({ identifier: bulkResetItem.identifier })
      .from(bulkResetItem)
      .where(eq(bulkResetItem.jobId, id))
      .orderBy(asc(bulkResetItem.position));
    assert.deepEqual(
      items.map((item) => item.identifier),
      ["hanako", "taro"],
    );
    assert.equal((await administrator.get(`/admin/resets/${id}`)).status, 200);
    const actions = await auditActions(portal);
    assert.ok(actions.includes("bulk-reset.dry-run") && actions.includes("investigation.reset"));

    const nobody = await administrator.post("/admin/investigate/reset", {
      sources: "192.0.2.0/24",
      ...window,
      reason: "nothing there",
    });
    assert.equal(nobody.status, 400);
    assert.match(nobody.text, /No member signed in from these sources in this window/);
  });

  test("a member who is not an administrator is refused", async () => {
    const { member, anonymous } = await setUp();
    assert.equal((await member.get(`/admin/investigate?${query}`)).status, 403);
    assert.equal((await member.get(`/admin/investigate/export?${query}`)).status, 403);
    const reset = await member.post("/admin/investigate/reset", {
      sources,
      ...window,
      reason: "x",
    });
    assert.equal(reset.status, 403);
    assert.equal((await anonymous.get(`/admin/investigate?${query}`)).status, 303);
  });

  test("the API answers the same sets, 400 for bad input and 401 without a key", async () => {
    const { portal } = await setUp();
    const { value: key } = await createApiKey(portal.deps.database, portal.clock, {
      name: "soc",
      createdByMemberId: null,
      scopes: apiKeyScopes,
      expiresInDays: null,
    });
    const call = (
      body: string,
      headers: Record<string, string> = { authorization: `Bearer ${key}` },
    ) =>
      portal.app.request("/admin/api/investigations", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
    const request = {
      sources: ["198.51.100.0/24", "2001:db8:1::/48"],
      from: "2026-11-21T00:00:00Z",
      to: "2026-11-21T09:00:00+01:00",
    };

    const answered = await call(JSON.stringify(request));
    assert.equal(answered.status, 200);
    const body = await answered.json();
    assert.deepEqual(
      body.signedIn.map((found: { loginId: string }) => found.loginId),
      ["hanako", "taro"],
    );
    assert.deepEqual(body.signedIn[1], {
      loginId: "taro",
      successes: 1,
      failures: 1,
      lastSuccessAt: "2026-11-21T03:00:00.000Z",
      lastAttemptAt: "2026-11-21T03:00:00.000Z",
    });
    assert.deepEqual(
      body.failedOnly.map((found: { loginId: string }) => found.loginId),
      ["jiro"],
    );
    assert.deepEqual(body.counts, { signedIn: 2, failedOnly: 1, truncated: false });
    assert.ok((await auditActions(portal)).includes("investigation.queried"));

    const unauthorized = await call(JSON.stringify(request), {});
    assert.equal(unauthorized.status, 401);
    assert.match(unauthorized.headers.get("www-authenticate") ?? "", /^Bearer/);
    const badJson = await call("{not json");
    assert.equal(badJson.status, 400);
    assert.equal((await badJson.json()).error.code, "invalid-json");
    for (const [field, value, pattern] of [
      ["sources", ["198.51.100.0/24", "not-an-ip"], /not-an-ip/],
      ["sources", [], /at least one/],
      ["sources", "198.51.100.0/24", /sources must be an array/],
      ["from", "yesterday", /ISO 8601/],
      ["to", "2026-11-20T00:00:00Z", /after from/],
    ] as const) {
      const response = await call(JSON.stringify({ ...request, [field]: value }));
      assert.equal(response.status, 400, `${field}: ${JSON.stringify(value)}`);
      assert.match((await response.json()).error.message, pattern);
    }
  });
});
