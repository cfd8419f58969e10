import {
  computeLegacyHash,
  legacyValueOf,
  verifyLegacyHash,
} from "../imports/legacy-hashes/compute";
import { decodeStoredHash, isImportedHash } from "../imports/legacy-hashes/stored-hash";
import type { PasswordHasher } from "./hashing";

/**
 * The one check of a password against a member's stored hash, for every caller (sign-in,
 * re-authentication, reset, history, the combo-list scan): native argon2id, an imported hash
 * wrapped as argon2id(legacy value), or an adaptive legacy hash kept as is. Every call runs
 * exactly one argon2id verification at the current parameters (a dummy one where none is
 * stored, or where the legacy hash is checked by its own algorithm), so unknown IDs, native and
 * imported members cost the same argon2 work and timing does not tell them apart.
 */
export async function verifyMemberPassword(
  hasher: PasswordHasher,
  storedHash: string | null,
  password: string,
): Promise<boolean> {
  if (!storedHash) {
    await hasher.verifyDummyPassword(password);
    return false;
  }
  const stored = decodeStoredHash(storedHash);
  switch (stored.kind) {
    case "native":
      return hasher.verifyPassword(storedHash, password);
    case "wrapped": {
      const legacyValue = await computeLegacyHash(stored.scheme, password).catch(() => null);
      if (legacyValue === null) break;
      return hasher.verifyPassword(stored.wrapping, legacyValueOf(stored.scheme, legacyValue));
    }
    case "legacy": {
      const [matches] = await Promise.all([
        verifyLegacyHash(stored.scheme, password),
        hasher.verifyDummyPassword(password),
      ]);
      return matches;
    }
  }
  await hasher.verifyDummyPassword(password);
  return false;
}

/** An imported hash is replaced by plain argon2id at the first successful check; so is an old native one. */
export function memberPasswordNeedsRehash(hasher: PasswordHasher, storedHash: string): boolean {
  return isImportedHash(storedHash) || hasher.needsRehash(storedHash);
}
