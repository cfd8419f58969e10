import { Hono } from "hono";
import { recordAuditEvent } from "../audit/audit-log";
import type { MemberFromSources } from "../defence/source-queries";
import type { Deps } from "../deps";
import {
  apiKeyActor,
  failWithJson,
  invalidRequest,
  readJsonObject,
  requireApiKey,
  requireApiKeyScope,
} from "../resets/api-routes";
import type { AppEnv } from "../web/context";
import {
  checkWindow,
  countInvestigation,
  describeWindow,
  type InvestigationProblem,
  investigateSources,
  maximumSources,
  parseSources,
} from "./investigation";

/**
 * Incident investigation for incident tooling, behind the same bearer keys as the bulk-reset API
 * (and, like it, exempt from the CSRF check because it reads no cookies). Mounted before
 * bulkResetApiRoutes, whose catch-all answers 404 for any other /admin/api path.
 */
export function investigationApiRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post(
    "/admin/api/investigations",
    requireApiKey(deps),
    requireApiKeyScope("investigation"),
    async (c) => {
      const parsed = await readJsonObject(c);
      if ("status" in parsed) return failWithJson(c, parsed);
      const window = validateInvestigationRequest(parsed.body);
      if ("status" in window) return failWithJson(c, window);
      const result = await investigateSources(deps, window);
      const counts = countInvestigation(result);
      await recordAuditEvent(deps.database, deps.clock, {
        actor: apiKeyActor(c),
        action: "investigation.queried",
        details: { ...describeWindow(window), ...counts },
      });
      return c.json({
        ...describeWindow(window),
        signedIn: result.signedIn.map(describeMember),
        failedOnly: result.failedOnly.map(describeMember),
        counts,
      });
    },
  );

  return app;
}

function describeMember(found: MemberFromSources) {
  return {
    loginId: found.loginId,
    successes: found.successes,
    failures: found.failures,
    lastSuccessAt: found.lastSuccessAt?.toISOString() ?? null,
    lastAttemptAt: found.lastAttemptAt.toISOString(),
  };
}

const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function validateInvestigationRequest(body: Record<string, unknown>) {
  if (!Array.isArray(body.sources) || !body.sources.every((entry) => typeof entry === "string"))
    return invalidRequest("sources must be an array of IP addresses or CIDR ranges.");
  const sources = parseSources(body.sources as string[]);
  if (!sources.ok) return invalidRequest(describeSourceProblem(sources.problem));
  const time = (name: "from" | "to") => {
    const text = body[name];
    const date = typeof text === "string" && isoTimestamp.test(text) ? new Date(text) : null;
    return date && !Number.isNaN(date.getTime()) ? date : null;
  };
  const from = time("from");
  const to = time("to");
  if (!from || !to)
    return invalidRequest(
      "from and to must be ISO 8601 timestamps with a zone, such as 2026-11-21T09:00:00Z.",
    );
  if (checkWindow(from, to)) return invalidRequest("to must be after from.");
  return { ranges: sources.ranges, from, to };
}

function describeSourceProblem(problem: InvestigationProblem): string {
  if (problem.code === "empty") return "sources must hold at least one address or range.";
  if (problem.code === "too-many") return `sources may hold at most ${maximumSources} entries.`;
  return `"${problem.code === "invalid" && problem.field === "sources" ? problem.entry : ""}" is not an IP address or CIDR range.`;
}
