import { pino } from "pino";
import { createBreachSource } from "./breach/create";
import type { Config } from "./config";
import { openDatabase } from "./db/connection";
import { type Deps, systemClock } from "./deps";
import { createSmtpTransport } from "./mail/transport";
import { createArgon2Hasher, owaspArgon2Parameters } from "./passwords/hashing";
import { createPasswordPolicy } from "./passwords/policy";

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
  const database = overrides.database ?? openDatabase(config.databasePath);
  const passwordHasher = overrides.passwordHasher ?? createArgon2Hasher(owaspArgon2Parameters);
  const breachSource = overrides.breachSource ?? createBreachSource(config, logger);
  return {
    config,
    database,
    clock: overrides.clock ?? systemClock,
    logger,
    passwordHasher,
    breachSource,
    passwordPolicy:
      overrides.passwordPolicy ??
      createPasswordPolicy(
        { database, passwordHasher, breachSource },
        { minimumLength: config.passwordMinimumLength, serviceName: config.serviceName },
      ),
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
  };
}
