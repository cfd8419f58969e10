import {
  type ParseResult,
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
  host: string;
  databasePath: string;
  /** Public origin used for every link, cookie security and WebAuthn; never the Host header. */
  origin: URL;
  environment: "development" | "production" | "test";
  sessionIdleTimeoutInMinutes: number;
  sessionAbsoluteTimeoutInHours: number;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  defence: DefenceConfig;
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
  const nodeEnvironment = read("NODE_ENV", "development", parseEnvironment);
  const origin = read("REKEY_ORIGIN", `http://localhost:${port}`, parseOrigin);
  const config: Config = {
    port,
    host,
    databasePath: read("REKEY_DB", "data/rekey.db", parseText),
    origin,
    environment: nodeEnvironment,
    sessionIdleTimeoutInMinutes: read("REKEY_SESSION_IDLE_MINUTES", "60", parseBounded(5, 24 * 60)),
    sessionAbsoluteTimeoutInHours: read(
      "REKEY_SESSION_ABSOLUTE_HOURS",
      "12",
      parseBounded(1, 24 * 30),
    ),
    logLevel: read("LOG_LEVEL", nodeEnvironment === "test" ? "silent" : "info", parseLogLevel),
    defence: readDefenceConfig(read),
  };

  if (nodeEnvironment === "production" && !isSecureOrigin(origin)) {
    problems.push(
      `REKEY_ORIGIN=${origin.origin}: production needs an https origin (cookies must be Secure)`,
    );
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
