import type { Logger } from "pino";
import type { BreachSource } from "./breach/source";
import type { Config } from "./config";
import type { Database } from "./db/connection";
import type { MailTransport } from "./mail/transport";
import type { PasswordHasher } from "./passwords/hashing";
import type { PasswordPolicy } from "./passwords/policy";
import type { StrengthEstimator } from "./passwords/strength/estimator";

export interface Clock {
  now(): Date;
}

/**
 * Everything with a side effect that a domain module needs, built once in `main.ts` and
 * replaced by fakes in tests (no module mocking).
 */
export interface Deps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  passwordHasher: PasswordHasher;
  passwordPolicy: PasswordPolicy;
  /** Null when SMTP_URL is unset: messages then wait in the outbox. */
  mailTransport: MailTransport | null;
  /** Known-breached passwords (offline corpus, optionally the HIBP range API). */
  breachSource: BreachSource;
  /** zxcvbn-ts scoring on a pool of worker threads (started lazily; closed at shutdown). */
  strengthEstimator: StrengthEstimator;
}

export const systemClock: Clock = { now: () => new Date() };
