import { Hono } from "hono";
import { AdminResetJobPage, AdminResetsPage } from "../../views/pages/admin-resets";
import type { AuditActor } from "../audit/audit-log";
import type { Deps } from "../deps";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator, signedInOf } from "../web/guards";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import {
  createBulkResetJob,
  findBulkResetJob,
  listBulkResetJobs,
  listUnknownIdentifiers,
  maximumIdentifiersPerJob,
  startJobFromDryRun,
} from "./bulk-reset-jobs";
import { formatCsvField, parseIdentifierList } from "./identifier-list";

export function memberActor(c: AppContext): AuditActor {
  const { member } = signedInOf(c);
  return { kind: "member", memberId: member.id, loginId: member.loginId };
}

/** The administrator's door to the bulk-reset engine: always a dry run first. */
export function adminResetRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/admin/resets", requireAdministrator(deps));
  app.use("/admin/resets/*", requireAdministrator(deps));

  const renderForm = async (
    c: AppContext,
    values: { list: string; column: string; reason: string },
    errors: Partial<Record<"list" | "reason" | "column", string>>,
  ) =>
    c.html(
      <AdminResetsPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        jobs={await listBulkResetJobs(deps.database, 20)}
        values={values}
        errors={errors}
      />,
      Object.keys(errors).length > 0 ? 400 : 200,
    );

  app.get("/admin/resets", (c) => renderForm(c, { list: "", column: "", reason: "" }, {}));

  app.post("/admin/resets", async (c) => {
    const form = c.get("form");
    const messages = c.get("messages");
    const uploaded = formText(form, "file");
    const pasted = formText(form, "list");
    const values = {
      list: pasted.slice(0, 20_000),
      column: formText(form, "column").slice(0, 64),
      reason: formText(form, "reason").trim(),
    };
    const errors: Partial<Record<"list" | "reason" | "column", string>> = {};
    if (values.reason.length < 1 || values.reason.length > 500)
      errors.reason = messages.adminResetsErrorReason;
    const parsed = parseIdentifierList(uploaded.trim() !== "" ? uploaded : pasted, {
      column: values.column,
    });
    if (!parsed.ok) {
      if (parsed.problem === "column") errors.column = messages.adminResetsErrorColumn;
      else errors.list = messages.adminResetsErrorEmpty;
    } else if (parsed.identifiers.length > maximumIdentifiersPerJob) {
      errors.list = messages.adminResetsErrorTooMany;
    }
    if (!parsed.ok || Object.keys(errors).length > 0) return renderForm(c, values, errors);

    const job = await createBulkResetJob(deps, {
      identifiers: parsed.identifiers,
      reason: values.reason,
      dryRun: true,
      revokeSessions: form.get("revokeSessions") === "on",
      invalidatePassword: form.get("invalidatePassword") === "on",
      notifyMembers: form.get("notifyMembers") === "on",
      source: "web",
      actor: memberActor(c),
    });
    // Pairs from a combo list: only their identifiers were kept; the job page offers a scan.
    const combo = parsed.comboLines > 0 ? `?comboLines=${parsed.comboLines}` : "";
    return c.redirect(`/admin/resets/${job.id}${combo}`, 303);
  });

  app.get("/admin/resets/:id{[0-9]+}", async (c) => {
    const job = await findBulkResetJob(deps.database, Number(c.req.param("id")));
    if (!job) return c.notFound();
    const comboLines = Number(c.req.query("comboLines") ?? 0);
    return c.html(
      <AdminResetJobPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        job={job}
        comboLines={Number.isSafeInteger(comboLines) && comboLines > 0 ? comboLines : 0}
      />,
    );
  });

  app.post("/admin/resets/:id{[0-9]+}/start", async (c) => {
    const job = await startJobFromDryRun(deps, Number(c.req.param("id")), memberActor(c));
    if (!job) return c.notFound();
    return c.redirect(`/admin/resets/${job.id}`, 303);
  });

  // Extension-less like every export, so no CDN rule keyed on ".csv" caches it.
  app.get("/admin/resets/:id{[0-9]+}/unknown/export", async (c) => {
    const job = await findBulkResetJob(deps.database, Number(c.req.param("id")));
    if (!job) return c.notFound();
    const rows = [
      "identifier",
      ...(await listUnknownIdentifiers(deps.database, job.id)).map(formatCsvField),
    ];
    c.header("Content-Disposition", `attachment; filename="bulk-reset-${job.id}-unknown.csv"`);
    return c.body(`${rows.join("\r\n")}\r\n`, 200, { "Content-Type": "text/csv; charset=utf-8" });
  });

  return app;
}
