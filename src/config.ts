import { tmpdir } from "node:os";
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
   * A second listener for /healthz, /readyz and /metrics only (REKEY_OPERATIONS_PORT), served by
   * a worker thread (src/health/operations-thread.ts): probes never wait behind member traffic on
   * the main event loop. Null: main port only.
   */
  operationsPort: number | null;
  host: string;
  databasePath: string;
  /**
   * Where uploaded combo lists wait while they are scanned (REKEY_SCAN_SPOOL; beside the
   * database by default). Every instance must see the same folder; files are deleted at the end.
   */
  comboScanSpoolPath: string;
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
    /** Unset: messages stay in the outbox (readable at /dev/mail when `devViewer` allows). */
    smtpUrl: string | null;
    /**
     * Refuse to send over an `smtp://` relay that does not upgrade with STARTTLS, so an
     * attacker on the path who strips the offer cannot read reset links (RFC 3207 s4; the
     * fallback to clear text is what RFC 8314 s3 warns against). On by default in production.
     */
    requireTls: boolean;
    /**
     * Whether /dev/mail exists: only on a loopback http origin without SMTP, where no real
     * member's mail can be in the outbox (see src/mail/dev-mail-access.ts).
     */
    devViewer: boolean;
    from: string;
    messagesPerSecond: number;
    maximumAttempts: number;
    /** Administrators are alerted once every delivery has failed for this long. */
    relayAlertAfterMinutes: number;
  };
  webhooks: {
    /**
     * Let endpoints resolve to loopback, private or link-local addresses (an operator's own
     * receiver on the same network). Off by default: an administrator's URL must not reach
     * the portal's own network (SSRF, OWASP ASVS 12.6.1).
     */
    allowPrivateAddresses: boolean;
    /** How long one request may take, connection to last byte. */
    requestTimeoutInMilliseconds: number;
    /** Requests in flight at once per worker. */
    concurrency: number;
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
  /**
   * How long after an e-mail address change a forced reset still sends its link to the previous
   * address (an attacker who moved the address must not receive it); the undo link sent to the
   * previous address lives at least 7 days and at least this long.
   */
  emailChangeWindowInDays: number;
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
    comboScanSpoolPath: read("REKEY_SCAN_SPOOL", defaultSpoolPath(databasePath), parseText),
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
      requireTls: read(
        "SMTP_REQUIRE_TLS",
        nodeEnvironment === "production" ? "true" : "false",
        parseBoolean,
      ),
      devViewer: false,
      from: read("MAIL_FROM", `rekey <no-reply@${origin.hostname}>`, parseText),
      messagesPerSecond: read("MAIL_MESSAGES_PER_SECOND", "10", parseBounded(1, 1000)),
      maximumAttempts: read("MAIL_MAX_ATTEMPTS", "8", parseBounded(1, 50)),
      relayAlertAfterMinutes: read("MAIL_RELAY_ALERT_MINUTES", "10", parseBounded(1, 24 * 60)),
    },
    webhooks: {
      allowPrivateAddresses: read("REKEY_WEBHOOKS_ALLOW_PRIVATE", "false", parseBoolean),
      requestTimeoutInMilliseconds: read(
        "REKEY_WEBHOOKS_TIMEOUT_MS",
        "10000",
        parseBounded(100, 60_000),
      ),
      concurrency: read("REKEY_WEBHOOKS_CONCURRENCY", "16", parseBounded(1, 256)),
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
    emailChangeWindowInDays: read("REKEY_EMAIL_CHANGE_WINDOW_DAYS", "7", parseBounded(1, 90)),
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
  config.mail.devViewer = decideDevMailViewer(
    read("REKEY_DEV_MAIL", "auto", parseDevMailSetting),
    config,
    problems,
  );
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return config;
}

/** Cookies are Secure (and __Host- prefixed) whenever the public origin is https. */
export function isSecureOrigin(origin: URL): boolean {
  return origin.protocol === "https:";
}

/**
 * http://localhost, 127.0.0.0/8 or [::1]: an origin no browser elsewhere can use, so a portal
 * on it serves nobody but the machine it runs on (RFC 6761 s6.3 for "localhost").
 */
export function isLoopbackOrigin(origin: URL): boolean {
  if (origin.protocol !== "http:") return false;
  const host = origin.hostname;
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The mail viewer shows every reset and verification link in the outbox, so it exists only
 * where the outbox cannot hold a real member's mail: a loopback origin (links in it work on
 * this machine alone) and no SMTP relay (nothing is meant to reach a real mailbox). `auto`
 * turns it on there and off elsewhere; `on` anywhere else stops the start, loudly.
 */
function decideDevMailViewer(
  setting: "auto" | "on" | "off",
  config: Config,
  problems: string[],
): boolean {
  const safe = isLoopbackOrigin(config.origin) && config.mail.smtpUrl === null;
  if (setting === "on" && !safe) {
    problems.push(
      "REKEY_DEV_MAIL=on: the mail viewer shows reset links, so it needs an http://localhost " +
        "(or 127.0.0.1, [::1]) REKEY_ORIGIN and no SMTP_URL",
    );
  }
  return setting !== "off" && safe;
}

const parseDevMailSetting = parseOneOf(["auto", "on", "off"] as const);

/** The corpus lives beside the database; an in-memory database gets an in-memory corpus. */
function defaultCorpusPath(databasePath: string): string {
  return databasePath === ":memory:" ? ":memory:" : join(dirname(databasePath), "breach.rkb");
}

/** An in-memory database (tests) gets a spool folder of its own process in the temporary folder. */
function defaultSpoolPath(databasePath: string): string {
  return databasePath === ":memory:"
    ? join(tmpdir(), `rekey-combo-scans-${process.pid}`)
    : join(dirname(databasePath), "combo-scans");
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
    // nodemailer lets the URL's query override the transport's options: TLS is decided by
    // SMTP_REQUIRE_TLS alone, so a URL cannot switch it off behind the operator's back.
    if (["ignoreTLS", "requireTLS", "secure"].some((name) => url.searchParams.has(name))) {
      return { problem: "set TLS with SMTP_REQUIRE_TLS or the smtps:// scheme, not in the URL" };
    }
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
