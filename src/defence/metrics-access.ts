import { timingSafeEqual } from "node:crypto";
import type { AddressMatcher } from "./ip-address";

export type MetricsAccess = "allowed" | "not-found" | "forbidden" | "unauthorized";

/**
 * Who may read /metrics: a bearer token (REKEY_METRICS_TOKEN), an address allowlist
 * (REKEY_METRICS_ALLOW), or both, each required when set. With neither configured the
 * endpoint does not exist (404), so nothing is exposed by default. Shared by the main port's
 * route and the operations thread (src/health/operations-worker.ts), so both apply one rule.
 */
export function decideMetricsAccess(options: {
  token: string | null | undefined;
  allowedSources: AddressMatcher;
  hasAllowedSources: boolean;
  clientIp: string | null;
  authorization: string | undefined;
}): MetricsAccess {
  if (!options.token && !options.hasAllowedSources) return "not-found";
  if (options.hasAllowedSources && !options.allowedSources.matches(options.clientIp)) {
    return "forbidden";
  }
  if (options.token && !bearerMatches(options.authorization, options.token)) return "unauthorized";
  return "allowed";
}

function bearerMatches(header: string | undefined, expected: string): boolean {
  const presented = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
