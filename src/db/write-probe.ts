import type { Database } from "./connection";
import { writeProbe } from "./schema";

/** Rewrites the probe row: a real write transaction, so it fails as a member's write would. */
export async function probeDatabaseWrite(database: Database, now: Date): Promise<void> {
  await database
    .insert(writeProbe)
    .values({ id: 1, probedAt: now })
    .onConflictDoUpdate({ target: writeProbe.id, set: { probedAt: now } });
}

/**
 * SQLite's answers that mean "the database cannot take writes right now" rather than a bug:
 * disk full, I/O error, read-only file or connection, and a lock still held when the busy
 * timeout ran out (https://www.sqlite.org/rescode.html). Extended codes start with these.
 */
const unavailableCodes = ["SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_BUSY"];

export function isDatabaseUnavailableError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && unavailableCodes.some((prefix) => code.startsWith(prefix))) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
