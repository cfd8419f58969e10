import { AdminNav } from "../components/admin-nav";
import { Figures } from "../components/figures";
import { CsrfField } from "../components/form";
import { formatDateTime } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface AdminMailView {
  counts: { pending: number; sending: number; sent: number; failed: number };
  deliveryConfigured: boolean;
  failures: {
    id: number;
    recipient: string;
    kind: string;
    attempts: number;
    lastError: string | null;
    createdAt: Date;
  }[];
  /** Pending again after a failed attempt: the relay's last answer and when it is tried next. */
  retrying: {
    id: number;
    recipient: string;
    kind: string;
    attempts: number;
    lastError: string | null;
    nextAttemptAt: Date;
  }[];
}

export function AdminMailPage(props: {
  page: PageContext;
  csrfToken: string;
  view: AdminMailView;
  notice: string | null;
}) {
  const t = props.page.messages;
  const language = props.page.language;
  const { view } = props;
  const rows: [string, number][] = [
    [t.adminMailPending, view.counts.pending],
    [t.adminMailSending, view.counts.sending],
    [t.adminMailSent, view.counts.sent],
    [t.adminMailFailed, view.counts.failed],
  ];
  return (
    <Layout page={props.page} title={t.adminMailTitle}>
      <AdminNav page={props.page} />
      <h1>{t.adminMailTitle}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {!view.deliveryConfigured && <p class="advice">{t.adminMailNoTransport}</p>}
      <Figures page={props.page} figures={rows} />
      <h2>{t.adminMailRetrying}</h2>
      {view.retrying.length === 0 ? (
        <p>{t.adminMailNoRetrying}</p>
      ) : (
        <div class="table-scroll">
          <table data-table="retrying">
            <thead>
              <tr>
                <th scope="col">{t.adminMailRecipient}</th>
                <th scope="col">{t.adminMailKind}</th>
                <th scope="col">{t.adminMailAttempts}</th>
                <th scope="col">{t.adminMailError}</th>
                <th scope="col">{t.adminMailNextAttempt}</th>
              </tr>
            </thead>
            <tbody>
              {view.retrying.map((message) => (
                <tr data-message-id={String(message.id)}>
                  <td>{message.recipient}</td>
                  <td data-kind={message.kind}>{t.mailKindLabel(message.kind)}</td>
                  <td>{message.attempts}</td>
                  <td data-last-error>{message.lastError ?? "—"}</td>
                  <td data-next-attempt={message.nextAttemptAt.toISOString()}>
                    {formatDateTime(message.nextAttemptAt, language)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t.adminMailRecentFailures}</h2>
      {view.failures.length === 0 ? (
        <p>{t.adminMailNoFailures}</p>
      ) : (
        <>
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.adminMailRecipient}</th>
                  <th scope="col">{t.adminMailKind}</th>
                  <th scope="col">{t.adminMailAttempts}</th>
                  <th scope="col">{t.adminMailError}</th>
                  <th scope="col">{t.devMailCreated}</th>
                </tr>
              </thead>
              <tbody>
                {view.failures.map((failure) => (
                  <tr>
                    <td>{failure.recipient}</td>
                    <td data-kind={failure.kind}>{t.mailKindLabel(failure.kind)}</td>
                    <td>{failure.attempts}</td>
                    <td>{failure.lastError ?? "—"}</td>
                    <td>{formatDateTime(failure.createdAt, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <form method="post" action="/admin/mail/retry">
            <CsrfField token={props.csrfToken} />
            <button type="submit">{t.adminMailRetry}</button>
          </form>
        </>
      )}
    </Layout>
  );
}
