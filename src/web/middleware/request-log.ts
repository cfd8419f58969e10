import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { Logger } from "pino";
import type { AppEnv } from "../context";

/**
 * Gives each request an ID (echoed as X-Request-Id and shown on 500 pages) and logs one line
 * per request. It logs the route pattern, never the concrete path or query, which can hold
 * link tokens.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = randomUUID();
    c.set("requestId", requestId);
    c.set("logFields", {});
    const started = performance.now();
    await next();
    c.res.headers.set("X-Request-Id", requestId);
    const route =
      matchedRoutes(c).findLast((candidate) => candidate.method !== "ALL")?.path ?? "(none)";
    logger.info(
      {
        requestId,
        method: c.req.method,
        route,
        status: c.res.status,
        durationInMilliseconds: Math.round(performance.now() - started),
        // What a handler adds for this request (the sign-in result), never secrets.
        ...c.get("logFields"),
      },
      "request",
    );
  };
}
