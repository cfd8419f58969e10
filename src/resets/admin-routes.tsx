import { Hono } from "hono";
import { AdminResetConfirmPage, AdminResetJobPage } from "../../views/pages/admin-reset-job";
import { AdminResetsPage } from "../../views/pages/admin-resets";
import type { AuditActor } from "../audit/audit-log";
import type { Deps } from "../deps";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator, signedInOf } from "../web/guards";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import { followUpRoutes, loadFollowUpView } from "./admin-follow-up-routes";
import {
  type BulkResetJob,
  createBulkResetJob,
  findBulkResetJob,
  listBulkResetJobs,
  listUnknownIdentifiers,
  maximumIdentifiersPerJob,
} from "./bulk-reset-jobs";
import {
  countEmailsToSend,
  listAdministratorsSetApart,
  listsOperatorOwnAccount,
  readDryRunFigures,
  startBulkResetJob,
} from "./bulk-reset-start";
import { formatCsvField, parseIdentifierList } from "./identifier-list";

export function memberActor(c: AppContext): Extract<AuditActor, { kind: "member" }> {
  const { member } = signedInOf(c);
  return { kind: "member", memberId: member.id, loginId: member.loginId };
}

/** Member IDs ticked in a form or query ("include"), as positive integers only. */
function readIncludedIds(values: string[]): number[] {
  const ids = values.filter((value) => /^[1-9][0-9]{0,15}$/.test(value)).map(Number);
  return [...new Set(ids)].slice(0, 200);
}

/** The administrator's door to the bulk-reset engine: a dry run first, then the same job for real. */
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
      administrators: { policy: "exclude-unlisted", includedMemberIds: [] },
    });
    // Pairs from a combo list: only their identifiers were kept; the job page offers a scan.
    const combo = parsed.comboLines > 0 ? `?comboLines=${parsed.comboLines}` : "";
    return c.redirect(`/admin/resets/${job.id}${combo}`, 303);
  });

  const findJob = (c: AppContext) => findBulkResetJob(deps.database, Number(c.req.param("id")));

  app.get("/admin/resets/:id{[0-9]+}", async (c) => {
    const job = await findJob(c);
    if (!job) return c.notFound();
    const comboLines = Number(c.req.query("comboLines") ?? 0);
    const reviewing = job.dryRun && job.status === "completed";
    const resent = c.req.query("resent");
    return c.html(
      <AdminResetJobPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        job={job}
        comboLines={Number.isSafeInteger(comboLines) && comboLines > 0 ? comboLines : 0}
        administrators={reviewing ? await listAdministratorsSetApart(deps.database, job.id) : []}
        listsOwnAccount={job.dryRun && (await listsOperatorOwnAccount(deps.database, job.id))}
        dryRunFigures={readDryRunFigures(job)}
        followUp={await loadFollowUpView(deps, job)}
        resent={resent !== undefined && /^[0-9]{1,9}$/.test(resent) ? Number(resent) : null}
      />,
    );
  });

  const renderConfirmation = async (
    c: AppContext,
    job: BulkResetJob,
    includedIds: number[],
    countChanged: boolean,
  ) => {
    const setApart = new Set(
      (await listAdministratorsSetApart(deps.database, job.id)).map((a) => a.id),
    );
    const included = includedIds.filter((id) => setApart.has(id));
    return c.html(
      <AdminResetConfirmPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        job={job}
        members={job.matched + included.length}
        emails={await countEmailsToSend(deps.database, job, included)}
        includedAdministratorIds={included}
        countChanged={countChanged}
      />,
      countChanged ? 409 : 200,
    );
  };

  // A GET: the confirmation only shows what starting would do; nothing changes until it is sent.
  app.get("/admin/resets/:id{[0-9]+}/confirm", async (c) => {
    const job = await findJob(c);
    if (!job) return c.notFound();
    if (!job.dryRun || job.status !== "completed") return c.redirect(`/admin/resets/${job.id}`);
    return renderConfirmation(c, job, readIncludedIds(c.req.queries("include") ?? []), false);
  });

  app.post("/admin/resets/:id{[0-9]+}/start", async (c) => {
    const form = c.get("form");
    // One field, comma-separated: a form keeps only the first of repeated names (web/form.ts).
    const included = readIncludedIds(formText(form, "included").split(","));
    const confirmed = formText(form, "confirmedEmails");
    const job = await findJob(c);
    if (!job) return c.notFound();
    const result = await startBulkResetJob(deps, job.id, {
      actor: memberActor(c),
      includedAdministratorIds: included,
      confirmedEmails: /^[0-9]{1,9}$/.test(confirmed) ? Number(confirmed) : -1,
    });
    if (result.kind === "count-changed") return renderConfirmation(c, job, included, true);
    return c.redirect(`/admin/resets/${job.id}`, 303);
  });

  // Extension-less like every export, so no CDN rule keyed on ".csv" caches it.
  app.get("/admin/resets/:id{[0-9]+}/unknown/export", async (c) => {
    const job = await findJob(c);
    if (!job) return c.notFound();
    const rows = [
      "identifier",
      ...(await listUnknownIdentifiers(deps.database, job.id)).map(formatCsvField),
    ];
    c.header("Content-Disposition", `attachment; filename="bulk-reset-${job.id}-unknown.csv"`);
    return c.body(`${rows.join("\r\n")}\r\n`, 200, { "Content-Type": "text/csv; charset=utf-8" });
  });

  app.route("/", followUpRoutes(deps));
  return app;
}
