import { formatDateTime } from "../format";
import type { PageContext } from "../page-context";
import { DataTable } from "./table";

export interface SignInView {
  occurredAt: Date;
  outcome: "success" | "failure" | "refused";
  /** Proven (or attempted) with a passkey rather than a password. */
  passkey: boolean;
  reauthentication: boolean;
  device: string | null;
  ipAddress: string | null;
}

/** Sign-in attempts, newest first: the member's activity page and the admin's member page. */
export function SignInTable(props: { page: PageContext; events: SignInView[] }) {
  const t = props.page.messages;
  const language = props.page.language;
  const outcomes = {
    success: { label: t.activityResultSuccess, badge: "badge ok" },
    failure: { label: t.activityResultFailure, badge: "badge warn" },
    refused: { label: t.activityResultRefused, badge: "badge warn" },
  };
  const passkeyOutcomes = {
    success: t.activityResultSuccess,
    failure: t.activityResultPasskeyFailure,
    refused: t.activityResultPasskeyRefused,
  };
  if (props.events.length === 0) return <p>{t.activityNone}</p>;
  return (
    <DataTable headings={[t.activityWhen, t.activityResult, t.activityDevice, t.activityIpAddress]}>
      {props.events.map((event) => (
        <tr>
          <td>{formatDateTime(event.occurredAt, language)}</td>
          <td>
            <span class={outcomes[event.outcome].badge}>
              {event.passkey ? passkeyOutcomes[event.outcome] : outcomes[event.outcome].label}
            </span>
            {event.passkey ? (
              <span data-sign-in-method="passkey">
                {` ${event.reauthentication ? t.activityPasskeyReauthentication : t.activityPasskey}`}
              </span>
            ) : (
              event.reauthentication && ` ${t.activityReauthentication}`
            )}
          </td>
          <td>{event.device ?? t.sessionsUnknownDevice}</td>
          <td>{event.ipAddress ?? "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
