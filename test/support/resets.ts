import assert from "node:assert/strict";
import { apiKeyScopes } from "../../src/admin/api-key-scopes";
import { createApiKey } from "../../src/admin/api-keys";
import { runBulkResetJob } from "../../src/resets/bulk-reset-runner";
import type { TestPortal } from "./harness";

/** An incident-response key with every scope, as the bulk-reset API's caller would hold. */
export async function createTestApiKey(portal: TestPortal, name = "soc"): Promise<string> {
  const { value } = await createApiKey(portal.deps.database, portal.clock, {
    name,
    createdByMemberId: null,
    scopes: apiKeyScopes,
    expiresInDays: null,
  });
  return value;
}

/**
 * Force-resets IDs the way an incident team does from its tooling: a bulk reset through the API
 * (options as the API takes them), then the worker runs it.
 */
export async function forceResetByApi(
  portal: TestPortal,
  loginIds: string[],
  options: Record<string, boolean> = {},
): Promise<void> {
  const key = await createTestApiKey(portal);
  const accepted = await portal.app.request("/admin/api/bulk-resets", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ loginIds, reason: "seen in a combo list", ...options }),
  });
  assert.equal(accepted.status, 202);
  await runBulkResetJob(portal.deps, {});
}
