import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runRekey } from "./support/cli";
import { createTestPortal, testOrigin } from "./support/harness";

const metricsToken = "m".repeat(40);

describe("the CLI in scripts", () => {
  test("KEY=$(rekey api-key create ...) captures only the key: logs go to standard error", async (t) => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-cli-logs-"));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const environment = {
      REKEY_DB: join(folder, "rekey.db"),
      REKEY_BREACH_CORPUS: join(folder, "breach.corpus"),
      LOG_LEVEL: "info",
    };
    const created = await runRekey(["api-key", "create", "--name", "ci"], { environment });
    assert.equal(created.code, 0);
    assert.match(created.out, /^\S+\n$/, "standard output is the key and nothing else");
    assert.match(created.err, /"msg":"breached-password corpus open"/, "the log line is on stderr");
  });
});

describe("/metrics for the scraper", () => {
  test("a scrape sets no cookie", async () => {
    const portal = createTestPortal({ REKEY_METRICS_TOKEN: metricsToken });
    const scraped = await portal.app.request(`${testOrigin}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    assert.equal(scraped.status, 200);
    assert.equal(scraped.headers.get("set-cookie"), null);
  });
});
