import { AdminNav } from "../components/admin-nav";
import { Figures } from "../components/figures";
import { CsrfField, ErrorSummary } from "../components/form";
import { DataTable } from "../components/table";
import { formatDateTime, formatNumber } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface InvestigatedMemberView {
  memberId: number;
  loginId: string;
  successes: number;
  failures: number;
  lastSuccessAt: Date | null;
  lastAttemptAt: Date;
}

export interface InvestigationView {
  signedIn: InvestigatedMemberView[];
  failedOnly: InvestigatedMemberView[];
  truncated: boolean;
  limit: number;
  exportHref: string;
  reason: string;
}

type Field = "sources" | "from" | "to" | "reason";

/** Rows listed on the page per table; the CSV export holds every one. */
const listedRows = 500;

export function AdminInvestigatePage(props: {
  page: PageContext;
  csrfToken: string;
  values: { sources: string; from: string; to: string };
  errors: Partial<Record<Field, string>>;
  result: InvestigationView | null;
}) {
  const t = props.page.messages;
  const { values, errors, result } = props;
  const labels = {
    sources: t.investigateSources,
    from: t.investigateFrom,
    to: t.investigateTo,
    reason: t.investigateReason,
  };
  return (
    <Layout page={props.page} title={t.investigateTitle}>
      <AdminNav page={props.page} />
      <h1>{t.investigateTitle}</h1>
      <p>{t.investigateIntro}</p>
      <ErrorSummary title={t.errorSummary} errors={errors} labels={labels} />
      <form method="get" action="/admin/investigate" novalidate>
        <div class={errors.sources ? "field field-error" : "field"}>
          <label for="sources">{t.investigateSources}</label>
          {errors.sources && <p class="error">{errors.sources}</p>}
          <textarea id="sources" name="sources" rows={4} spellcheck={false}>
            {values.sources}
          </textarea>
        </div>
        <TimeField name="from" label={t.investigateFrom} value={values.from} error={errors.from} />
        <TimeField name="to" label={t.investigateTo} value={values.to} error={errors.to} />
        <div class="form-actions">
          <button type="submit">{t.investigateSubmit}</button>
        </div>
      </form>
      {result && (
        <Results
          page={props.page}
          csrfToken={props.csrfToken}
          values={values}
          result={result}
          reasonError={errors.reason}
        />
      )}
    </Layout>
  );
}

function TimeField(props: {
  name: string;
  label: string;
  value: string;
  error?: string | undefined;
}) {
  return (
    <div class={props.error ? "field field-error" : "field"}>
      <label for={props.name}>{props.label}</label>
      {props.error && <p class="error">{props.error}</p>}
      <input id={props.name} name={props.name} type="datetime-local" value={props.value} required />
    </div>
  );
}

function Results(props: {
  page: PageContext;
  csrfToken: string;
  values: { sources: string; from: string; to: string };
  result: InvestigationView;
  reasonError: string | undefined;
}) {
  const t = props.page.messages;
  const { result } = props;
  const language = props.page.language;
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t.investigateResults}</h2>
      <Figures
        page={props.page}
        figures={[
          [t.investigateSignedIn, result.signedIn.length],
          [t.investigateFailedOnly, result.failedOnly.length],
        ]}
      />
      {result.truncated && (
        <p class="error">{t.investigateTruncated(formatNumber(result.limit, language))}</p>
      )}
      <p>
        <a href={result.exportHref}>{t.investigateExport}</a>
      </p>
      <h3>{t.investigateSignedIn}</h3>
      <MemberTable page={props.page} members={result.signedIn} />
      {result.signedIn.length > 0 && (
        <form method="post" action="/admin/investigate/reset">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="sources" value={props.values.sources} />
          <input type="hidden" name="from" value={props.values.from} />
          <input type="hidden" name="to" value={props.values.to} />
          <h3>{t.investigateResetTitle}</h3>
          <p>{t.investigateResetIntro}</p>
          <div class={props.reasonError ? "field field-error" : "field"}>
            <label for="reason">{t.investigateReason}</label>
            {props.reasonError && <p class="error">{props.reasonError}</p>}
            <input
              id="reason"
              name="reason"
              type="text"
              value={result.reason}
              maxlength={500}
              required
            />
          </div>
          <div class="form-actions">
            <button type="submit">{t.investigateResetSubmit}</button>
          </div>
        </form>
      )}
      <h3>{t.investigateFailedOnly}</h3>
      <MemberTable page={props.page} members={result.failedOnly} />
    </section>
  );
}

function MemberTable(props: { page: PageContext; members: InvestigatedMemberView[] }) {
  const t = props.page.messages;
  const language = props.page.language;
  if (props.members.length === 0) return <p>{t.investigateNone}</p>;
  const time = (date: Date | null) => (date ? formatDateTime(date, language) : "–");
  return (
    <>
      {props.members.length > listedRows && (
        <p class="hint">{t.investigateShownFirst(formatNumber(listedRows, language))}</p>
      )}
      <DataTable
        headings={[
          t.investigateLoginId,
          t.investigateSuccesses,
          t.investigateFailures,
          t.investigateLastSuccess,
          t.investigateLastAttempt,
        ]}
      >
        {props.members.slice(0, listedRows).map((found) => (
          <tr>
            <td>
              <a href={`/admin/members/${found.memberId}`}>{found.loginId}</a>
            </td>
            <td>{formatNumber(found.successes, language)}</td>
            <td>{formatNumber(found.failures, language)}</td>
            <td>{time(found.lastSuccessAt)}</td>
            <td>{time(found.lastAttemptAt)}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
