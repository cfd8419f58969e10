import type { Logger } from "pino";
import type { BreachSource } from "./breach/source";
import type { Config } from "./config";
import type { Database } from "./db/connection";
import type { DefenceMetrics } from "./defence/metrics";
import type { AlertNotifier, SignInNotifier, UnrecognisedSignInHandler } from "./defence/notifiers";
import type { ConcurrencyLimit } from "./defence/password-capacity";
import type { RefusalBuffer } from "./defence/refusal-buffer";
import type { ThrottleStore } from "./defence/throttle-store";
import type { Readiness } from "./health/readiness";
import type { MailTransport } from "./mail/transport";
import type { PasswordHasher } from "./passwords/hashing";
import type { PasswordPolicy } from "./passwords/policy";
import type { StrengthEstimator } from "./passwords/strength/estimator";
import type { SettingsSource } from "./settings/current-settings";

export interface Clock {
  now(): Date;
}

/**
 * Everything with a side effect that a domain module needs, built once in `main.ts` and
 * replaced by fakes in tests (no module mocking).
 */
export interface Deps {
  config: Config;
  /**
   * The policies in force: the environment's values with the operator's overrides from the
   * Settings page, the same on every instance. Read policies here, not from `config`.
   */
  settings: SettingsSource;
  database: Database;
  clock: Clock;
  logger: Logger;
  passwordHasher: PasswordHasher;
  passwordPolicy: PasswordPolicy;
  /** Null when SMTP_URL is unset: messages then wait in the outbox. */
  mailTransport: MailTransport | null;
  /** Known-breached passwords (offline corpus, optionally the HIBP range API). */
  breachSource: BreachSource;
  /** Throttle counters, shared by every instance (a database table by default). */
  throttleStore: ThrottleStore;
  /** Refused sign-ins and blocklist hits on their way to the database, in batches. */
  refusalBuffer: RefusalBuffer;
  /** Per-process cap on password checks for clients without a device cookie. */
  untrustedPasswordChecks: ConcurrencyLimit;
  metrics: DefenceMetrics;
  /** Spike alerts to administrators; logs until the mail outbox is wired in. */
  alertNotifier: AlertNotifier;
  /** New-device sign-in notices to members; logs until the mail outbox is wired in. */
  signInNotifier: SignInNotifier;
  /** After "this wasn't me": the resets issue starts a forced reset here. */
  unrecognisedSignInHandler: UnrecognisedSignInHandler;
  /** zxcvbn-ts scoring on a pool of worker threads (started lazily; closed at shutdown). */
  strengthEstimator: StrengthEstimator;
  /** Whether this instance should get traffic (GET /readyz); probed in the background. */
  readiness: Readiness;
}

export const systemClock: Clock = { now: () => new Date() };
