import type { WaveEvidence } from "../../src/defence/waves/wave-detection";
import type { WaveMember } from "../../src/defence/waves/wave-members";
import { AdminNav } from "../components/admin-nav";
import { Figures } from "../components/figures";
import { CsrfField } from "../components/form";
import { DataTable } from "../components/table";
import { WaveEvidenceList } from "../components/wave-evidence";
import { formatDateTime, formatNumber } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface WaveInvestigationView {
  waveId: number;
  from: Date;
  to: Date;
  evidence: WaveEvidence[];
  identifiersTouched: number;
  members: WaveMember[];
  reason: string;
}

/** Rows listed on the page; the dry run takes every member. */
const listedRows = 500;

/** A detected wave's members, handed on to a bulk reset that starts as a dry run. */
export function AdminWaveInvestigatePage(props: {
  page: PageContext;
  csrfToken: string;
  view: WaveInvestigationView;
  reasonError: string | null;
}) {
  const t = props.page.messages;
  const { view } = props;
  const language = props.page.language;
  return (
    <Layout page={props.page} title={t.waveInvestigateTitle(view.waveId)}>
      <AdminNav page={props.page} />
      <h1>{t.waveInvestigateTitle(view.waveId)}</h1>
      <p>{t.waveInvestigateIntro}</p>
      <p>
        {t.waveInvestigateWindow(
          formatDateTime(view.from, language),
          formatDateTime(view.to, language),
        )}
      </p>
      <h2>{t.wavesWhy}</h2>
      <WaveEvidenceList page={props.page} evidence={view.evidence} />
      <p>{t.wavesIdentifiersTouched(formatNumber(view.identifiersTouched, language))}</p>
      <Figures page={props.page} figures={[[t.waveInvestigateMembers, view.members.length]]} />
      {view.members.length === 0 ? (
        <p>{t.waveInvestigateNobody}</p>
      ) : (
        <>
          <form method="post" action={`/admin/investigate/waves/${view.waveId}/reset`}>
            <CsrfField token={props.csrfToken} />
            <h2>{t.investigateResetTitle}</h2>
            <p>{t.investigateResetIntro}</p>
            <div class={props.reasonError ? "field field-error" : "field"}>
              <label for="reason">{t.investigateReason}</label>
              {props.reasonError && <p class="error">{props.reasonError}</p>}
              <input
                id="reason"
                name="reason"
                type="text"
                value={view.reason}
                maxlength={500}
                required
              />
            </div>
            <div class="form-actions">
              <button type="submit" data-wave-reset>
                {t.investigateResetSubmit}
              </button>
            </div>
          </form>
          {view.members.length > listedRows && (
            <p class="hint">{t.investigateShownFirst(formatNumber(listedRows, language))}</p>
          )}
          <DataTable
            headings={[
              t.investigateLoginId,
              t.waveInvestigateSuspectSignIns,
              t.waveInvestigateIdentifiersFromAddress,
              t.waveInvestigateLastSignIn,
            ]}
          >
            {view.members.slice(0, listedRows).map((found) => (
              <tr data-wave-member={found.loginId}>
                <td>
                  <a href={`/admin/members/${found.memberId}`}>{found.loginId}</a>
                </td>
                <td>{formatNumber(found.suspectSignIns, language)}</td>
                <td>{formatNumber(found.identifiersFromAddress, language)}</td>
                <td>{formatDateTime(found.lastSuspectSignInAt, language)}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </Layout>
  );
}
