import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { findMemberByLoginId } from "../src/accounts/members";
import { createApiKey } from "../src/admin/api-keys";
import { member } from "../src/db/schema";
import { runBulkResetJob } from "../src/resets/bulk-reset-runner";
import { registerAndSignIn } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { createTestApiKey } from "./support/resets";

function call(portal: TestPortal, key: string, path: string, body?: unknown) {
  return portal.app.request(path, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("GET /admin/api/bulk-resets", () => {
  test("lists jobs newest first, a page at a time, with a link to the next page", async () => {
    const portal = createTestPortal();
    const key = await createTestApiKey(portal);
    for (const reason of ["first", "second", "third"]) {
      const created = await call(portal, key, "/admin/api/bulk-resets", {
        loginIds: ["nobody"],
        reason,
      });
      assert.equal(created.status, 202);
    }
    const first = await call(portal, key, "/admin/api/bulk-resets?limit=2");
    assert.equal(first.status, 200);
    const page1 = await first.json();
    assert.deepEqual(
      page1.jobs.map((job: { reason: string }) => job.reason),
      ["third", "second"],
    );
    assert.equal(page1.next, "http://localhost:3000/admin/api/bulk-resets?limit=2&before=2");
    const page2 = await (
      await call(portal, key, new URL(page1.next).pathname + new URL(page1.next).search)
    ).json();
    assert.deepEqual(
      page2.jobs.map((job: { reason: string }) => job.reason),
      ["first"],
    );
    assert.equal(page2.next, null);
    assert.equal(page2.jobs[0].options.notifyMembers, true);
  });

  test("refuses a bad limit or cursor, and a key without a reading scope", async () => {
    const portal = createTestPortal();
    const key = await createTestApiKey(portal);
    for (const query of ["limit=0", "limit=101", "limit=x", "before=0", "before=abc"]) {
      const response = await call(portal, key, `/admin/api/bulk-resets?${query}`);
      assert.equal(response.status, 400, query);
    }
    const { value: investigationOnly } = await createApiKey(portal.deps.database, portal.clock, {
      name: "narrow",
      createdByMemberId: null,
      scopes: ["investigation"],
      expiresInDays: null,
    });
    assert.equal((await call(portal, investigationOnly, "/admin/api/bulk-resets")).status, 403);
    assert.equal(
      (await portal.app.request("/admin/api/bulk-resets")).status,
      401,
      "no key, no list",
    );
  });
});

describe("administrators in an API list", () => {
  test("are left out unless named in includeAdministrators", async () => {
    const portal = createTestPortal();
    const key = await createTestApiKey(portal);
    for (const [index, loginId] of ["taro", "chief", "deputy"].entries())
      await registerAndSignIn(portal, { loginId, ipAddress: `198.51.100.${index + 1}` });
    await portal.deps.database
      .update(member)
      .set({ role: "admin" })
      .where(eq(member.loginId, "chief"));
    await portal.deps.database
      .update(member)
      .set({ role: "admin" })
      .where(eq(member.loginId, "deputy"));
    const created = await call(portal, key, "/admin/api/bulk-resets", {
      loginIds: ["taro", "chief", "deputy"],
      reason: "combo list",
      includeAdministrators: ["deputy@example.jp"],
    });
    assert.equal(created.status, 202);
    await runBulkResetJob(portal.deps, {});
    const job = await (await call(portal, key, "/admin/api/bulk-resets/1")).json();
    assert.equal(job.counts.matched, 2);
    assert.equal(job.counts.administratorsExcluded, 1);
    const pending = async (loginId: string) =>
      (await findMemberByLoginId(portal.deps.database, loginId))?.resetRequiredAt !== null;
    assert.deepEqual(
      [await pending("taro"), await pending("chief"), await pending("deputy")],
      [true, false, true],
    );
  });
});
