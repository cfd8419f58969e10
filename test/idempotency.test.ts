import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { apiKeyScopes } from "../src/admin/api-key-scopes";
import { createApiKey } from "../src/admin/api-keys";
import { createTestPortal, type TestPortal } from "./support/harness";

async function apiClient(portal: TestPortal, name = "soc") {
  const { value } = await createApiKey(portal.deps.database, portal.clock, {
    name,
    createdByMemberId: null,
    scopes: apiKeyScopes,
    expiresInDays: null,
  });
  return (body: unknown, idempotencyKey?: string) =>
    portal.app.request("/admin/api/bulk-resets", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${value}`,
        ...(idempotencyKey === undefined ? {} : { "idempotency-key": idempotencyKey }),
      },
      body: JSON.stringify(body),
    });
}

async function countJobs(portal: TestPortal): Promise<number> {
  const row = portal.deps.database.$client
    .prepare("select count(*) as jobs from bulk_reset_job")
    .get();
  return (row as { jobs: number }).jobs;
}

const request = { loginIds: ["taro", "hanako"], reason: "credential leak", dryRun: true };

describe("Idempotency-Key on POST /admin/api/bulk-resets", () => {
  test("the same key twice answers the same job and creates one", async () => {
    const portal = createTestPortal();
    const post = await apiClient(portal);
    const first = await post(request, '"retry-7f3a"');
    assert.equal(first.status, 202);
    const second = await post(request, '"retry-7f3a"');
    assert.equal(second.status, 202);
    const [firstJob, secondJob] = [await first.json(), await second.json()];
    assert.equal(secondJob.id, firstJob.id);
    assert.equal(second.headers.get("location"), first.headers.get("location"));
    assert.equal(await countJobs(portal), 1);
  });

  test("the same key with a different body is refused with 422 and creates nothing", async () => {
    const portal = createTestPortal();
    const post = await apiClient(portal);
    assert.equal((await post(request, "key-1")).status, 202);
    const reused = await post({ ...request, reason: "another incident" }, "key-1");
    assert.equal(reused.status, 422);
    assert.equal((await reused.json()).error.code, "idempotency-key-reused");
    assert.equal(await countJobs(portal), 1);
  });

  test("keys are scoped per API key, expire after a day, and requests without one are not deduplicated", async () => {
    const portal = createTestPortal();
    const soc = await apiClient(portal, "soc");
    const helpdesk = await apiClient(portal, "helpdesk");
    const [a, b] = [await soc(request, "shared"), await helpdesk(request, "shared")];
    assert.notEqual((await a.json()).id, (await b.json()).id);
    await soc(request);
    await soc(request);
    assert.equal(await countJobs(portal), 4);
    portal.clock.advanceByMinutes(25 * 60);
    assert.equal((await soc(request, "shared")).status, 202);
    assert.equal(await countJobs(portal), 5);
  });

  test("a malformed key is a 400", async () => {
    const portal = createTestPortal();
    const post = await apiClient(portal);
    const response = await post(request, "has spaces in it");
    assert.equal(response.status, 400);
    assert.equal(await countJobs(portal), 0);
  });
});
