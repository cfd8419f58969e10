import { Hono } from "hono";
import { AdminInvestigatePage } from "../../views/pages/admin-investigate";
import { recordAuditEvent } from "../audit/audit-log";
import type { SourceWindow } from "../defence/source-queries";
import type { Deps } from "../deps";
import type { Messages } from "../i18n";
import { memberActor } from "../resets/admin-routes";
import { createBulkResetJob } from "../resets/bulk-reset-jobs";
import { formatCsvField } from "../resets/identifier-list";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator } from "../web/guards";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import {
  countInvestigation,
  describeInvestigation,
  describeWindow,
  type InvestigationProblem,
  type InvestigationResult,
  investigateSources,
  maximumInvestigatedMembers,
  maximumSources,
} from "./investigation";
import {
  defaultInvestigationValues,
  type InvestigationFormValues,
  readInvestigationForm,
} from "./investigation-form";

type FormErrors = Partial<Record<"sources" | "from" | "to" | "reason", string>>;

/** The administrator's door to incident investigation; a GET form, so results are linkable. */
export function investigationRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const path of ["/admin/investigate", "/admin/investigate/*"])
    app.use(path, requireAdministrator(deps));

  const render = (
    c: AppContext,
    values: InvestigationFormValues,
    errors: FormErrors,
    found: { result: InvestigationResult; window: SourceWindow; reason?: string } | null,
  ) =>
    c.html(
      <AdminInvestigatePage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        values={values}
        errors={errors}
        result={
          found && {
            ...found.result,
            limit: maximumInvestigatedMembers,
            exportHref: `/admin/investigate/export?${new URLSearchParams({ ...values })}`,
            reason: found.reason ?? describeInvestigation(found.window),
          }
        }
      />,
      Object.keys(errors).length > 0 ? 400 : 200,
    );

  const valuesOf = (read: (name: string) => string | undefined): InvestigationFormValues => {
    const defaults = defaultInvestigationValues(deps.clock.now());
    return {
      sources: (read("sources") ?? "").slice(0, 8000),
      from: (read("from") ?? defaults.from).slice(0, 32),
      to: (read("to") ?? defaults.to).slice(0, 32),
    };
  };

  app.get("/admin/investigate", async (c) => {
    const values = valuesOf((name) => c.req.query(name));
    if (c.req.query("sources") === undefined) return render(c, values, {}, null);
    const form = readInvestigationForm(values);
    if (!form.ok)
      return render(c, values, describeProblems(form.problems, c.get("messages")), null);
    const result = await investigateSources(deps, form.window);
    return render(c, values, {}, { result, window: form.window });
  });

  // Extension-less like every export, so no CDN rule keyed on ".csv" caches it.
  app.get("/admin/investigate/export", async (c) => {
    const values = valuesOf((name) => c.req.query(name));
    const form = readInvestigationForm(values);
    if (!form.ok)
      return render(c, values, describeProblems(form.problems, c.get("messages")), null);
    const result = await investigateSources(deps, form.window);
    await recordAuditEvent(deps.database, deps.clock, {
      actor: memberActor(c),
      action: "investigation.exported",
      details: { ...describeWindow(form.window), ...countInvestigation(result) },
    });
    c.header("Content-Disposition", 'attachment; filename="rekey-investigation.csv"');
    return c.body(formatInvestigationCsv(result), 200, {
      "Content-Type": "text/csv; charset=utf-8",
    });
  });

  app.post("/admin/investigate/reset", async (c) => {
    const messages = c.get("messages");
    const form = c.get("form");
    const values = valuesOf((name) => formText(form, name));
    const reason = formText(form, "reason").trim();
    const parsed = readInvestigationForm(values);
    if (!parsed.ok) return render(c, values, describeProblems(parsed.problems, messages), null);
    // The list is queried again rather than taken from the page, which could be stale or forged.
    const result = await investigateSources(deps, parsed.window);
    const found = { result, window: parsed.window, reason };
    if (reason.length < 1 || reason.length > 500)
      return render(c, values, { reason: messages.adminResetsErrorReason }, found);
    if (result.signedIn.length === 0)
      return render(c, values, { sources: messages.investigateErrorNobody }, found);
    const actor = memberActor(c);
    const job = await createBulkResetJob(deps, {
      identifiers: result.signedIn.map((signedIn) => signedIn.loginId),
      reason,
      dryRun: true,
      revokeSessions: true,
      invalidatePassword: true,
      notifyMembers: true,
      source: "web",
      actor,
      // Administrators among those found are set apart on the dry run page, as for a list.
      administrators: { policy: "exclude-unlisted", includedMemberIds: [] },
    });
    await recordAuditEvent(deps.database, deps.clock, {
      actor,
      action: "investigation.reset",
      details: { jobId: job.id, ...describeWindow(parsed.window), ...countInvestigation(result) },
    });
    return c.redirect(`/admin/resets/${job.id}`, 303);
  });

  return app;
}

function describeProblems(problems: InvestigationProblem[], messages: Messages): FormErrors {
  const errors: FormErrors = {};
  for (const problem of problems) {
    if (problem.code === "empty") errors.sources = messages.investigateErrorSourcesEmpty;
    else if (problem.code === "too-many")
      errors.sources = messages.investigateErrorSourcesTooMany(maximumSources);
    else if (problem.code === "not-after-from") errors.to = messages.investigateErrorOrder;
    else if (problem.field === "sources")
      errors.sources = messages.investigateErrorSource(problem.entry);
    else errors[problem.field] = messages.investigateErrorTime;
  }
  return errors;
}

function formatInvestigationCsv(result: InvestigationResult): string {
  const rows = [
    ["outcome", "login_id", "successes", "failures", "last_success_at", "last_attempt_at"],
    ...[
      ...result.signedIn.map((found) => ["signed-in", found] as const),
      ...result.failedOnly.map((found) => ["failed-only", found] as const),
    ].map(([outcome, found]) => [
      outcome,
      found.loginId,
      String(found.successes),
      String(found.failures),
      found.lastSuccessAt?.toISOString() ?? "",
      found.lastAttemptAt.toISOString(),
    ]),
  ];
  return `${rows.map((row) => row.map(formatCsvField).join(",")).join("\r\n")}\r\n`;
}
