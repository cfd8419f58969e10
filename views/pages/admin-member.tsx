import { AdminNav } from "../components/admin-nav";
import { CsrfField } from "../components/form";
import { formatDate } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface AdminMemberView {
  id: number;
  loginId: string;
  email: string;
  emailVerified: boolean;
  role: string;
  createdAt: Date;
  passwordAgeInDays: number | null;
  health: string | null;
  resetReason: string | null;
  activeSessions: number;
}

export function AdminMemberPage(props: {
  page: PageContext;
  csrfToken: string;
  member: AdminMemberView;
  notice: string | null;
}) {
  const t = props.page.messages;
  const { member } = props;
  const action = (name: string) => `/admin/members/${member.id}/${name}`;
  return (
    <Layout page={props.page} title={t.adminMemberTitle(member.loginId)}>
      <AdminNav page={props.page} />
      <h1>{t.adminMemberTitle(member.loginId)}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <dl class="facts">
        <dt>{t.accountEmail}</dt>
        <dd>
          {member.email}{" "}
          <span class={member.emailVerified ? "badge ok" : "badge warn"}>
            {member.emailVerified ? t.accountEmailVerified : t.accountEmailUnverified}
          </span>
        </dd>
        <dt>{t.adminMembersRole}</dt>
        <dd>{member.role}</dd>
        <dt>{t.accountMemberSince}</dt>
        <dd>{formatDate(member.createdAt, props.page.language)}</dd>
        <dt>{t.adminMemberPasswordAge}</dt>
        <dd>
          {member.passwordAgeInDays === null
            ? t.accountPasswordNever
            : t.adminMemberPasswordAgeDays(member.passwordAgeInDays)}
        </dd>
        <dt>{t.adminMemberHealth}</dt>
        <dd>{member.health ?? t.adminMemberHealthUnknown}</dd>
        <dt>{t.adminMemberResetState}</dt>
        <dd>
          {member.resetReason === null
            ? t.adminMemberResetNone
            : t.adminMemberResetRequired(member.resetReason)}
        </dd>
        <dt>{t.adminMemberSessions}</dt>
        <dd>{member.activeSessions}</dd>
      </dl>
      <h2>{t.adminMemberActions}</h2>
      <p class="hint">{t.adminMemberNoPasswordNote}</p>
      <form method="post" action={action("reset")} class="stacked-form">
        <CsrfField token={props.csrfToken} />
        <div class="field">
          <label for="reason">{t.adminMemberResetReason}</label>
          <input id="reason" name="reason" type="text" maxlength={500} required />
        </div>
        <button type="submit">{t.adminMemberForceReset}</button>
      </form>
      <div class="account-actions">
        <form method="post" action={action("revoke-sessions")} class="inline-form">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="secondary">
            {t.adminMemberRevokeSessions}
          </button>
        </form>
        {!member.emailVerified && (
          <form method="post" action={action("resend-verification")} class="inline-form">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="secondary">
              {t.adminMemberResendVerification}
            </button>
          </form>
        )}
      </div>
    </Layout>
  );
}
