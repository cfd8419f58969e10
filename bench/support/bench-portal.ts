import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";
import { createDeps } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import type { Deps } from "../../src/deps";
import { createArgon2Hasher, owaspArgon2Parameters } from "../../src/passwords/hashing";

/**
 * The portal's production dependencies over a fresh database file in bench/.work/<name>, and
 * one real argon2id hash that seeded members share (hashing a million would take hours).
 */
export async function openBenchPortal(
  name: string,
): Promise<{ deps: Deps; passwordHash: string; remove(): void }> {
  const folder = join(import.meta.dirname, "../.work", name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const config = loadConfig({
    NODE_ENV: "production",
    REKEY_ORIGIN: "https://portal.example.jp",
    // The benches call http://127.0.0.1:PORT as a proxy in front of portal.example.jp would:
    // a trusted proxy that sends no X-Forwarded-Host is not redirected to the origin.
    TRUSTED_PROXIES: "127.0.0.1",
    REKEY_DB: join(folder, "rekey.db"),
    LOG_LEVEL: "silent",
    PORT: "0",
  });
  const deps = createDeps(config, { logger: pino({ level: "silent" }) });
  const passwordHash =
    await createArgon2Hasher(owaspArgon2Parameters).hashPassword("bench password 2026");
  return { deps, passwordHash, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
