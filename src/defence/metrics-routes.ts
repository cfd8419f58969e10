import { Hono } from "hono";
import type { Deps } from "../deps";
import { clientIpAddress } from "../web/client";
import type { AppEnv } from "../web/context";
import { createAddressMatcher } from "./ip-address";
import { decideMetricsAccess } from "./metrics-access";

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
    const access = decideMetricsAccess({
      token: metricsToken,
      allowedSources: allowed,
      hasAllowedSources: metricsAllowedSources.length > 0,
      clientIp: clientIpAddress(c),
      authorization: c.req.header("authorization"),
    });
    if (access === "not-found") return c.notFound();
    if (access === "forbidden") return c.text("Forbidden\n", 403);
    if (access === "unauthorized") {
      c.header("WWW-Authenticate", 'Bearer realm="metrics"');
      return c.text("Unauthorized\n", 401);
    }
    const registry = deps.metrics.registry;
    return c.body(await registry.metrics(), 200, { "Content-Type": registry.contentType });
  });

  return app;
}
