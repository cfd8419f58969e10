import { pino } from "pino";
import { createBreachSource } from "./breach/create";
import type { Config } from "./config";
import { openDatabase } from "./db/connection";
import { type Deps, systemClock } from "./deps";
import { createSmtpTransport } from "./mail/transport";
import { createArgon2Hasher, owaspArgon2Parameters } from "./passwords/hashing";
import { createLengthPolicy } from "./passwords/policy";
import { createStrengthEstimator } from "./passwords/strength/estimator";

/**
 * Builds the real dependencies for the server and the CLI from a validated configuration.
 * Tests pass `overrides` (a manual clock, a counting hasher) and get everything else real.
 */
export function createDeps(config: Config, overrides: Partial<Deps> = {}): Deps {
  const logger =
    overrides.logger ??
    pino({
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
    });
  return {
    config,
    database: overrides.database ?? openDatabase(config.databasePath),
    clock: overrides.clock ?? systemClock,
    logger,
    passwordHasher: overrides.passwordHasher ?? createArgon2Hasher(owaspArgon2Parameters),
    passwordPolicy: overrides.passwordPolicy ?? createLengthPolicy({ minimumLength: 12 }),
    mailTransport:
      overrides.mailTransport !== undefined
        ? overrides.mailTransport
        : config.mail.smtpUrl
          ? createSmtpTransport({
              url: config.mail.smtpUrl,
              from: config.mail.from,
              originHostname: config.origin.hostname,
            })
          : null,
    breachSource: overrides.breachSource ?? createBreachSource(config, logger),
    strengthEstimator: overrides.strengthEstimator ?? createStrengthEstimator(),
  };
}
