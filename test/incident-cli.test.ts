import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { authenticateApiKey } from "../src/admin/api-keys";
import { openDatabase } from "../src/db/connection";
import { auditEvent, sourceBlock } from "../src/db/schema";
import { runRekey } from "./support/cli";

/** A fresh database file for one test, removed afterwards. */
function withDatabase(run: (databasePath: string, folder: string) => Promise<void>) {
  return async () => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-incident-cli-"));
    try {
      await run(join(folder, "rekey.db"), folder);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  };
}

describe("rekey block list|remove: a locked-out operator recovers from a shell", () => {
  test(
    "lists the blocks in force and removes one by range or by ID, audited",
    withDatabase(async (databasePath, folder) => {
      const environment = { REKEY_DB: databasePath };
      const list = join(folder, "drop.txt");
      writeFileSync(list, "203.0.113.0/24\n198.51.100.7\n");
      assert.equal((await runRekey(["block", "import", list], { environment })).code, 0);

      const listed = await runRekey(["block", "list"], { environment });
      assert.equal(listed.code, 0, listed.err);
      const lines = listed.out.trim().split("\n");
      assert.equal(lines[0], "id\tcidr\torigin\texpires\treason");
      assert.equal(lines.length, 3);
      assert.match(listed.out, /\t203\.0\.113\.0\/24\timport\t\d{4}-\d\d-\d\dT/);

      const byRange = await runRekey(["block", "remove", "203.0.113.0/24"], { environment });
      assert.equal(byRange.code, 0, byRange.err);
      assert.match(byRange.out, /Removed block \d+ \(203\.0\.113\.0\/24\)\./);
      const remaining = /^(\d+)\t198\.51\.100\.7\/32/m.exec(
        (await runRekey(["block", "list"], { environment })).out,
      )?.[1];
      assert.ok(remaining);
      const byId = await runRekey(["block", "remove", remaining], { environment });
      assert.equal(byId.code, 0, byId.err);
      const none = await runRekey(["block", "list"], { environment });
      assert.match(none.err, /No block is in force/);

      const missing = await runRekey(["block", "remove", "192.0.2.1"], { environment });
      assert.equal(missing.code, 1);
      assert.equal((await runRekey(["block", "remove", "nonsense"], { environment })).code, 2);

      const database = openDatabase(databasePath);
      const audited = await database
        .select()
        .from(auditEvent)
        .where(eq(auditEvent.action, "block.removed"));
      assert.deepEqual(
        audited.map((event) => [event.actorLabel, JSON.parse(event.details).cidr]),
        [
          ["cli", "203.0.113.0/24"],
          ["cli", "198.51.100.7/32"],
        ],
      );
      database.$client.close();
    }),
  );

  test(
    "an imported list expires after 24 hours unless --permanent says otherwise",
    withDatabase(async (databasePath, folder) => {
      const environment = { REKEY_DB: databasePath };
      const first = join(folder, "first.txt");
      const second = join(folder, "second.txt");
      writeFileSync(first, "192.0.2.0/24\n");
      writeFileSync(second, "198.51.100.0/24\n");
      const before = Date.now();
      assert.equal((await runRekey(["block", "import", first], { environment })).code, 0);
      assert.equal(
        (await runRekey(["block", "import", second, "--permanent"], { environment })).code,
        0,
      );
      const both = await runRekey(
        ["block", "import", second, "--permanent", "--expires-in-hours", "2"],
        { environment },
      );
      assert.equal(both.code, 2);
      const database = openDatabase(databasePath);
      const rows = new Map(
        (await database.select().from(sourceBlock)).map((row) => [row.cidr, row.expiresAt]),
      );
      const expiresAt = rows.get("192.0.2.0/24")?.getTime() ?? 0;
      assert.ok(expiresAt >= before + 24 * 3_600_000 && expiresAt <= Date.now() + 24 * 3_600_000);
      assert.equal(rows.get("198.51.100.0/24"), null);
      database.$client.close();
    }),
  );
});

describe("rekey api-key list|revoke", () => {
  test(
    "lists keys without their secrets and revokes one, audited; the revoked key stops working",
    withDatabase(async (databasePath) => {
      const environment = { REKEY_DB: databasePath };
      const created = await runRekey(
        ["api-key", "create", "--name", "soc tooling", "--scope", "read-only"],
        { environment },
      );
      assert.equal(created.code, 0, created.err);
      const secret = created.out.trim();

      const listed = await runRekey(["api-key", "list"], { environment });
      assert.equal(listed.code, 0, listed.err);
      assert.equal(
        listed.out.split("\n")[0],
        "id\tname\tscopes\tstate\tcreated\tlast_used\texpires",
      );
      const row = listed.out.split("\n")[1] ?? "";
      assert.match(row, /\tsoc tooling\tread-only\tactive\t/);
      assert.ok(!listed.out.includes(secret), "the secret is never listed");
      const id = row.split("\t")[0] ?? "";

      const revoked = await runRekey(["api-key", "revoke", id], { environment });
      assert.equal(revoked.code, 0, revoked.err);
      assert.match(revoked.out, /Revoked key .+ \(soc tooling\)\./);
      assert.match((await runRekey(["api-key", "list"], { environment })).out, /\trevoked\t/);
      assert.equal((await runRekey(["api-key", "revoke", id], { environment })).code, 1);

      const database = openDatabase(databasePath);
      const audited = await database
        .select()
        .from(auditEvent)
        .where(eq(auditEvent.action, "api-key.revoked"));
      assert.equal(audited.length, 1);
      assert.equal(audited[0]?.actorLabel, "cli");
      const clock = { now: () => new Date() };
      assert.equal(await authenticateApiKey(database, clock, secret), null);
      database.$client.close();
    }),
  );
});
