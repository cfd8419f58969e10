import type { ComputableScheme } from "./compute";
import type { LegacyScheme } from "./schemes";

/**
 * An imported hash lives in `member.password_hash` beside native argon2id PHC strings, so every
 * check of "has a password" keeps working. Two forms:
 * - `$rekey-legacy$<scheme>`: an adaptive hash (bcrypt, scrypt, argon2, PBKDF2 >= 100k) kept as is;
 * - `$rekey-wrapped$<scheme without its value>$<argon2id PHC>`: a fast hash, stored only as
 *   argon2id(legacy value), so a stolen database is no weaker than one of native members.
 * `<scheme>` is base64url JSON. Both forms are replaced by plain argon2id at the next sign-in.
 */
const legacyPrefix = "$rekey-legacy$";
const wrappedPrefix = "$rekey-wrapped$";

export type StoredHash =
  | { kind: "native" }
  | { kind: "legacy"; scheme: LegacyScheme }
  | { kind: "wrapped"; scheme: ComputableScheme; wrapping: string }
  /** A rekey form that does not decode: matches no password. */
  | { kind: "corrupt" };

export function encodeLegacyHash(scheme: LegacyScheme): string {
  return legacyPrefix + encodeScheme(scheme);
}

export function encodeWrappedHash(scheme: ComputableScheme, argon2idHash: string): string {
  return `${wrappedPrefix}${encodeScheme(withoutValue(scheme))}$${argon2idHash}`;
}

export function isImportedHash(storedHash: string): boolean {
  return storedHash.startsWith(legacyPrefix) || storedHash.startsWith(wrappedPrefix);
}

export function decodeStoredHash(storedHash: string): StoredHash {
  try {
    if (storedHash.startsWith(legacyPrefix))
      return { kind: "legacy", scheme: decodeScheme(storedHash.slice(legacyPrefix.length)) };
    if (storedHash.startsWith(wrappedPrefix)) {
      const rest = storedHash.slice(wrappedPrefix.length);
      const separator = rest.indexOf("$");
      if (separator < 0) return { kind: "corrupt" };
      const scheme = decodeScheme(rest.slice(0, separator)) as ComputableScheme;
      return { kind: "wrapped", scheme, wrapping: rest.slice(separator + 1) };
    }
  } catch {
    return { kind: "corrupt" };
  }
  return { kind: "native" };
}

/**
 * What is needed to recompute the value, without the value: crypt formats keep their setting
 * (the text before the digest), the others drop it.
 */
function withoutValue(scheme: ComputableScheme): ComputableScheme {
  switch (scheme.format) {
    case "md5-crypt":
    case "sha-crypt":
      return { ...scheme, hash: scheme.hash.slice(0, scheme.hash.lastIndexOf("$") + 1) };
    case "phpass":
      return { ...scheme, hash: scheme.hash.slice(0, 12) };
    default:
      return { ...scheme, hash: "" };
  }
}

function encodeScheme(scheme: LegacyScheme): string {
  return Buffer.from(JSON.stringify(scheme)).toString("base64url");
}

function decodeScheme(encoded: string): LegacyScheme {
  const scheme = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as LegacyScheme;
  if (typeof scheme !== "object" || scheme === null || typeof scheme.format !== "string")
    throw new TypeError("not a legacy scheme");
  return scheme;
}
