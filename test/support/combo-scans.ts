import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { insertMember } from "../../src/accounts/members";
import { rememberPassword } from "../../src/passwords/history";
import { createTestPortal, type TestPortal } from "./harness";

/** A portal on a database file in a folder of its own, with the spool beside it. */
export function createFilePortal(t: { after: (fn: () => void) => void }): {
  portal: TestPortal;
  folder: string;
  environment: Record<string, string>;
} {
  const folder = mkdtempSync(join(tmpdir(), "rekey-combo-"));
  const environment = {
    REKEY_DB: join(folder, "rekey.db"),
    REKEY_BREACH_CORPUS: ":memory:",
    REKEY_SCAN_SPOOL: join(folder, "combo-scans"),
  };
  const portal = createTestPortal(environment);
  t.after(() => {
    portal.deps.database.$client.close();
    rmSync(folder, { recursive: true, force: true });
  });
  return { portal, folder, environment };
}

/**
 * A member with a real argon2id hash for `password` and, optionally, earlier passwords in the
 * history (oldest first), as password changes leave them.
 */
export async function seedMember(
  portal: TestPortal,
  options: { loginId: string; email?: string; password: string; previous?: string[] },
): Promise<number> {
  const now = portal.clock.now();
  const passwordHash = await portal.deps.passwordHasher.hashPassword(options.password);
  const created = await insertMember(portal.deps.database, {
    loginId: options.loginId,
    email: options.email ?? `${options.loginId}@example.jp`,
    passwordHash,
    passwordChangedAt: now,
    createdAt: now,
    language: "en",
  });
  assert.ok(created, `member ${options.loginId} inserted`);
  for (const previous of options.previous ?? []) {
    await rememberPassword(portal.deps.database, portal.clock, {
      memberId: created.id,
      passwordHash: await portal.deps.passwordHasher.hashPassword(previous),
    });
  }
  await rememberPassword(portal.deps.database, portal.clock, {
    memberId: created.id,
    passwordHash,
  });
  return created.id;
}

export function writeList(folder: string, name: string, content: string | Buffer): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

/** Every file under `folder` (the database, its WAL, the spool) whose bytes contain `needle`. */
export function filesContaining(folder: string, needle: string, skip: string[] = []): string[] {
  const found: string[] = [];
  const bytes = Buffer.from(needle, "utf8");
  const walk = (path: string) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      if (skip.includes(full)) continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (readFileSync(full).includes(bytes)) found.push(full);
    }
  };
  walk(folder);
  return found;
}
