import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runRekey } from "./support/cli";

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
