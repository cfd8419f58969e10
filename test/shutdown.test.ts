import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import BetterSqlite3 from "better-sqlite3";
import { apiKeyScopes } from "../src/admin/api-key-scopes";
import { createApiKey } from "../src/admin/api-keys";
import { loadConfig } from "../src/config";
import { startServer } from "../src/server";

async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("shutdown", () => {
  test("SIGTERM during a large list upload completes that request and refuses new ones with 503", async (t) => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-shutdown-"));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const port = await findFreePort();
    const config = loadConfig({
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      REKEY_ORIGIN: `http://localhost:${port}`,
      REKEY_DB: join(folder, "rekey.db"),
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    });
    const running = await startServer(config, { drainTimeoutInMilliseconds: 20_000 });
    const { value: apiKey } = await createApiKey(running.deps.database, running.deps.clock, {
      name: "soc",
      createdByMemberId: null,
      scopes: apiKeyScopes,
      expiresInDays: null,
    });

    // 60,000 IDs, sent in two halves so the signal arrives while the body is still coming in.
    const loginIds = Array.from({ length: 60_000 }, (_, index) => `member-${index}`);
    const body = Buffer.from(JSON.stringify({ loginIds, reason: "leak", dryRun: true }));
    const upload = httpRequest({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/admin/api/bulk-resets",
      headers: {
        "content-type": "application/json",
        "content-length": body.length,
        authorization: `Bearer ${apiKey}`,
      },
    });
    const uploaded = new Promise<{ status: number; json: { total: number; id: number } }>(
      (resolve, reject) => {
        upload.on("response", (response) => {
          let text = "";
          response.on("data", (chunk) => {
            text += chunk;
          });
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) }),
          );
        });
        upload.on("error", reject);
      },
    );
    upload.write(body.subarray(0, body.length / 2));
    await sleep(200);

    const stopped = running.shutdown("SIGTERM");
    const refused = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get("connection"), "close");
    assert.ok(refused.headers.get("retry-after"));

    upload.end(body.subarray(body.length / 2));
    const answer = await uploaded;
    assert.equal(answer.status, 202);
    assert.equal(answer.json.total, 60_000);
    await stopped;

    // The job was stored whole, not left "preparing".
    const database = new BetterSqlite3(join(folder, "rekey.db"), { readonly: true });
    const job = database
      .prepare("select status, total from bulk_reset_job where id = ?")
      .get(answer.json.id) as { status: string; total: number };
    database.close();
    assert.notEqual(job.status, "preparing");
    assert.equal(job.total, 60_000);
  });
});
