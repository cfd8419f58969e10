import { Hono } from "hono";
import type { Deps } from "../deps";
import type { AppEnv } from "../web/context";
import type { ReadinessReport } from "./readiness";

/**
 * Liveness and readiness for load balancers and orchestrators, mounted before every other
 * middleware (src/web/app.ts): no session, cookie, CSRF token or database query on the way, so
 * they answer in microseconds however busy the portal is.
 *
 * - GET /healthz: liveness. 200 while the process serves HTTP at all; restart it if this fails.
 * - GET /readyz: readiness. 503 while the database cannot take writes, the breach corpus cannot
 *   answer, or a background loop has stalled; take the instance out of rotation, don't restart.
 */
export function healthRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/healthz", (c) => c.json({ status: "ok" }));

  app.get("/readyz", (c) => {
    const answer = describeReadiness(deps.readiness.report());
    return c.json(answer.body, answer.status);
  });

  return app;
}

/** The /readyz answer for a report: on the main port and from the operations thread alike. */
export function describeReadiness(report: ReadinessReport): {
  status: 200 | 503;
  body: {
    status: "ready" | "not-ready";
    database: ReadinessReport["database"];
    breachCorpus: ReadinessReport["breachCorpus"];
    breachCorpusFile: string;
    stalledLoops: string[];
  };
} {
  return {
    status: report.ready ? 200 : 503,
    body: {
      status: report.ready ? "ready" : "not-ready",
      database: report.database,
      breachCorpus: report.breachCorpus,
      breachCorpusFile: report.breachCorpusFileProblem ?? "ok",
      stalledLoops: report.stalledLoops,
    },
  };
}
