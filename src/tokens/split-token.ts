import { createHash, randomFillSync, timingSafeEqual } from "node:crypto";

/**
 * Tokens handed to a browser or an e-mail are `id.secret`: the id finds the row, and only a
 * SHA-256 hash of the 256-bit secret is stored, so a database leak yields no usable token.
 * The hash comparison is constant-time (ASVS 7.2.4, 6.4.1).
 *
 * The id is a lookup handle, not a secret: like a UUIDv7 (RFC 9562 s5.7, s6.2) it starts with
 * the time of issue, so ids issued together sit next to each other in the primary-key index
 * (and in the outbox keys derived from them). A bulk reset then writes a few index pages per
 * batch instead of one random page per token, which halves the data it writes.
 */
export interface SplitToken {
  id: string;
  secret: string;
  /** What goes into the cookie or link. */
  value: string;
  secretHash: Buffer;
}

const secretBytes = 32;
// The 64 base64url characters in ASCII order, so the ids' string order is their time order.
const sortableAlphabet = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
const idTimeCharacters = 8; // 48 bits of milliseconds, enough until the year 10889
const idRandomCharacters = 14; // 84 random bits keep ids of the same millisecond apart
const tokenPattern = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;

export function generateSplitToken(): SplitToken {
  const id = generateTimeOrderedId(Date.now());
  const { secret, secretHash } = generateSecret();
  return { id, secret, value: `${id}.${secret}`, secretHash };
}

/** 22 characters of the token alphabet: the time in milliseconds, then 84 random bits. */
export function generateTimeOrderedId(timeInMilliseconds: number): string {
  let id = "";
  let time = timeInMilliseconds;
  for (let index = 0; index < idTimeCharacters; index++) {
    id = sortableAlphabet[time % 64] + id;
    time = Math.floor(time / 64);
  }
  // 256 is a multiple of 64, so each byte's low six bits are uniformly random.
  for (const byte of takeRandomBytes(idRandomCharacters)) id += sortableAlphabet[byte & 63];
  return id;
}

/** A 256-bit secret (43 base64url characters) and the hash to store instead of it. */
export function generateSecret(): { secret: string; secretHash: Buffer } {
  const secret = takeRandomBytes(secretBytes).toString("base64url");
  return { secret, secretHash: hashSecret(secret) };
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

// Bulk paths (a day's reminders, a bulk reset) issue tens of thousands of tokens: one call to the
// CSPRNG per 85 tokens instead of two each, as crypto.randomUUID pools its entropy. Every byte
// is handed out once and wiped from the pool as it is taken.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function takeRandomBytes(count: number): Buffer {
  if (poolOffset + count > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + count));
  pool.fill(0, poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}
