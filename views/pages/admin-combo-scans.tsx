import type { ComboScan, ComboScanSummary } from "../../src/combo-scans/scans";
import { AdminNav } from "../components/admin-nav";
import { Figures } from "../components/figures";
import { CsrfField, ErrorSummary } from "../components/form";
import { formatDateTime, formatNumber } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface ComboScanFinding {
  memberId: number;
  loginId: string;
  exposure: number;
}

export function outcomeLabel(page: PageContext, exposure: number): string {
  const t = page.messages;
  return exposure === 2
    ? t.comboScansCurrent
    : exposure === 1
      ? t.comboScansOld
      : t.comboScansNotExposed;
}

export function AdminComboScansPage(props: {
  page: PageContext;
  csrfToken: string;
  scans: ComboScan[];
  error?: string;
}) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.comboScansTitle}>
      <AdminNav page={props.page} />
      <h1>{t.comboScansTitle}</h1>
      <p>{t.comboScansIntro}</p>
      <ErrorSummary
        title={t.errorSummary}
        errors={props.error ? { file: props.error } : {}}
        labels={{ file: t.comboScansFile }}
      />
      {/* The token and the other fields come before the file: the server checks them before
          it reads a byte of the list, which it streams to disk rather than holding. */}
      <form method="post" action="/admin/combo-scans" enctype="multipart/form-data" novalidate>
        <CsrfField token={props.csrfToken} />
        <div class="field">
          <label for="name">{t.comboScansName}</label>
          <input id="name" name="name" type="text" maxlength={200} />
        </div>
        <div class="field">
          <label for="identifierColumn">{t.comboScansIdentifierColumn}</label>
          <input id="identifierColumn" name="identifierColumn" type="text" maxlength={64} />
        </div>
        <div class="field">
          <label for="passwordColumn">{t.comboScansPasswordColumn}</label>
          <input id="passwordColumn" name="passwordColumn" type="text" maxlength={64} />
        </div>
        <div class={props.error ? "field field-error" : "field"}>
          <label for="file">{t.comboScansFile}</label>
          {props.error && <p class="error">{props.error}</p>}
          <input id="file" name="file" type="file" required />
        </div>
        <div class="form-actions">
          <button type="submit">{t.comboScansSubmit}</button>
        </div>
      </form>
      <h2>{t.comboScansRecent}</h2>
      {props.scans.length === 0 ? (
        <p>{t.comboScansNone}</p>
      ) : (
        <ul class="job-list">
          {props.scans.map((scan) => (
            <li>
              <a href={`/admin/combo-scans/${scan.id}`}>{t.comboScansScan(scan.id)}</a> ·{" "}
              {scan.name} · {t.comboScansStatusNames[scan.status] ?? scan.status} ·{" "}
              {formatDateTime(scan.createdAt, props.page.language)}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function AdminComboScanPage(props: {
  page: PageContext;
  csrfToken: string;
  summary: ComboScanSummary;
  findings: ComboScanFinding[];
  reason: string;
  reasonError?: string;
}) {
  const t = props.page.messages;
  const { summary } = props;
  const { scan } = summary;
  const running = scan.status === "preparing" || scan.status === "running";
  const figures: [string, number][] = [
    [t.comboScansLines, summary.lines],
    [t.comboScansMalformed, summary.malformed],
    [t.comboScansMatched, summary.matched],
    [t.comboScansCurrent, summary.members.current],
    [t.comboScansOld, summary.members.old],
    [t.comboScansNotExposed, summary.members.none],
  ];
  return (
    <Layout
      page={props.page}
      title={t.comboScansScan(scan.id)}
      refreshInSeconds={running ? 3 : undefined}
    >
      <AdminNav page={props.page} />
      <h1>{t.comboScansScan(scan.id)}</h1>
      <p>
        {t.comboScansStatus}:{" "}
        <strong data-status={scan.status}>
          {t.comboScansStatusNames[scan.status] ?? scan.status}
        </strong>{" "}
        · {scan.name} · {formatNumber(scan.fileBytes, props.page.language)} B
      </p>
      <label for="progress">{t.comboScansProgress}</label>
      <progress id="progress" max={Math.max(summary.segments, 1)} value={summary.segmentsDone}>
        {`${summary.segmentsDone} / ${summary.segments}`}
      </progress>
      {running && <p class="hint">{t.comboScansRefreshing}</p>}
      <Figures page={props.page} figures={figures} />
      {summary.malformedSample.length > 0 && (
        <p>{t.comboScansMalformedSample(summary.malformedSample.join(", "))}</p>
      )}
      {running && (
        <form method="post" action={`/admin/combo-scans/${scan.id}/cancel`}>
          <CsrfField token={props.csrfToken} />
          <button type="submit">{t.comboScansCancel}</button>
        </form>
      )}
      {scan.bulkResetJobId !== null && (
        <p>
          <a href={`/admin/resets/${scan.bulkResetJobId}`}>
            {t.comboScansBulkResetLink(scan.bulkResetJobId)}
          </a>
        </p>
      )}
      {scan.status === "completed" && (
        <section aria-labelledby="hand-over">
          <h2 id="hand-over">{t.comboScansHandOverTitle}</h2>
          {summary.members.current === 0 ? (
            <p>{t.comboScansNothingToReset}</p>
          ) : (
            <form method="post" action={`/admin/combo-scans/${scan.id}/bulk-reset`} novalidate>
              <p>{t.comboScansHandOverIntro}</p>
              <CsrfField token={props.csrfToken} />
              <div class={props.reasonError ? "field field-error" : "field"}>
                <label for="reason">{t.comboScansReason}</label>
                {props.reasonError && <p class="error">{props.reasonError}</p>}
                <input
                  id="reason"
                  name="reason"
                  type="text"
                  value={props.reason}
                  maxlength={500}
                  required
                />
              </div>
              <div class="form-actions">
                <button type="submit">{t.comboScansHandOver}</button>
              </div>
            </form>
          )}
        </section>
      )}
      {props.findings.length > 0 && (
        <section aria-labelledby="members">
          <h2 id="members">{t.comboScansMembers}</h2>
          <p>
            <a href={`/admin/combo-scans/${scan.id}/members/export`}>{t.comboScansDownload}</a>
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.comboScansLoginId}</th>
                <th scope="col">{t.comboScansOutcome}</th>
              </tr>
            </thead>
            <tbody>
              {props.findings.map((finding) => (
                <tr
                  data-member-id={String(finding.memberId)}
                  data-exposure={String(finding.exposure)}
                >
                  <td>
                    <a href={`/admin/members/${finding.memberId}`}>{finding.loginId}</a>
                  </td>
                  <td>{outcomeLabel(props.page, finding.exposure)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </Layout>
  );
}
