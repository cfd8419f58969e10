import { randomBytes } from "node:crypto";
import { hash, parseOptions, verify } from "@node-rs/argon2";

/**
 * argon2id at OWASP's first recommended setting (m=19 MiB, t=2, p=1). @node-rs/argon2 runs on
 * the libuv thread pool, so hashing never blocks the event loop.
 */
export interface Argon2Parameters {
  memoryCostInKibibytes: number;
  timeCost: number;
  parallelism: number;
}

export const owaspArgon2Parameters: Argon2Parameters = {
  memoryCostInKibibytes: 19456,
  timeCost: 2,
  parallelism: 1,
};

/** Comes in through `deps` so tests can count calls and prove throttles run first. */
export interface PasswordHasher {
  hashPassword(password: string): Promise<string>;
  verifyPassword(passwordHash: string, password: string): Promise<boolean>;
  /** Spends the same time as a real verification, for IDs that do not exist. */
  verifyDummyPassword(password: string): Promise<void>;
  needsRehash(passwordHash: string): boolean;
}

// 2 is Algorithm.Argon2id; the package's const enum cannot be imported under isolatedModules.
const argon2id = 2;

export function createArgon2Hasher(parameters: Argon2Parameters): PasswordHasher {
  const options = {
    algorithm: argon2id,
    memoryCost: parameters.memoryCostInKibibytes,
    timeCost: parameters.timeCost,
    parallelism: parameters.parallelism,
  };
  let dummyHash: Promise<string> | undefined;

  return {
    hashPassword: (password) => hash(password, options),
    verifyPassword: async (passwordHash, password) => {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
    verifyDummyPassword: async (password) => {
      dummyHash ??= hash(randomBytes(32).toString("base64url"), options);
      await verify(await dummyHash, password);
    },
    needsRehash: (passwordHash) => {
      try {
        const current = parseOptions(passwordHash);
        return (
          current.algorithm !== argon2id ||
          current.memoryCost < options.memoryCost ||
          current.timeCost < options.timeCost ||
          current.parallelism !== options.parallelism
        );
      } catch {
        return true;
      }
    },
  };
}
