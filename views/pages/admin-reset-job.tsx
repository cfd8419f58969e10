import { AdminNav } from "../components/admin-nav";
import { Figures } from "../components/figures";
import { FollowUp, type FollowUpView } from "../components/follow-up";
import { CsrfField } from "../components/form";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";
import { type BulkResetJobView, statusLabel } from "./admin-resets";

export interface AdministratorView {
  id: number;
  loginId: string;
  email: string;
}

export interface DryRunFiguresView {
  matched: number;
  unknown: number;
  alreadyPending: number;
  duplicates: number;
  recentEmailChanges: number;
  administratorsExcluded: number;
}

/** The options a job applies, as the operator chose them, stated before anything starts. */
function JobOptions(props: { page: PageContext; job: BulkResetJobView }) {
  const t = props.page.messages;
  const answer = (value: boolean) => (value ? t.jobOptionYes : t.jobOptionNo);
  return (
    <section aria-labelledby="job-options">
      <h2 id="job-options">{t.jobOptionsTitle}</h2>
      <dl class="job-options" data-job-options>
        <div>
          <dt>{t.adminResetsRevokeSessions}</dt>
          <dd data-option="revokeSessions">{answer(props.job.revokeSessions)}</dd>
        </div>
        <div>
          <dt>{t.adminResetsInvalidatePassword}</dt>
          <dd data-option="invalidatePassword">{answer(props.job.invalidatePassword)}</dd>
        </div>
        <div>
          <dt>{t.adminResetsNotify}</dt>
          <dd data-option="notifyMembers">{answer(props.job.notifyMembers)}</dd>
        </div>
      </dl>
    </section>
  );
}

function countFigures(page: PageContext, figures: DryRunFiguresView): [string, number][] {
  const t = page.messages;
  return [
    [t.adminResetsMatched, figures.matched],
    [t.adminResetsUnknown, figures.unknown],
    [t.adminResetsAlreadyPending, figures.alreadyPending],
    [t.adminResetsDuplicates, figures.duplicates],
    [t.adminResetsRecentEmailChanges, figures.recentEmailChanges],
    [t.jobAdministratorsExcluded, figures.administratorsExcluded],
  ];
}

export function AdminResetJobPage(props: {
  page: PageContext;
  csrfToken: string;
  job: BulkResetJobView;
  administrators: AdministratorView[];
  listsOwnAccount: boolean;
  dryRunFigures: DryRunFiguresView | null;
  followUp: FollowUpView | null;
  resent: number | null;
  /** Lines of the submitted list that were identifier:password pairs (passwords discarded). */
  comboLines?: number;
}) {
  const t = props.page.messages;
  const { job } = props;
  const running = job.status !== "completed";
  const startable =
    job.dryRun && job.status === "completed" && job.matched + job.administratorsExcluded > 0;
  return (
    <Layout
      page={props.page}
      title={t.adminResetsJob(job.id)}
      refreshInSeconds={running ? 2 : undefined}
    >
      <AdminNav page={props.page} />
      <h1>{t.adminResetsJob(job.id)}</h1>
      {props.resent !== null && (
        <p class="notice" role="status">
          {t.jobResent(props.resent)}
        </p>
      )}
      <p>
        {t.adminResetsStatus}: <strong>{statusLabel(props.page, job)}</strong> · {job.reason}
      </p>
      {(props.comboLines ?? 0) > 0 && (
        <div class="notice" data-notice="combo-lines">
          <p>{t.bulkResetComboLinesFound(props.comboLines ?? 0)}</p>
          <p>
            <a href="/admin/combo-scans">{t.bulkResetComboScanLink}</a>
          </p>
        </div>
      )}
      <label for="progress">{t.adminResetsProgress}</label>
      <progress
        id="progress"
        max={job.total}
        value={job.processed}
      >{`${job.processed} / ${job.total}`}</progress>
      {running && <p class="hint">{t.adminResetsRefreshing}</p>}
      <Figures
        page={props.page}
        figures={[
          [t.adminResetsTotal, job.total],
          [t.adminResetsProcessed, job.processed],
          ...countFigures(props.page, job),
        ]}
      />
      {job.unknown > 0 && job.status === "completed" && (
        <p>
          <a href={`/admin/resets/${job.id}/unknown/export`}>{t.adminResetsDownloadUnknown}</a>
        </p>
      )}
      {props.dryRunFigures && (
        <section aria-labelledby="dry-run-figures">
          <h2 id="dry-run-figures">{t.jobDryRunFiguresTitle}</h2>
          <Figures page={props.page} figures={countFigures(props.page, props.dryRunFigures)} />
        </section>
      )}
      {job.dryRun && <JobOptions page={props.page} job={job} />}
      {props.listsOwnAccount && (
        <p class="notice" data-self-excluded>
          {t.jobSelfExcluded}
        </p>
      )}
      {startable && (
        <form method="get" action={`/admin/resets/${job.id}/confirm`}>
          {props.administrators.length > 0 && (
            <fieldset class="options" data-administrators>
              <legend>{t.jobAdministratorsTitle}</legend>
              <p class="hint">{t.jobAdministratorsIntro}</p>
              {props.administrators.map((administrator) => (
                <div class="checkbox">
                  <input
                    id={`include-${administrator.id}`}
                    name="include"
                    type="checkbox"
                    value={String(administrator.id)}
                  />
                  <label for={`include-${administrator.id}`}>
                    {t.jobAdministratorInclude(administrator.loginId, administrator.email)}
                  </label>
                </div>
              ))}
            </fieldset>
          )}
          <button type="submit">{t.jobContinue}</button>
        </form>
      )}
      {props.followUp && (
        <FollowUp
          page={props.page}
          csrfToken={props.csrfToken}
          jobId={job.id}
          view={props.followUp}
        />
      )}
    </Layout>
  );
}

/** The last step before a job starts: what it does, and how many e-mails it sends, in words. */
export function AdminResetConfirmPage(props: {
  page: PageContext;
  csrfToken: string;
  job: BulkResetJobView;
  members: number;
  emails: number;
  includedAdministratorIds: number[];
  countChanged: boolean;
}) {
  const t = props.page.messages;
  const { job } = props;
  return (
    <Layout page={props.page} title={t.jobConfirmTitle}>
      <AdminNav page={props.page} />
      <h1>{t.jobConfirmTitle}</h1>
      <p>
        {t.adminResetsJob(job.id)} · {job.reason}
      </p>
      {props.countChanged && (
        <p class="error" role="alert">
          {t.jobConfirmCountChanged}
        </p>
      )}
      <p class="confirmation" data-confirmation>
        <strong>
          {props.emails > 0
            ? t.jobConfirmSummary(props.members, props.emails)
            : t.jobConfirmNoEmails(props.members)}
        </strong>
      </p>
      {props.includedAdministratorIds.length > 0 && (
        <p>{t.jobConfirmIncluded(props.includedAdministratorIds.length)}</p>
      )}
      <JobOptions page={props.page} job={job} />
      <form method="post" action={`/admin/resets/${job.id}/start`}>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="confirmedEmails" value={String(props.emails)} />
        <input type="hidden" name="included" value={props.includedAdministratorIds.join(",")} />
        <div class="form-actions">
          <button type="submit" class="danger">
            {props.emails > 0 ? t.jobConfirmButton(props.emails) : t.jobConfirmButtonNoEmails}
          </button>
        </div>
      </form>
      <p>
        <a href={`/admin/resets/${job.id}`}>{t.jobConfirmBack}</a>
      </p>
    </Layout>
  );
}
