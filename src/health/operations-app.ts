import { Hono } from "hono";
import { metricsRoutes } from "../defence/metrics-routes";
import type { Deps } from "../deps";
import { clientAddressResolver } from "../web/client";
import type { AppEnv } from "../web/context";
import { cachePolicy } from "../web/middleware/cache-policy";
import { securityHeaders } from "../web/middleware/security-headers";
import { healthRoutes } from "./routes";

/**
 * What the operations listener (REKEY_OPERATIONS_PORT) serves: health, readiness and metrics,
 * nothing else. Measured under 200 member connections (bench/health/run.ts), probes on the
 * main port waited seconds in its accept queue behind sign-ins although their handlers take
 * microseconds; a listener of their own has an empty queue.
 */
export function createOperationsApp(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(cachePolicy());
  app.use(securityHeaders(deps.config));
  app.route("/", healthRoutes(deps));
  app.use(clientAddressResolver(deps.config));
  app.route("/", metricsRoutes(deps));
  app.notFound((c) => c.text("Not found\n", 404));
  return app;
}
