import { createCipheriv, createHash, pbkdf2, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { verify as verifyArgon2 } from "@node-rs/argon2";
import { verify as verifyBcrypt } from "@node-rs/bcrypt";
import md5Crypt from "apache-md5";
import { encrypt as shaCrypt } from "unixcrypt";
import { computePhpassHash } from "./phpass";
import type { LegacyScheme } from "./schemes";

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (
  password: Buffer | string,
  salt: Buffer,
  keyLength: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** The schemes whose value can be recomputed from the password (all but bcrypt and argon2). */
export type ComputableScheme = Exclude<LegacyScheme, { format: "bcrypt" | "argon2" }>;

/**
 * Recomputes `scheme.hash` from a password, in the same encoding. Wrapped members are checked by
 * recomputing this value and verifying it against the argon2id that wraps it.
 */
export async function computeLegacyHash(
  scheme: ComputableScheme,
  password: string,
): Promise<string> {
  switch (scheme.format) {
    case "digest": {
      const salted =
        scheme.saltPosition === "before"
          ? scheme.salt + password
          : scheme.saltPosition === "after"
            ? password + scheme.salt
            : password;
      return createHash(scheme.algorithm).update(salted, "utf8").digest("hex");
    }
    case "md5-crypt":
      return md5Crypt(password, scheme.hash);
    case "sha-crypt":
      return shaCrypt(password, settingOfShaCrypt(scheme.hash));
    case "phpass":
      return computePhpassHash(password, scheme.hash);
    case "pbkdf2": {
      const salt = Buffer.from(scheme.salt, "base64");
      const derived = await pbkdf2Async(
        password,
        salt,
        scheme.iterations,
        scheme.keyLengthInBytes,
        scheme.digest,
      );
      return derived.toString(scheme.hashEncoding);
    }
    case "scrypt": {
      const N = 2 ** scheme.logN;
      const derived = await scryptAsync(
        password,
        Buffer.from(scheme.salt, "base64"),
        scheme.keyLengthInBytes,
        {
          N,
          r: scheme.r,
          p: scheme.p,
          maxmem: 256 * N * scheme.r + 1024 * 1024,
        },
      );
      return derived.toString("base64");
    }
    case "firebase-scrypt":
      return computeFirebaseScrypt(scheme, password);
  }
}

/**
 * The part of a hash that depends on the password: crypt formats keep only the digest after the
 * setting, since libraries differ in how they spell the setting (`rounds=5000$` or nothing).
 */
export function legacyValueOf(scheme: LegacyScheme, hash: string): string {
  if (scheme.format === "phpass") return hash.slice(12);
  if (scheme.format === "md5-crypt" || scheme.format === "sha-crypt")
    return hash.slice(hash.lastIndexOf("$") + 1);
  return hash;
}

/** Whether `password` produces the imported hash. Never throws on a malformed hash. */
export async function verifyLegacyHash(scheme: LegacyScheme, password: string): Promise<boolean> {
  try {
    if (scheme.format === "bcrypt") return await verifyBcrypt(password, scheme.hash);
    if (scheme.format === "argon2") return await verifyArgon2(scheme.hash, password);
    const computed = await computeLegacyHash(scheme, password);
    return equalInConstantTime(legacyValueOf(scheme, computed), legacyValueOf(scheme, scheme.hash));
  } catch {
    return false;
  }
}

/**
 * Firebase's scrypt variant (github.com/firebase/scrypt): scrypt(password, salt || separator)
 * keys AES-256-CTR with a zero IV, which encrypts the project's signer key; no library on npm
 * is better kept than these six lines over node:crypto.
 */
async function computeFirebaseScrypt(
  scheme: Extract<LegacyScheme, { format: "firebase-scrypt" }>,
  password: string,
): Promise<string> {
  const { project } = scheme;
  const salt = Buffer.concat([
    Buffer.from(scheme.salt, "base64"),
    Buffer.from(project.saltSeparator, "base64"),
  ]);
  const N = 2 ** project.memoryCost;
  const key = await scryptAsync(password, salt, 32, {
    N,
    r: project.rounds,
    p: 1,
    maxmem: 256 * N * project.rounds + 1024 * 1024,
  });
  const cipher = createCipheriv("aes-256-ctr", key, Buffer.alloc(16, 0));
  return Buffer.concat([
    cipher.update(Buffer.from(project.signerKey, "base64")),
    cipher.final(),
  ]).toString("base64");
}

/** `$6$rounds=N$salt$hash` -> `$6$rounds=N$salt`, what crypt(3) takes as its setting. */
function settingOfShaCrypt(hash: string): string {
  return hash.slice(0, hash.lastIndexOf("$"));
}

function equalInConstantTime(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}
