import { CsrfField } from "../components/form";
import { formatDateTime } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface SessionView {
  id: string;
  device: string | null;
  ipAddress: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  isCurrent: boolean;
}

export function SessionsPage(props: {
  page: PageContext;
  csrfToken: string;
  sessions: SessionView[];
  notice: string | null;
}) {
  const t = props.page.messages;
  const language = props.page.language;
  const others = props.sessions.filter((session) => !session.isCurrent);
  return (
    <Layout page={props.page} title={t.sessionsTitle}>
      <h1>{t.sessionsTitle}</h1>
      <p>{t.sessionsIntro}</p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.sessionsDevice}</th>
              <th scope="col">{t.sessionsIpAddress}</th>
              <th scope="col">{t.sessionsSignedIn}</th>
              <th scope="col">{t.sessionsLastSeen}</th>
              <th scope="col">{t.sessionsActions}</th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((session) => (
              <tr>
                <td>{session.device ?? t.sessionsUnknownDevice}</td>
                <td>{session.ipAddress ?? "—"}</td>
                <td>{formatDateTime(session.createdAt, language)}</td>
                <td>{formatDateTime(session.lastSeenAt, language)}</td>
                <td>
                  {session.isCurrent ? (
                    <span class="badge ok">{t.sessionsThisDevice}</span>
                  ) : (
                    <form method="post" action="/account/sessions/revoke" class="inline-form">
                      <CsrfField token={props.csrfToken} />
                      <input type="hidden" name="sessionId" value={session.id} />
                      <button type="submit" class="secondary">
                        {t.sessionsRevoke}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {others.length > 0 ? (
        <form method="post" action="/account/sessions/revoke-others">
          <CsrfField token={props.csrfToken} />
          <button type="submit">{t.sessionsRevokeOthers}</button>
        </form>
      ) : (
        <p>{t.sessionsNone}</p>
      )}
    </Layout>
  );
}
