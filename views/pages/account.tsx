import { CsrfField } from "../components/form";
import { PasskeyNudge } from "../components/passkey-nudge";
import {
  ReminderPreferences,
  type ReminderPreferencesView,
} from "../components/reminder-preferences";
import { formatDate } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface AccountView {
  loginId: string;
  email: string;
  emailVerified: boolean;
  createdAt: Date;
  passwordChangedAt: Date | null;
  hasPassword: boolean;
}

export function AccountPage(props: {
  page: PageContext;
  csrfToken: string;
  account: AccountView;
  reminders: ReminderPreferencesView;
  notice: string | null;
  offerPasskey: boolean;
}) {
  const t = props.page.messages;
  const { account } = props;
  const language = props.page.language;
  return (
    <Layout page={props.page} title={t.accountTitle}>
      <h1>{t.accountTitle}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.offerPasskey && <PasskeyNudge page={props.page} csrfToken={props.csrfToken} />}
      <dl class="facts">
        <dt>{t.accountLoginId}</dt>
        <dd data-field="loginId">{account.loginId}</dd>
        <dt>{t.accountEmail}</dt>
        <dd data-field="email">
          {account.email}{" "}
          <span class={account.emailVerified ? "badge ok" : "badge warn"}>
            {account.emailVerified ? t.accountEmailVerified : t.accountEmailUnverified}
          </span>
        </dd>
        <dt>{t.accountMemberSince}</dt>
        <dd>{formatDate(account.createdAt, language)}</dd>
        <dt>{t.accountPasswordChanged}</dt>
        <dd>
          {!account.hasPassword
            ? t.accountPasswordNone
            : account.passwordChangedAt
              ? formatDate(account.passwordChangedAt, language)
              : t.accountPasswordNever}
        </dd>
      </dl>
      <div class="account-actions">
        <a href="/account/password">{t.changePasswordLink}</a>
        <a href="/account/email">{t.emailChangeLink}</a>
        {!account.emailVerified && (
          <form method="post" action="/account/email/resend" class="inline-form">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="secondary">
              {t.verifyResend}
            </button>
          </form>
        )}
      </div>
      <ReminderPreferences
        page={props.page}
        csrfToken={props.csrfToken}
        reminders={props.reminders}
      />
      <p class="advice">{t.homeAdvice}</p>
      <ul class="links">
        <li>
          <a href="/account/passkeys">{t.accountManagePasskeys}</a>
        </li>
        <li>
          <a href="/account/sessions">{t.accountManageSessions}</a>
        </li>
        <li>
          <a href="/account/activity">{t.accountRecentSignIns}</a>
        </li>
      </ul>
    </Layout>
  );
}
