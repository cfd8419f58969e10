import { dirname, join } from "node:path";
import {
  type ParseResult,
  parseBoolean,
  parseBounded,
  parseOneOf,
  parsePort,
  parseText,
  type SettingReader,
} from "./config-parsers";
import { type DefenceConfig, readDefenceConfig } from "./defence/config";

/**
 * Configuration comes only from environment variables, validated once at start so a bad value
 * stops the portal with a message instead of surfacing as a strange failure later.
 */
export interface Config {
  port: number;
  /**
   * A second listener for /healthz, /readyz and /metrics only (REKEY_OPERATIONS_PORT), with an
   * accept queue of its own: probes never wait behind member connections. Null: main port only.
   */
  operationsPort: number | null;
  host: string;
  databasePath: string;
  /** Public origin used for every link, cookie security and WebAuthn; never the Host header. */
  origin: URL;
  environment: "development" | "production" | "test";
  sessionIdleTimeoutInMinutes: number;
  sessionAbsoluteTimeoutInHours: number;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** The name members know the service by; passwords containing it are refused. */
  serviceName: string;
  passwordMinimumLength: number;
  mail: {
    /** Unset: messages stay in the outbox, readable at /dev/mail outside production. */
    smtpUrl: string | null;
    from: string;
    messagesPerSecond: number;
    maximumAttempts: number;
  };
  /** The offline breached-password corpus; `:memory:` keeps the packaged default in memory. */
  breachCorpusPath: string;
  /** REKEY_BREACH_CORPUS was set: a missing file there is an error, never rebuilt from defaults. */
  breachCorpusPathConfigured: boolean;
  /** Whether to also ask the HIBP range API, and what to do when it cannot answer. */
  breachOnlineMode: "off" | "fail-open" | "fail-closed";
  breachOnlineTimeoutInMilliseconds: number;
  breachOnlineRangeUrl: URL;
  defence: DefenceConfig;
  /** IANA time zone of the portal: reminder send windows are local hours in it. */
  timeZone: string;
  /**
   * Whether the admin console needs a passkey sign-in or re-authentication within the recent-
   * authentication window: phishing-resistant authentication for privileged accounts (NIST SP
   * 800-63B, phishing resistance). The bearer-key API for tooling is not affected.
   */
  adminRequirePasskey: boolean;
  reminders: {
    /**
     * Catch-up after downtime is spread out: at most this many reminders a minute, all processes
     * together; 0 pauses sending while plans are still kept up to date.
     */
    perMinute: number;
  };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Environment = Record<string, string | undefined>;

export function loadConfig(environment: Environment): Config {
  const problems: string[] = [];
  const read: SettingReader = (name, fallback, parse) => {
    const raw = environment[name]?.trim() || fallback;
    const parsed = parse(raw);
    if ("problem" in parsed) {
      problems.push(`${name}=${JSON.stringify(raw)}: ${parsed.problem}`);
      return parse(fallback).value as never;
    }
    return parsed.value;
  };

  const port = read("PORT", "3000", parsePort);
  const host = read("HOST", "127.0.0.1", parseText);
  const operationsPortText = read("REKEY_OPERATIONS_PORT", "none", parseText);
  const operationsPort =
    operationsPortText === "none" ? null : read("REKEY_OPERATIONS_PORT", "0", parsePort);
  const nodeEnvironment = read("NODE_ENV", "development", parseEnvironment);
  const origin = read("REKEY_ORIGIN", `http://localhost:${port}`, parseOrigin);
  const databasePath = read("REKEY_DB", "data/rekey.db", parseText);
  const config: Config = {
    port,
    operationsPort,
    host,
    databasePath,
    origin,
    environment: nodeEnvironment,
    sessionIdleTimeoutInMinutes: read("REKEY_SESSION_IDLE_MINUTES", "60", parseBounded(5, 24 * 60)),
    sessionAbsoluteTimeoutInHours: read(
      "REKEY_SESSION_ABSOLUTE_HOURS",
      "12",
      parseBounded(1, 24 * 30),
    ),
    logLevel: read("LOG_LEVEL", nodeEnvironment === "test" ? "silent" : "info", parseLogLevel),
    serviceName: read("REKEY_SERVICE_NAME", "rekey", parseText).slice(0, 64),
    passwordMinimumLength: read("REKEY_PASSWORD_MIN_LENGTH", "12", parseBounded(8, 64)),
    mail: {
      smtpUrl: read("SMTP_URL", "", parseSmtpUrl),
      from: read("MAIL_FROM", `rekey <no-reply@${origin.hostname}>`, parseText),
      messagesPerSecond: read("MAIL_MESSAGES_PER_SECOND", "10", parseBounded(1, 1000)),
      maximumAttempts: read("MAIL_MAX_ATTEMPTS", "8", parseBounded(1, 50)),
    },
    breachCorpusPath: read("REKEY_BREACH_CORPUS", defaultCorpusPath(databasePath), parseText),
    breachCorpusPathConfigured: (environment.REKEY_BREACH_CORPUS?.trim() ?? "") !== "",
    breachOnlineMode: read("REKEY_BREACH_ONLINE", "off", parseOnlineMode),
    breachOnlineTimeoutInMilliseconds: read(
      "REKEY_BREACH_ONLINE_TIMEOUT_MS",
      "2000",
      parseBounded(100, 30_000),
    ),
    breachOnlineRangeUrl: read(
      "REKEY_BREACH_ONLINE_URL",
      "https://api.pwnedpasswords.com/range/",
      parseRangeUrl,
    ),
    defence: readDefenceConfig(read),
    timeZone: read("REKEY_TIME_ZONE", "UTC", parseTimeZone),
    adminRequirePasskey: read("REKEY_ADMIN_REQUIRE_PASSKEY", "false", parseBoolean),
    reminders: {
      perMinute: read("REKEY_REMINDERS_PER_MINUTE", "300", parseBounded(0, 1_000_000)),
    },
  };

  if (nodeEnvironment === "production" && !isSecureOrigin(origin)) {
    problems.push(
      `REKEY_ORIGIN=${origin.origin}: production needs an https origin (cookies must be Secure)`,
    );
  }
  if (
    nodeEnvironment === "production" &&
    config.breachOnlineMode !== "off" &&
    config.breachOnlineRangeUrl.protocol !== "https:"
  ) {
    problems.push("REKEY_BREACH_ONLINE_URL: production needs an https range API");
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return config;
}

/** Cookies are Secure (and __Host- prefixed) whenever the public origin is https. */
export function isSecureOrigin(origin: URL): boolean {
  return origin.protocol === "https:";
}

/** The corpus lives beside the database; an in-memory database gets an in-memory corpus. */
function defaultCorpusPath(databasePath: string): string {
  return databasePath === ":memory:" ? ":memory:" : join(dirname(databasePath), "breach.rkb");
}

const parseOnlineMode = parseOneOf(["off", "fail-open", "fail-closed"] as const);

function parseRangeUrl(value: string): ParseResult<URL> {
  let url: URL;
  try {
    url = new URL(value.endsWith("/") ? value : `${value}/`);
  } catch {
    return { problem: "must be an absolute URL such as https://api.pwnedpasswords.com/range/" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { problem: "must be http or https" };
  }
  if (url.search || url.hash || url.username || url.password) {
    return { problem: "must not carry a query, fragment or credentials" };
  }
  return { value: url };
}

function parseTimeZone(value: string): ParseResult<string> {
  try {
    // Canonicalises the name ("asia/tokyo" -> "Asia/Tokyo"); an unknown zone throws RangeError.
    return { value: new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone };
  } catch {
    return { problem: "must be an IANA time zone name such as Asia/Tokyo or UTC" };
  }
}

function parseSmtpUrl(value: string): ParseResult<string | null> {
  if (value === "") return { value: null };
  try {
    const url = new URL(value);
    if (url.protocol === "smtp:" || url.protocol === "smtps:") return { value };
  } catch {
    // reported below
  }
  return {
    problem: "must be smtp://user:password@host:587 or smtps://... (credentials URL-encoded)",
  };
}

const parseEnvironment = parseOneOf(["development", "production", "test"] as const);
const parseLogLevel = parseOneOf(["debug", "info", "warn", "error", "silent"] as const);

function parseOrigin(value: string): ParseResult<URL> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: "must be an absolute URL such as https://portal.example.com" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { problem: "must be http or https" };
  }
  if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) {
    return {
      problem: "must be an origin only (scheme, host and port), without path or credentials",
    };
  }
  return { value: url };
}
