import { and, desc, eq, lt } from "drizzle-orm";
import type { Database } from "../db/connection";
import { passwordHistory } from "../db/schema";
import type { Clock } from "../deps";
import type { PasswordHasher } from "./hashing";
import { verifyMemberPassword } from "./member-password";

/** A new password may not be any of the member's last five (ASVS 6.2.x, NIST "previously used"). */
export const rememberedPasswords = 5;

/** Records a password that was just set; call in the transaction that sets it. */
export async function rememberPassword(
  database: Database,
  clock: Clock,
  options: { memberId: number; passwordHash: string },
): Promise<void> {
  await database.insert(passwordHistory).values({ ...options, createdAt: clock.now() });
  const [oldestKept] = await database
    .select({ id: passwordHistory.id })
    .from(passwordHistory)
    .where(eq(passwordHistory.memberId, options.memberId))
    .orderBy(desc(passwordHistory.id))
    .limit(1)
    .offset(rememberedPasswords - 1);
  if (oldestKept) {
    await database
      .delete(passwordHistory)
      .where(
        and(eq(passwordHistory.memberId, options.memberId), lt(passwordHistory.id, oldestKept.id)),
      );
  }
}

/**
 * Whether `password` is one of the remembered ones. Each comparison is an argon2 verification on
 * the libuv pool (off the event loop); they run in parallel, at most five.
 */
export async function isRecentlyUsedPassword(
  database: Database,
  hasher: PasswordHasher,
  options: { memberId: number; password: string; currentHash: string | null },
): Promise<boolean> {
  const rows = await database
    .select({ passwordHash: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(eq(passwordHistory.memberId, options.memberId))
    .orderBy(desc(passwordHistory.id))
    .limit(rememberedPasswords);
  const hashes = new Set(rows.map((row) => row.passwordHash));
  if (options.currentHash) hashes.add(options.currentHash);
  const matches = await Promise.all(
    [...hashes].map((hash) => verifyMemberPassword(hasher, hash, options.password)),
  );
  return matches.some(Boolean);
}
