import { DataTable } from "../components/table";
import { formatDateTime } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface ActivityView {
  occurredAt: Date;
  outcome: "success" | "failure" | "refused";
  reauthentication: boolean;
  device: string | null;
  ipAddress: string | null;
}

export function ActivityPage(props: { page: PageContext; events: ActivityView[] }) {
  const t = props.page.messages;
  const language = props.page.language;
  const outcomes = {
    success: { label: t.activityResultSuccess, badge: "badge ok" },
    failure: { label: t.activityResultFailure, badge: "badge warn" },
    refused: { label: t.activityResultRefused, badge: "badge warn" },
  };
  return (
    <Layout page={props.page} title={t.activityTitle}>
      <h1>{t.activityTitle}</h1>
      <p>{t.activityIntro}</p>
      {props.events.length === 0 ? (
        <p>{t.activityNone}</p>
      ) : (
        <DataTable
          headings={[t.activityWhen, t.activityResult, t.activityDevice, t.activityIpAddress]}
        >
          {props.events.map((event) => (
            <tr>
              <td>{formatDateTime(event.occurredAt, language)}</td>
              <td>
                <span class={outcomes[event.outcome].badge}>{outcomes[event.outcome].label}</span>
                {event.reauthentication && ` ${t.activityReauthentication}`}
              </td>
              <td>{event.device ?? t.sessionsUnknownDevice}</td>
              <td>{event.ipAddress ?? "—"}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <p>
        <a href="/account/sessions">{t.accountManageSessions}</a>
      </p>
    </Layout>
  );
}
