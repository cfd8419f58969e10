import { pino } from "pino";
import { createDeps } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import type { Clock, Deps } from "../../src/deps";
import {
  createArgon2Hasher,
  owaspArgon2Parameters,
  type PasswordHasher,
} from "../../src/passwords/hashing";
import {
  createStrengthEstimator,
  type StrengthEstimator,
} from "../../src/passwords/strength/estimator";
import { createApp } from "../../src/web/app";

export const testOrigin = "http://localhost:3000";

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current = new Date("2026-11-21T09:00:00Z")) {}
  now(): Date {
    return new Date(this.current);
  }
  advanceByMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

/** Wraps the real hasher and counts calls, to prove what did or did not reach argon2. */
export function countingHasher(inner: PasswordHasher): PasswordHasher & { calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    hashPassword: (password) => {
      calls++;
      return inner.hashPassword(password);
    },
    verifyPassword: (hash, password) => {
      calls++;
      return inner.verifyPassword(hash, password);
    },
    verifyDummyPassword: (password) => {
      calls++;
      return inner.verifyDummyPassword(password);
    },
    needsRehash: (hash) => inner.needsRehash(hash),
  };
}

export interface TestPortal {
  deps: Deps;
  clock: ManualClock;
  hasher: ReturnType<typeof countingHasher>;
  app: ReturnType<typeof createApp>;
}

let sharedStrengthEstimator: StrengthEstimator | undefined;

/**
 * One real strength pool per test process, shared by every portal: its single thread loads
 * the dictionaries once, starts only if a test scores a password, and idles unreferenced so
 * the test runner still exits.
 */
export function testStrengthEstimator(): StrengthEstimator {
  sharedStrengthEstimator ??= createStrengthEstimator({ threads: 1 });
  return sharedStrengthEstimator;
}

/** A fresh portal on an in-memory database with the real migrations. */
export function createTestPortal(
  environment: Record<string, string> = {},
  overrides: Partial<Deps> = {},
): TestPortal {
  const config = loadConfig({
    NODE_ENV: "test",
    REKEY_DB: ":memory:",
    REKEY_ORIGIN: testOrigin,
    ...environment,
  });
  const clock = new ManualClock();
  const hasher = countingHasher(createArgon2Hasher(owaspArgon2Parameters));
  const deps = createDeps(config, {
    clock,
    logger: pino({ level: "silent" }),
    passwordHasher: hasher,
    strengthEstimator: testStrengthEstimator(),
    ...overrides,
  });
  return { deps, clock, hasher, app: createApp(deps) };
}
