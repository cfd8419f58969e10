import { timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import type { Deps } from "../deps";
import { clientIpAddress } from "../web/client";
import type { AppEnv } from "../web/context";
import { createAddressMatcher } from "./ip-address";

/**
 * Prometheus metrics, for the operator's scraper only: a bearer token (REKEY_METRICS_TOKEN),
 * an address allowlist (REKEY_METRICS_ALLOW), or both, each required when set. With neither
 * configured the endpoint does not exist (404), so nothing is exposed by default.
 */
export function metricsRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { metricsToken, metricsAllowedSources } = deps.config.defence;
  const allowed = createAddressMatcher(metricsAllowedSources);

  app.get("/metrics", async (c) => {
    if (!metricsToken && metricsAllowedSources.length === 0) return c.notFound();
    if (metricsAllowedSources.length > 0 && !allowed.matches(clientIpAddress(c))) {
      return c.text("Forbidden\n", 403);
    }
    if (metricsToken && !bearerMatches(c.req.header("authorization"), metricsToken)) {
      c.header("WWW-Authenticate", 'Bearer realm="metrics"');
      return c.text("Unauthorized\n", 401);
    }
    const registry = deps.metrics.registry;
    return c.body(await registry.metrics(), 200, { "Content-Type": registry.contentType });
  });

  return app;
}

function bearerMatches(header: string | undefined, expected: string): boolean {
  const presented = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
