import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { registerMember } from "../src/accounts/registration";
import type { ApiKeyScope } from "../src/admin/api-key-scopes";
import { createApiKey } from "../src/admin/api-keys";
import { openDatabase } from "../src/db/connection";
import { apiKey, auditEvent, bulkResetJob } from "../src/db/schema";
import { memberPassword } from "./support/browser";
import { runRekey } from "./support/cli";
import { createTestPortal, type TestPortal } from "./support/harness";
import { createPersonas } from "./support/routes";

async function keyWith(
  portal: TestPortal,
  scopes: ApiKeyScope[],
  expiresInDays: number | null = null,
): Promise<string> {
  const { value } = await createApiKey(portal.deps.database, portal.clock, {
    name: scopes.join(" ") || "none",
    createdByMemberId: null,
    scopes,
    expiresInDays,
  });
  return value;
}

function callApi(portal: TestPortal, key: string, path: string, body?: unknown) {
  return portal.app.request(path, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const bulkReset = { loginIds: ["taro"], reason: "stuffing wave" };
const investigation = {
  sources: ["192.0.2.1"],
  from: "2026-11-20T00:00:00Z",
  to: "2026-11-21T00:00:00Z",
};

describe("API key scopes", () => {
  test("a read-only key reads jobs but cannot start a bulk reset or investigate", async () => {
    const portal = createTestPortal();
    const readOnly = await keyWith(portal, ["read-only"]);
    const refused = await callApi(portal, readOnly, "/admin/api/bulk-resets", bulkReset);
    assert.equal(refused.status, 403);
    assert.equal((await refused.json()).error.code, "insufficient-scope");
    assert.match(refused.headers.get("www-authenticate") ?? "", /insufficient_scope/);
    assert.equal((await portal.deps.database.select().from(bulkResetJob)).length, 0);
    const investigating = await callApi(
      portal,
      readOnly,
      "/admin/api/investigations",
      investigation,
    );
    assert.equal(investigating.status, 403);

    const started = await callApi(
      portal,
      await keyWith(portal, ["bulk-reset"]),
      "/admin/api/bulk-resets",
      bulkReset,
    );
    assert.equal(started.status, 202);
    const job = await started.json();
    assert.equal((await callApi(portal, readOnly, `/admin/api/bulk-resets/${job.id}`)).status, 200);
  });

  test("an investigation key investigates but cannot start a bulk reset", async () => {
    const portal = createTestPortal();
    const investigator = await keyWith(portal, ["investigation"]);
    assert.equal(
      (await callApi(portal, investigator, "/admin/api/bulk-resets", bulkReset)).status,
      403,
    );
    assert.equal(
      (await callApi(portal, investigator, "/admin/api/investigations", investigation)).status,
      200,
    );
  });

  test("the audit log records which scope admitted each API action", async () => {
    const portal = createTestPortal();
    await registerMember(portal.deps, {
      loginId: "taro",
      email: "taro@example.jp",
      password: "violet harbour lanterns drift at noon",
    });
    const key = await keyWith(portal, ["bulk-reset", "investigation"]);
    await callApi(portal, key, "/admin/api/bulk-resets", bulkReset);
    await callApi(portal, key, "/admin/api/investigations", investigation);
    const events = await portal.deps.database.select().from(auditEvent);
    const scopeOf = (action: string) =>
      JSON.parse(events.find((event) => event.action === action)?.details ?? "{}").apiKeyScope;
    assert.equal(scopeOf("bulk-reset.created"), "bulk-reset");
    assert.equal(scopeOf("investigation.queried"), "investigation");
  });

  test("an expired key is refused like an unknown one: 401 with the same body", async () => {
    const portal = createTestPortal();
    const key = await keyWith(portal, ["read-only"], 30);
    assert.equal((await callApi(portal, key, "/admin/api/bulk-resets/1")).status, 404);
    portal.clock.advanceByMinutes(30 * 24 * 60);
    const expired = await callApi(portal, key, "/admin/api/bulk-resets/1");
    const unknown = await callApi(portal, `${key}x`, "/admin/api/bulk-resets/1");
    assert.equal(expired.status, 401);
    assert.equal(await expired.text(), await unknown.text());
  });

  test("the API keys page asks for scopes and an expiry and shows them", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const noScope = await administrator.post("/admin/api-keys", { name: "bot" });
    assert.equal(noScope.status, 400);
    assert.match(noScope.text, /Choose at least one scope\./);
    const badExpiry = await administrator.post("/admin/api-keys", {
      name: "bot",
      "scope-read-only": "on",
      expiresInDays: "0",
    });
    assert.equal(badExpiry.status, 400);

    const created = await administrator.post("/admin/api-keys", {
      name: "bot",
      "scope-investigation": "on",
      "scope-read-only": "on",
      expiresInDays: "7",
    });
    assert.equal(created.status, 200);
    assert.match(created.text, /data-field="apiKeyScopes">investigation, read-only</);
    const key = /<pre class="mail-text">(rekey_[^<]+)<\/pre>/.exec(created.text)?.[1] ?? "";
    assert.equal((await callApi(portal, key, "/admin/api/bulk-resets", bulkReset)).status, 403);
    portal.clock.advanceByMinutes(7 * 24 * 60);
    await administrator.post("/login", { loginId: "admin", password: memberPassword });
    const later = await administrator.get("/admin/api-keys");
    assert.match(later.text, /<span class="badge">expired<\/span>/);
  });

  test("rekey api-key create needs a scope and takes an expiry", async (t) => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-api-key-"));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const environment = { REKEY_DB: join(folder, "rekey.db") };
    const create = (...options: string[]) =>
      runRekey(["api-key", "create", "--name", "bot", ...options], { environment });
    const missing = await create();
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--scope is required/);
    assert.equal((await create("--scope", "admin")).code, 2);
    assert.equal((await create("--scope", "read-only", "--expires-in-days", "0")).code, 2);

    const created = await create(
      "--scope",
      "read-only",
      "--scope",
      "investigation",
      "--expires-in-days",
      "30",
    );
    assert.equal(created.code, 0, created.err);
    const database = openDatabase(environment.REKEY_DB);
    const [row] = await database.select().from(apiKey);
    database.$client.close();
    assert.equal(row?.scopes, "investigation read-only");
    assert.equal(
      Math.round(((row?.expiresAt?.getTime() ?? 0) - (row?.createdAt.getTime() ?? 0)) / 86_400_000),
      30,
    );
  });
});
