import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { desc } from "drizzle-orm";
import { findMemberByLoginId } from "../src/accounts/members";
import { runComboScans } from "../src/combo-scans/scan-runner";
import { prepareComboListFile } from "../src/combo-scans/spool";
import { openDatabase } from "../src/db/connection";
import { auditEvent } from "../src/db/schema";
import { findSourceBlock, listActiveSourceBlocks } from "../src/defence/blocklist";
import { createBulkResetJob } from "../src/resets/bulk-reset-jobs";
import { memberPassword } from "./support/browser";
import { runRekey } from "./support/cli";
import { createTestPortal, type TestPortal } from "./support/harness";
import { createPersonas, registeredRoutes } from "./support/routes";

async function auditEntries(portal: TestPortal) {
  const rows = await portal.deps.database.select().from(auditEvent).orderBy(desc(auditEvent.id));
  return rows.map((row) => ({
    actor: row.actorLabel,
    action: row.action,
    details: JSON.parse(row.details) as Record<string, unknown>,
  }));
}

async function latestEntry(portal: TestPortal) {
  const [latest] = await auditEntries(portal);
  assert.ok(latest, "an audit entry was recorded");
  return latest;
}

describe("every administrator action is in the audit log", () => {
  test("the first administrator's creation through the setup link", async () => {
    const portal = createTestPortal();
    await createPersonas(portal);
    const entries = await auditEntries(portal);
    const created = entries.find((entry) => entry.action === "administrator.created");
    assert.deepEqual(created, {
      actor: "admin",
      action: "administrator.created",
      details: {
        memberId: (await findMemberByLoginId(portal.deps.database, "admin"))?.id,
        loginId: "admin",
        via: "setup-link",
      },
    });
  });

  test("blocks added, imported and removed, and the under-attack mode, on the attacks page", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);

    await administrator.post("/admin/attacks/blocks", {
      // Not the administrator's own network (203.0.113.10): that asks for a confirmation first.
      cidr: "198.18.0.0/24",
      reason: "stuffing wave",
      expiresInHours: "24",
    });
    const added = await latestEntry(portal);
    assert.equal(added.action, "block.added");
    assert.equal(added.actor, "admin");
    assert.equal(added.details.cidr, "198.18.0.0/24");
    assert.equal(added.details.reason, "stuffing wave");
    assert.equal(added.details.expiresAt, "2026-11-22T09:00:00.000Z");

    await administrator.post("/admin/attacks/blocks/import", {
      list: "192.0.2.0/24\n198.51.100.7\nnot an address\n",
      reason: "",
      expiresInHours: "",
    });
    const imported = await latestEntry(portal);
    assert.equal(imported.action, "block.imported");
    assert.equal(imported.details.imported, 2);
    assert.equal(imported.details.skipped, 1);

    const [block] = (await listActiveSourceBlocks(portal.deps, 10)).filter(
      (row) => row.cidr === "198.18.0.0/24",
    );
    assert.ok(block);
    await administrator.post("/admin/attacks/blocks/remove", { blockId: String(block.id) });
    assert.equal(await findSourceBlock(portal.deps.database, block.id), undefined);
    const removed = await latestEntry(portal);
    assert.equal(removed.action, "block.removed");
    assert.equal(removed.details.cidr, "198.18.0.0/24");

    await administrator.post("/admin/attacks/mode", { setting: "on" });
    const mode = await latestEntry(portal);
    assert.deepEqual(mode, {
      actor: "admin",
      action: "under-attack-mode.set",
      details: { setting: "on" },
    });
  });

  test("failed mail queued again from the console", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const response = await administrator.post("/admin/mail/retry", {});
    assert.equal(response.status, 303);
    assert.deepEqual(await latestEntry(portal), {
      actor: "admin",
      action: "mail.requeued",
      details: { count: 0 },
    });
  });

  test("every export in the console, once downloaded, with its filters and row count", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const admin = await findMemberByLoginId(portal.deps.database, "admin");
    assert.ok(admin);
    const job = await createBulkResetJob(portal.deps, {
      identifiers: ["member", "nobody-here"],
      reason: "stuffing wave",
      dryRun: true,
      revokeSessions: true,
      invalidatePassword: true,
      notifyMembers: true,
      source: "web",
      actor: { kind: "member", memberId: admin.id, loginId: admin.loginId },
    });
    const exportRoutes = registeredRoutes(portal).filter(
      (route) =>
        route.method === "GET" &&
        route.path.startsWith("/admin/") &&
        route.path.endsWith("/export"),
    );
    assert.ok(exportRoutes.length >= 4, exportRoutes.map((route) => route.path).join(", "));
    // A live job for the follow-through lists, and a finished combo-list scan for its results.
    const liveJob = await createBulkResetJob(portal.deps, {
      identifiers: ["member"],
      reason: "stuffing wave",
      dryRun: false,
      revokeSessions: true,
      invalidatePassword: true,
      notifyMembers: true,
      source: "web",
      actor: { kind: "member", memberId: admin.id, loginId: admin.loginId },
    });
    const folder = mkdtempSync(join(tmpdir(), "rekey-audit-scan-"));
    const listFile = join(folder, "list.txt");
    writeFileSync(listFile, `member:${memberPassword}\n`);
    const scan = await prepareComboListFile(portal.deps, listFile, {
      name: "audit",
      fileName: "list.txt",
      source: "cli",
      actor: { kind: "cli" },
    });
    await runComboScans(portal.deps, { scanId: scan.id });
    rmSync(folder, { recursive: true, force: true });
    const exportTarget = (path: string): string => {
      if (path.startsWith("/admin/resets/") && path.endsWith("/members/export"))
        return `${path.replace(/:id\{\[0-9\]\+\}/, String(liveJob.id))}?state=pending`;
      if (path.startsWith("/admin/combo-scans/"))
        return path.replace(/:id\{\[0-9\]\+\}/, String(scan.id));
      if (path === "/admin/investigate/export") return `${path}?sources=203.0.113.0%2F24&hours=24`;
      return `${path.replace(/:id\{\[0-9\]\+\}/, String(job.id))}?action=bulk-reset`;
    };
    for (const route of exportRoutes) {
      const target = exportTarget(route.path);
      const path = target.split("?")[0] ?? target;
      const before = (await auditEntries(portal)).length;
      const response = await administrator.get(target);
      assert.equal(response.status, 200, `${path}: ${response.text.slice(0, 200)}`);
      const entries = await auditEntries(portal);
      assert.equal(entries.length, before + 1, `${path} is audited once`);
      const latest = entries[0];
      assert.ok(latest);
      assert.equal(latest.actor, "admin", path);
      assert.match(latest.action, /exported|downloaded/, path);
      if (latest.action === "export.downloaded") {
        assert.equal(latest.details.export, path);
        assert.equal(typeof latest.details.rows, "number");
      }
    }
    const audit = (await auditEntries(portal)).find(
      (entry) => entry.details.export === "/admin/audit/export",
    );
    assert.deepEqual(audit?.details, {
      export: "/admin/audit/export",
      rows: 2, // the dry run and the live job created above
      filters: { action: "bulk-reset" },
    });
  });

  test("a refused or detoured export records nothing", async () => {
    const portal = createTestPortal();
    const { member, administrator } = await createPersonas(portal);
    const before = (await auditEntries(portal)).length;
    assert.equal((await member.get("/admin/audit/export")).status, 403);
    portal.clock.advanceByMinutes(15);
    assert.equal((await administrator.get("/admin/audit/export")).status, 303);
    assert.equal((await auditEntries(portal)).length, before);
  });
});

describe("every operator command that changes something is in the audit log", () => {
  test("rekey admin create, rekey block import and rekey mail retry", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-audit-"));
    try {
      const environment = { REKEY_DB: join(folder, "rekey.db") };
      const created = await runRekey(
        ["admin", "create", "--login-id", "boss", "--email", "boss@example.jp"],
        { stdin: `${memberPassword}\n`, environment },
      );
      assert.equal(created.code, 0, created.err);
      const list = join(folder, "drop.txt");
      writeFileSync(list, "192.0.2.0/24\n");
      const imported = await runRekey(["block", "import", list, "--reason", "drop list"], {
        environment,
      });
      assert.equal(imported.code, 0, imported.err);
      const retried = await runRekey(["mail", "retry"], { environment });
      assert.equal(retried.code, 0, retried.err);

      const database = openDatabase(environment.REKEY_DB);
      const rows = await database.select().from(auditEvent).orderBy(auditEvent.id);
      database.$client.close();
      assert.deepEqual(
        rows.map((row) => [row.actorLabel, row.action]),
        [
          ["cli", "administrator.created"],
          ["cli", "block.imported"],
          ["cli", "mail.requeued"],
        ],
      );
      assert.deepEqual(JSON.parse(rows[1]?.details ?? "{}"), {
        imported: 1,
        skipped: 0,
        reason: "drop list",
        // Imported blocks expire after a day unless --permanent says otherwise.
        expiresAt: JSON.parse(rows[1]?.details ?? "{}").expiresAt,
        file: list,
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
