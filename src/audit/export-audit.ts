import type { MiddlewareHandler } from "hono";
import type { Deps } from "../deps";
import type { AppEnv } from "../web/context";
import { recordAuditEvent } from "./audit-log";

/** Exports that record a richer entry of their own (the investigation's window and counts). */
const exportsAuditedByTheirRoute = new Set(["/admin/investigate/export"]);

/**
 * Every export an administrator downloads is in the audit log: which one, with which filters,
 * and how many rows left. A middleware on /admin/* rather than a call in each handler, so an
 * export added later cannot forget it; only a completed download (200) by an administrator
 * counts, so a detour to re-authenticate or a refusal records nothing.
 */
export function auditExports(deps: Pick<Deps, "database" | "clock">): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const path = c.req.path;
    const signedIn = c.get("signedIn");
    if (
      c.req.method !== "GET" ||
      !path.endsWith("/export") ||
      exportsAuditedByTheirRoute.has(path) ||
      c.res.status !== 200 ||
      signedIn?.member.role !== "admin"
    ) {
      return;
    }
    // The exports are CSV with a header line; counting lines needs no help from each handler.
    const body = await c.res.clone().text();
    const rows = Math.max(0, body.split("\r\n").filter((line) => line !== "").length - 1);
    const filters = Object.fromEntries(
      [...new URL(c.req.url).searchParams].map(([name, value]) => [name, value.slice(0, 100)]),
    );
    await recordAuditEvent(deps.database, deps.clock, {
      actor: { kind: "member", memberId: signedIn.member.id, loginId: signedIn.member.loginId },
      action: "export.downloaded",
      details: { export: path, rows, ...(Object.keys(filters).length > 0 ? { filters } : {}) },
    });
  };
}
