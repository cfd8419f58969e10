import { AdminNav } from "../components/admin-nav";
import { CsrfField, ErrorSummary } from "../components/form";
import { formatDateTime, formatNumber } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface BulkResetJobView {
  id: number;
  reason: string;
  dryRun: boolean;
  status: "preparing" | "pending" | "running" | "completed";
  total: number;
  processed: number;
  matched: number;
  unknown: number;
  alreadyPending: number;
  duplicates: number;
  recentEmailChanges: number;
  administratorsExcluded: number;
  revokeSessions: boolean;
  invalidatePassword: boolean;
  notifyMembers: boolean;
  createdAt: Date;
  finishedAt: Date | null;
}

export function statusLabel(page: PageContext, job: BulkResetJobView): string {
  const t = page.messages;
  const status = {
    preparing: t.adminResetsStatusPreparing,
    pending: t.adminResetsStatusPending,
    running: t.adminResetsStatusRunning,
    completed: t.adminResetsStatusCompleted,
  }[job.status];
  return `${status} (${job.dryRun ? t.adminResetsDryRunLabel : t.adminResetsLiveLabel})`;
}

export function AdminResetsPage(props: {
  page: PageContext;
  csrfToken: string;
  jobs: BulkResetJobView[];
  values: { list: string; column: string; reason: string };
  errors: Partial<Record<"list" | "reason" | "column", string>>;
}) {
  const t = props.page.messages;
  const labels = {
    list: t.adminResetsList,
    reason: t.adminResetsReason,
    column: t.adminResetsColumn,
  };
  return (
    <Layout page={props.page} title={t.adminResetsTitle}>
      <AdminNav page={props.page} />
      <h1>{t.adminResetsTitle}</h1>
      <p>{t.adminResetsIntro}</p>
      <ErrorSummary title={t.errorSummary} errors={props.errors} labels={labels} />
      <form method="post" action="/admin/resets" enctype="multipart/form-data" novalidate>
        <CsrfField token={props.csrfToken} />
        <div class={props.errors.list ? "field field-error" : "field"}>
          <label for="list">{t.adminResetsList}</label>
          {props.errors.list && (
            <p class="error" id="list-error">
              {props.errors.list}
            </p>
          )}
          <textarea
            id="list"
            name="list"
            rows={8}
            aria-describedby={props.errors.list ? "list-error" : undefined}
          >
            {props.values.list}
          </textarea>
        </div>
        <div class="field">
          <label for="file">{t.adminResetsFile}</label>
          <input id="file" name="file" type="file" accept=".txt,.csv,text/plain,text/csv" />
        </div>
        <div class={props.errors.column ? "field field-error" : "field"}>
          <label for="column">{t.adminResetsColumn}</label>
          {props.errors.column && <p class="error">{props.errors.column}</p>}
          <input id="column" name="column" type="text" value={props.values.column} maxlength={64} />
        </div>
        <div class={props.errors.reason ? "field field-error" : "field"}>
          <label for="reason">{t.adminResetsReason}</label>
          {props.errors.reason && <p class="error">{props.errors.reason}</p>}
          <input
            id="reason"
            name="reason"
            type="text"
            value={props.values.reason}
            maxlength={500}
            required
          />
        </div>
        <fieldset class="options">
          <Checkbox name="revokeSessions" label={t.adminResetsRevokeSessions} />
          <Checkbox name="invalidatePassword" label={t.adminResetsInvalidatePassword} />
          <Checkbox name="notifyMembers" label={t.adminResetsNotify} />
        </fieldset>
        <div class="form-actions">
          <button type="submit">{t.adminResetsDryRun}</button>
        </div>
      </form>
      <h2>{t.adminResetsRecent}</h2>
      {props.jobs.length === 0 ? (
        <p>{t.adminResetsNone}</p>
      ) : (
        <ul class="job-list">
          {props.jobs.map((job) => (
            <li>
              <a href={`/admin/resets/${job.id}`}>{t.adminResetsJob(job.id)}</a> ·{" "}
              {statusLabel(props.page, job)} · {formatNumber(job.total, props.page.language)} ·{" "}
              {job.reason} · {formatDateTime(job.createdAt, props.page.language)}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function Checkbox(props: { name: string; label: string }) {
  return (
    <div class="checkbox">
      <input id={props.name} name={props.name} type="checkbox" value="on" checked />
      <label for={props.name}>{props.label}</label>
    </div>
  );
}
