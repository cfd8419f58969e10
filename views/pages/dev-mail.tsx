import { formatDateTime } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface DevMailSummary {
  id: number;
  recipient: string;
  subject: string;
  status: string;
  createdAt: Date;
}

/** The outbox, newest first, 50 a page, searchable by recipient. */
export function DevMailListPage(props: {
  page: PageContext;
  messages: DevMailSummary[];
  recipient: string;
  olderHref: string | null;
  newestHref: string | null;
}) {
  const t = props.page.messages;
  const statusLabels: Record<string, string> = {
    pending: t.adminMailPending,
    sending: t.adminMailSending,
    sent: t.adminMailSent,
    failed: t.adminMailFailed,
  };
  return (
    <Layout page={props.page} title={t.devMailTitle}>
      <h1>{t.devMailTitle}</h1>
      <p class="advice">{t.devMailIntro}</p>
      <form method="get" action="/dev/mail" class="search-form">
        <div class="field">
          <label for="to">{t.devMailSearchRecipient}</label>
          <input id="to" name="to" type="search" value={props.recipient} maxlength={254} />
        </div>
        <button type="submit">{t.devMailSearchSubmit}</button>
      </form>
      {props.messages.length === 0 ? (
        <p>{props.recipient ? t.devMailNoMatch(props.recipient) : t.devMailEmpty}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.devMailCreated}</th>
                <th scope="col">{t.adminMailRecipient}</th>
                <th scope="col">{t.devMailSubject}</th>
                <th scope="col">{t.adminMailStatus}</th>
              </tr>
            </thead>
            <tbody>
              {props.messages.map((message) => (
                <tr>
                  <td>{formatDateTime(message.createdAt, props.page.language)}</td>
                  <td>{message.recipient}</td>
                  <td>
                    <a href={`/dev/mail/${message.id}`}>{message.subject}</a>
                  </td>
                  <td data-status={message.status}>
                    {statusLabels[message.status] ?? message.status}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(props.olderHref || props.newestHref) && (
        <nav class="pager" aria-label={t.devMailPages}>
          {props.newestHref && <a href={props.newestHref}>{t.devMailNewest}</a>}{" "}
          {props.olderHref && (
            <a href={props.olderHref} rel="next">
              {t.devMailOlder}
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}

/** The text part, with its links made clickable so a developer can follow every e-mail. */
export function DevMailMessagePage(props: {
  page: PageContext;
  message: DevMailSummary & { text: string | null; hasHtml: boolean };
}) {
  const t = props.page.messages;
  const { message } = props;
  const parts = (message.text ?? "").split(/(https?:\/\/\S+)/);
  return (
    <Layout page={props.page} title={message.subject}>
      <h1>{message.subject}</h1>
      <p>
        {t.adminMailRecipient}: {message.recipient}
      </p>
      {message.text === null ? (
        <p>{t.devMailBodyCleared}</p>
      ) : (
        <pre class="mail-text">
          {parts.map((part) => (/^https?:\/\//.test(part) ? <a href={part}>{part}</a> : part))}
        </pre>
      )}
      {message.hasHtml && (
        <p>
          <a href={`/dev/mail/${message.id}/html`}>{t.devMailHtml}</a>
        </p>
      )}
      <p>
        <a href="/dev/mail">{t.devMailTitle}</a>
      </p>
    </Layout>
  );
}
