import type { MemberFromSources } from "../../src/defence/source-queries";
import { formatDateTime, formatNumber } from "../format";
import type { PageContext } from "../page-context";
import { CsrfField } from "./form";
import { DataTable } from "./table";

export interface SourceView {
  ipAddress: string;
  attempts: number;
  distinctAccounts: number;
  successRate: number | null;
  emailShare: number;
  lastAttemptAt: Date;
  blocked: boolean;
}

const percent = (ratio: number | null) => (ratio === null ? "—" : `${Math.round(ratio * 100)}%`);

/** Top sources of the last hour, with the two figures So-net's case taught to watch. */
export function SourcesSection(props: {
  page: PageContext;
  csrfToken: string;
  sources: SourceView[];
}) {
  const t = props.page.messages;
  const language = props.page.language;
  const view = { sources: props.sources };
  return (
    <section aria-labelledby="sources-title">
      <h2 id="sources-title">{t.attacksSourcesTitle}</h2>
      {view.sources.length === 0 ? (
        <p>{t.attacksSourcesNone}</p>
      ) : (
        <DataTable
          headings={[
            t.attacksSource,
            t.attacksDistinctAccounts,
            t.attacksAttempts,
            t.attacksSuccessRate,
            t.attacksEmailShare,
            t.attacksLastSeen,
            t.sessionsActions,
          ]}
        >
          {view.sources.map((source) => (
            <tr>
              <td>{source.ipAddress}</td>
              <td>{formatNumber(source.distinctAccounts, language)}</td>
              <td>{formatNumber(source.attempts, language)}</td>
              <td>{percent(source.successRate)}</td>
              <td>{percent(source.emailShare)}</td>
              <td>{formatDateTime(source.lastAttemptAt, language)}</td>
              <td>
                {source.blocked ? (
                  <span class="badge warn">{t.attacksBlocked}</span>
                ) : (
                  <form method="post" action="/admin/attacks/blocks" class="inline-form">
                    <CsrfField token={props.csrfToken} />
                    <input type="hidden" name="cidr" value={source.ipAddress} />
                    <input type="hidden" name="reason" value={t.attacksSourcesTitle} />
                    <button type="submit" class="secondary">
                      {t.attacksBlockSource}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

/** Members with a successful sign-in from a blocked source: candidates for a forced reset. */
export function AffectedSection(props: {
  page: PageContext;
  affected: MemberFromSources[];
  hours: number;
}) {
  const t = props.page.messages;
  const language = props.page.language;
  const view = { affected: props.affected, hours: props.hours };
  return (
    <section aria-labelledby="affected-title">
      <h2 id="affected-title">{t.attacksAffectedTitle}</h2>
      <p>{t.attacksAffectedIntro}</p>
      {view.affected.length === 0 ? (
        <p>{t.attacksAffectedNone}</p>
      ) : (
        <>
          <DataTable
            headings={[t.accountLoginId, t.accountEmail, t.attacksSuccesses, t.attacksLastSuccess]}
          >
            {view.affected.map((member) => (
              <tr>
                <td>{member.loginId}</td>
                <td>{member.email}</td>
                <td>{formatNumber(member.successes, language)}</td>
                <td>
                  {member.lastSuccessAt ? formatDateTime(member.lastSuccessAt, language) : "—"}
                </td>
              </tr>
            ))}
          </DataTable>
          <p>
            <a class="button secondary" href={`/admin/attacks/affected/export?hours=${view.hours}`}>
              {t.attacksExportCsv}
            </a>
          </p>
        </>
      )}
    </section>
  );
}
