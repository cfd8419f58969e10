import { CsrfField } from "../components/form";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

/**
 * The pages behind the links in a reminder. Opening one only shows a button (mail scanners
 * fetch links); they show nothing about the account, not even the login ID.
 */
export function SnoozeConfirmationPage(props: {
  page: PageContext;
  csrfToken: string;
  action: string;
  snoozeInDays: number;
}) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.remindersSnoozeTitle}>
      <h1>{t.remindersSnoozeTitle}</h1>
      <p>{t.remindersSnoozeIntro(props.snoozeInDays)}</p>
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <button type="submit">{t.remindersSnoozeSubmit(props.snoozeInDays)}</button>
      </form>
    </Layout>
  );
}

export function UnsubscribeConfirmationPage(props: { page: PageContext; action: string }) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.remindersUnsubscribeTitle}>
      <h1>{t.remindersUnsubscribeTitle}</h1>
      <p>{t.remindersUnsubscribeIntro}</p>
      {/* Posts what a mail provider's one-click button posts (RFC 8058 s3.2): the token in the
          path authenticates it, so it needs no CSRF field. */}
      <form method="post" action={props.action}>
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <button type="submit">{t.remindersUnsubscribeSubmit}</button>
      </form>
    </Layout>
  );
}
