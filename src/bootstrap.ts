import { type Logger, pino } from "pino";
import { createBreachSource } from "./breach/create";
import type { Config } from "./config";
import { closeDatabaseAfterCheckpoints, openDatabase } from "./db/connection";
import { countActiveSourceBlocks } from "./defence/blocklist";
import {
  createForcedResetOnUnrecognisedSignIn,
  createOutboxAlertNotifier,
  createOutboxSignInNotifier,
} from "./defence/mail-notifiers";
import { createDefenceMetrics, registerStateGauges } from "./defence/metrics";
import { observeMinuteCounts } from "./defence/monitor";
import { createConcurrencyLimit } from "./defence/password-capacity";
import { createRefusalBuffer } from "./defence/refusal-buffer";
import { readUnderAttackState } from "./defence/state";
import { createSqliteThrottleStore } from "./defence/throttle-store";
import { type Deps, systemClock } from "./deps";
import { readInBackground } from "./health/background-reading";
import { createReadiness } from "./health/readiness";
import { createSmtpTransport } from "./mail/transport";
import { createArgon2Hasher, owaspArgon2Parameters } from "./passwords/hashing";
import { createPasswordPolicy } from "./passwords/policy";
import { createStrengthEstimator } from "./passwords/strength/estimator";
import { createSettingsSource } from "./settings/current-settings";

/**
 * JSON log lines at the configured level, to standard output by default (the server's log
 * collector reads it); the CLI passes standard error, so `KEY=$(rekey api-key create ...)`
 * captures only what the command prints.
 */
export function createLogger(config: Config, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level: config.logLevel,
    // Defence in depth: should a password or token ever reach a log call, it is masked.
    redact: {
      paths: [
        "password",
        "*.password",
        "token",
        "*.token",
        "secret",
        "*.secret",
        "req.headers.cookie",
      ],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Builds the real dependencies for the server and the CLI from a validated configuration.
 * Tests pass `overrides` (a manual clock, a counting hasher) and get everything else real.
 */
export function createDeps(config: Config, overrides: Partial<Deps> = {}): Deps {
  const logger = overrides.logger ?? createLogger(config);
  const database = overrides.database ?? openDatabase(config.databasePath, { logger });
  const passwordHasher = overrides.passwordHasher ?? createArgon2Hasher(owaspArgon2Parameters);
  const breachSource = overrides.breachSource ?? createBreachSource(config, logger);
  const clock = overrides.clock ?? systemClock;
  const mailDeps = { database, clock, config };
  const strengthEstimator = overrides.strengthEstimator ?? createStrengthEstimator();
  const settings = overrides.settings ?? createSettingsSource({ config, database, clock, logger });
  const deps: Deps = {
    config,
    settings,
    database,
    clock,
    logger,
    passwordHasher,
    breachSource,
    passwordPolicy:
      overrides.passwordPolicy ??
      createPasswordPolicy(
        { database, passwordHasher, breachSource, strengthEstimator },
        {
          minimumLength: async () => (await settings.current()).values.passwordMinimumLength,
          serviceName: config.serviceName,
        },
      ),
    mailTransport:
      overrides.mailTransport !== undefined
        ? overrides.mailTransport
        : config.mail.smtpUrl
          ? createSmtpTransport({
              url: config.mail.smtpUrl,
              from: config.mail.from,
              originHostname: config.origin.hostname,
              requireTls: config.mail.requireTls,
            })
          : null,
    throttleStore: overrides.throttleStore ?? createSqliteThrottleStore(database),
    refusalBuffer:
      overrides.refusalBuffer ??
      createRefusalBuffer(database, {
        maximumRows: 500,
        maximumAgeInMilliseconds: 1000,
        // Spike detection sees a batch's counts as it lands, as it sees each checked attempt.
        onMinuteCounted: (counts) => observeMinuteCounts(deps, counts),
        onWriteFailed: (error, pending) =>
          deps.logger.error({ err: error, pending }, "refused sign-ins could not be written yet"),
      }),
    untrustedPasswordChecks:
      overrides.untrustedPasswordChecks ??
      createConcurrencyLimit(config.defence.untrustedPasswordChecks),
    metrics:
      overrides.metrics ??
      createDefenceMetrics({ collectProcessMetrics: config.environment !== "test" }),
    alertNotifier: overrides.alertNotifier ?? createOutboxAlertNotifier(mailDeps),
    signInNotifier: overrides.signInNotifier ?? createOutboxSignInNotifier(mailDeps),
    unrecognisedSignInHandler:
      overrides.unrecognisedSignInHandler ?? createForcedResetOnUnrecognisedSignIn(mailDeps),
    strengthEstimator,
    readiness: overrides.readiness ?? createReadiness({ database, clock, logger, breachSource }),
  };
  if (!overrides.metrics) {
    // Read in the background: a scrape answers from the last reading, never waits on the database.
    registerStateGauges(
      deps.metrics,
      readInBackground(
        async () => ({
          underAttack: (await readUnderAttackState(deps)).active,
          activeBlocks: await countActiveSourceBlocks(deps),
        }),
        {
          refreshAfterInMilliseconds: 5000,
          onError: (error) => logger.error({ err: error }, "metrics reading failed"),
        },
      ),
    );
  }
  return deps;
}

/**
 * The last step of a shutdown: writes the refusals still buffered (so the sign-in log and
 * block hits miss nothing), then closes the database.
 */
export async function closeDeps(deps: Deps): Promise<void> {
  try {
    await deps.refusalBuffer.flush();
  } finally {
    await closeDatabaseAfterCheckpoints(deps.database);
  }
}
