import { AdminNav } from "../components/admin-nav";
import { Figures } from "../components/figures";
import { CsrfField, ErrorSummary } from "../components/form";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface MemberImportView {
  created: number;
  updated: number;
  storedAsIs: number;
  wrapped: number;
  withoutPassword: number;
  markedResetRequired: number;
  setPasswordLinksQueued: number;
  rejected: number;
  problems: { lineNumber: number; message: string }[];
}

const strengths = ["unsalted", "salted", "iterated", "adaptive"] as const;

/** The console's import form for small files, and the summary of the import it just ran. */
export function AdminMemberImportPage(props: {
  page: PageContext;
  csrfToken: string;
  errors: Partial<Record<"file" | "options", string>>;
  result: MemberImportView | null;
}) {
  const t = props.page.messages;
  const result = props.result;
  return (
    <Layout page={props.page} title={t.adminImportTitle}>
      <AdminNav page={props.page} />
      <h1>{t.adminImportTitle}</h1>
      {result && (
        <section aria-labelledby="import-summary" data-import-summary>
          <h2 id="import-summary">{t.adminImportSummaryTitle}</h2>
          <Figures
            page={props.page}
            figures={[
              [t.adminImportCreated, result.created],
              [t.adminImportUpdated, result.updated],
              [t.adminImportStoredAsIs, result.storedAsIs],
              [t.adminImportWrapped, result.wrapped],
              [t.adminImportWithoutPassword, result.withoutPassword],
              [t.adminImportMarkedReset, result.markedResetRequired],
              [t.adminImportLinksQueued, result.setPasswordLinksQueued],
              [t.adminImportRejected, result.rejected],
            ]}
          />
          {result.problems.length > 0 && (
            <table data-import-problems>
              <caption>{t.adminImportProblemsTitle}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.adminImportLine}</th>
                  <th scope="col">{t.adminImportProblem}</th>
                </tr>
              </thead>
              <tbody>
                {result.problems.map((problem) => (
                  <tr>
                    <td>{problem.lineNumber}</td>
                    <td>{problem.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      <p>{t.adminImportIntro}</p>
      <ErrorSummary
        title={t.errorSummary}
        errors={props.errors}
        labels={{ file: t.adminImportFile, options: t.adminImportHashFormat }}
      />
      <form method="post" action="/admin/members/import" enctype="multipart/form-data" novalidate>
        <CsrfField token={props.csrfToken} />
        <div class={props.errors.file ? "field field-error" : "field"}>
          <label for="file">{t.adminImportFile}</label>
          {props.errors.file && (
            <p class="error" id="file-error">
              {props.errors.file}
            </p>
          )}
          <input
            id="file"
            name="file"
            type="file"
            accept=".jsonl,.ndjson,.csv,application/x-ndjson,text/csv"
            aria-describedby={props.errors.file ? "file-error" : undefined}
            required
          />
        </div>
        <div class={props.errors.options ? "field field-error" : "field"}>
          <label for="hash-format">{t.adminImportHashFormat}</label>
          {props.errors.options && <p class="error">{props.errors.options}</p>}
          <select id="hash-format" name="hash-format">
            <option value="auto">{t.adminImportHashFormatAuto}</option>
            <option value="md5">MD5</option>
            <option value="sha1">SHA-1</option>
            <option value="sha256">SHA-256</option>
            <option value="sha512">SHA-512</option>
          </select>
        </div>
        <div class="field">
          <label for="hash-encoding">{t.adminImportHashEncoding}</label>
          <select id="hash-encoding" name="hash-encoding">
            <option value="hex">hex</option>
            <option value="base64">base64</option>
          </select>
        </div>
        <div class="field">
          <label for="salt-position">{t.adminImportSaltPosition}</label>
          <select id="salt-position" name="salt-position">
            <option value="before">{t.adminImportSaltBefore}</option>
            <option value="after">{t.adminImportSaltAfter}</option>
          </select>
        </div>
        <div class="field">
          <label for="reset-weaker-than">{t.adminImportResetWeakerThan}</label>
          <select id="reset-weaker-than" name="reset-weaker-than">
            <option value="">{t.adminImportResetWeakerThanNone}</option>
            {strengths.map((strength) => (
              <option value={strength}>{strength}</option>
            ))}
          </select>
        </div>
        <fieldset class="options">
          <div class="checkbox">
            <input id="reset-required" name="reset-required" type="checkbox" value="true" />
            <label for="reset-required">{t.adminImportResetRequired}</label>
          </div>
          <div class="checkbox">
            <input
              id="send-set-password-links"
              name="send-set-password-links"
              type="checkbox"
              value="true"
            />
            <label for="send-set-password-links">{t.adminImportSendLinks}</label>
          </div>
        </fieldset>
        <div class="form-actions">
          <button type="submit">{t.adminImportSubmit}</button>
        </div>
      </form>
    </Layout>
  );
}
