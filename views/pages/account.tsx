import { formatDate } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface AccountView {
  loginId: string;
  email: string;
  emailVerified: boolean;
  createdAt: Date;
  passwordChangedAt: Date | null;
}

export function AccountPage(props: { page: PageContext; account: AccountView }) {
  const t = props.page.messages;
  const { account } = props;
  const language = props.page.language;
  return (
    <Layout page={props.page} title={t.accountTitle}>
      <h1>{t.accountTitle}</h1>
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
          {account.passwordChangedAt
            ? formatDate(account.passwordChangedAt, language)
            : t.accountPasswordNever}
        </dd>
      </dl>
      <p class="advice">{t.homeAdvice}</p>
      <ul class="links">
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
