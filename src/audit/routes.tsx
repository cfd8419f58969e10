import { Hono } from "hono";
import { AdminAuditPage } from "../../views/pages/admin-audit";
import type { Deps } from "../deps";
import { formatCsvField } from "../resets/identifier-list";
import type { AppEnv } from "../web/context";
import { requireAdministrator } from "../web/guards";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import {
  auditActionGroups,
  auditEventsPerPage,
  listAuditActors,
  listAuditEvents,
  parseAuditFilter,
} from "./audit-query";

const maximumExportRows = 100_000;

/** Who did what, when: filter by administrator, action and time, and export what matches. */
export function auditRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/admin/audit", requireAdministrator(deps));
  app.use("/admin/audit/*", requireAdministrator(deps));

  const filterParameters = (query: (name: string) => string | undefined) => {
    const kept = new URLSearchParams();
    for (const name of ["actor", "action", "from", "to"]) {
      const value = query(name);
      if (value) kept.set(name, value.slice(0, 100));
    }
    return kept;
  };

  app.get("/admin/audit", async (c) => {
    const query = (name: string) => c.req.query(name);
    const events = await listAuditEvents(deps.database, parseAuditFilter(query));
    const parameters = filterParameters(query);
    const last = events.at(-1);
    const older =
      events.length === auditEventsPerPage && last
        ? new URLSearchParams([...parameters, ["before", String(last.id)]])
        : null;
    return c.html(
      <AdminAuditPage
        page={pageContext(c, assets)}
        filter={{
          actor: query("actor") ?? "",
          action: query("action") ?? "",
          from: query("from") ?? "",
          to: query("to") ?? "",
        }}
        actors={await listAuditActors(deps.database)}
        actionGroups={auditActionGroups}
        events={events}
        exportHref={`/admin/audit/export?${parameters}`}
        olderHref={older ? `/admin/audit?${older}` : null}
      />,
    );
  });

  // Extension-less like every export, so no CDN rule keyed on ".csv" caches it.
  app.get("/admin/audit/export", async (c) => {
    const events = await listAuditEvents(
      deps.database,
      parseAuditFilter((name) => c.req.query(name)),
      maximumExportRows,
    );
    const lines = [
      "id,time,actor,action,details",
      ...events.map((event) =>
        [
          String(event.id),
          event.createdAt.toISOString(),
          event.actorLabel,
          event.action,
          event.details,
        ]
          .map(formatCsvField)
          .join(","),
      ),
    ];
    c.header("Content-Disposition", 'attachment; filename="rekey-audit.csv"');
    return c.body(`${lines.join("\r\n")}\r\n`, 200, { "Content-Type": "text/csv; charset=utf-8" });
  });

  return app;
}
