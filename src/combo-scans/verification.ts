import { availableParallelism } from "node:os";
import { sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import type { Deps } from "../deps";
import { rememberedPasswords } from "../passwords/history";
import { verifyMemberPassword } from "../passwords/member-password";
import type { ComboPair } from "./combo-lines";
import { exposure } from "./scans";

/** A member a pair's identifier belongs to, with every hash its password is compared with. */
interface MatchedMember {
  id: number;
  passwordHash: string | null;
  previousHashes: string[];
}

/**
 * Verifications run on libuv's thread pool, which sign-in shares (hashing.ts). The scan keeps at
 * most one verification per core in flight and always leaves two pool threads free, so a
 * member's sign-in never queues behind the scan: it only shares the cores.
 */
export function defaultVerificationConcurrency(): number {
  const poolThreads = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, Math.min(availableParallelism(), poolThreads - 2));
}

/** Runs at most `concurrency` tasks at once; the rest wait their turn in order. */
export function createVerificationPool(concurrency: number) {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new TypeError("concurrency must be >= 1");
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
export type VerificationPool = ReturnType<typeof createVerificationPool>;

/**
 * Finds the members the pairs' identifiers belong to, one query per kind for the whole batch,
 * with their current hash and the hashes of their remembered passwords.
 */
export async function findMatchedMembers(
  database: Database,
  pairs: ComboPair[],
): Promise<Map<string, MatchedMember>> {
  const emails = [
    ...new Set(pairs.filter((pair) => pair.kind === "email").map((pair) => pair.key)),
  ];
  const loginIds = [
    ...new Set(pairs.filter((pair) => pair.kind === "loginId").map((pair) => pair.key)),
  ];
  const found = new Map<string, MatchedMember>();
  const byId = new Map<number, MatchedMember>();
  // json_each takes the whole batch as one parameter: no IN list to build per batch.
  const select = async (column: "email" | "login_id", keys: string[]) => {
    if (keys.length === 0) return;
    const rows = await database.all<{ id: number; key: string; passwordHash: string | null }>(
      sql`select id, ${sql.raw(column)} as key, password_hash as passwordHash from member where ${sql.raw(column)} in (select value from json_each(${JSON.stringify(keys)}))`,
    );
    for (const row of rows) {
      const matched = byId.get(row.id) ?? {
        id: row.id,
        passwordHash: row.passwordHash,
        previousHashes: [],
      };
      byId.set(row.id, matched);
      found.set(`${column === "email" ? "email" : "loginId"}:${row.key}`, matched);
    }
  };
  await select("email", emails);
  await select("login_id", loginIds);
  if (byId.size > 0) {
    const history = await database.all<{ memberId: number; passwordHash: string }>(
      sql`select member_id as memberId, password_hash as passwordHash from password_history where member_id in (select value from json_each(${JSON.stringify([...byId.keys()])})) order by id desc`,
    );
    for (const row of history) {
      const matched = byId.get(row.memberId);
      if (!matched || matched.previousHashes.length >= rememberedPasswords) continue;
      // The newest entry is the current password, already checked first.
      if (row.passwordHash !== matched.passwordHash) matched.previousHashes.push(row.passwordHash);
    }
  }
  return found;
}

export function matchKeyOf(pair: ComboPair): string {
  return `${pair.kind}:${pair.key}`;
}

/**
 * How exposed a member is by one pair: the password signs in today (current), was one of
 * theirs before (old), or neither. Uses the same verification as sign-in, so every hash a
 * member may still have (argon2id, an imported legacy hash) is checked the same way.
 */
export async function verifyPair(
  deps: Pick<Deps, "passwordHasher">,
  pool: VerificationPool,
  member: MatchedMember,
  password: string,
): Promise<{ exposure: number; verifications: number }> {
  let verifications = 0;
  if (member.passwordHash) {
    const hash = member.passwordHash;
    verifications++;
    if (await pool(() => verifyMemberPassword(deps.passwordHasher, hash, password)))
      return { exposure: exposure.current, verifications };
  }
  for (const hash of member.previousHashes) {
    verifications++;
    if (await pool(() => verifyMemberPassword(deps.passwordHasher, hash, password)))
      return { exposure: exposure.old, verifications };
  }
  return { exposure: exposure.none, verifications };
}
