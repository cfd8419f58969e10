import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Tokens handed to a browser or an e-mail are `id.secret`: the id finds the row, and only a
 * SHA-256 hash of the 256-bit secret is stored, so a database leak yields no usable token.
 * The hash comparison is constant-time (ASVS 7.2.4, 6.4.1).
 */
export interface SplitToken {
  id: string;
  secret: string;
  /** What goes into the cookie or link. */
  value: string;
  secretHash: Buffer;
}

const idBytes = 16;
const secretBytes = 32;
const tokenPattern = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;

export function generateSplitToken(): SplitToken {
  const id = randomBytes(idBytes).toString("base64url");
  const secret = randomBytes(secretBytes).toString("base64url");
  return { id, secret, value: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

/** Splits a presented token; anything not of the exact shape is refused before a lookup. */
export function parseSplitToken(value: string | undefined): { id: string; secret: string } | null {
  if (value === undefined || !tokenPattern.test(value)) return null;
  const [id, secret] = value.split(".") as [string, string];
  return { id, secret };
}

export function verifySecret(secret: string, storedHash: Uint8Array): boolean {
  const presented = hashSecret(secret);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}

function hashSecret(secret: string): Buffer {
  return createHash("sha256").update(secret).digest();
}
