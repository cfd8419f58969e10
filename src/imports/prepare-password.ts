import type { PasswordHasher } from "../passwords/hashing";
import { type ComputableScheme, legacyValueOf } from "./legacy-hashes/compute";
import { parseLegacyHash } from "./legacy-hashes/parse";
import {
  describeScheme,
  type HashFormatOption,
  type LegacyStrength,
  strengthOf,
} from "./legacy-hashes/schemes";
import { encodeLegacyHash, encodeWrappedHash } from "./legacy-hashes/stored-hash";

/** What an imported row's password becomes before it is stored. */
export type PreparedPassword =
  | { kind: "none" }
  | { kind: "as-is"; storedHash: string; strength: LegacyStrength; format: string }
  | { kind: "wrap"; scheme: ComputableScheme; strength: LegacyStrength; format: string };

export type PasswordPreparation =
  | { ok: true; password: PreparedPassword }
  | { ok: false; message: string };

/**
 * Reads the row's hash: adaptive hashes are kept as they are; fast ones (anything a GPU tries
 * billions of times a second) must be wrapped in argon2id before they touch the database.
 */
export function preparePassword(
  passwordHash: string | null,
  passwordSalt: string | null,
  option: HashFormatOption,
): PasswordPreparation {
  if (!passwordHash) return { ok: true, password: { kind: "none" } };
  const parsed = parseLegacyHash(passwordHash, passwordSalt ?? undefined, option);
  if (!parsed.ok) return { ok: false, message: parsed.error };
  const strength = strengthOf(parsed.scheme);
  const format = describeScheme(parsed.scheme);
  if (strength === "adaptive")
    return {
      ok: true,
      password: { kind: "as-is", storedHash: encodeLegacyHash(parsed.scheme), strength, format },
    };
  return {
    ok: true,
    password: { kind: "wrap", scheme: parsed.scheme as ComputableScheme, strength, format },
  };
}

/** argon2id(legacy value): one argon2 hash at the current parameters, on the libuv pool. */
export async function wrapLegacyHash(
  hasher: PasswordHasher,
  scheme: ComputableScheme,
): Promise<string> {
  return encodeWrappedHash(scheme, await hasher.hashPassword(legacyValueOf(scheme, scheme.hash)));
}

/**
 * Runs `work` over `items` with at most `concurrency` in flight, answering results in order:
 * enough argon2 jobs to keep every core busy, never so many that sign-ins queue behind them.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(runners);
  return results;
}
