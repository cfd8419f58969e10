import { AdminNav } from "../components/admin-nav";
import { CsrfField } from "../components/form";
import { SignInTable, type SignInView } from "../components/sign-in-table";
import { DataTable } from "../components/table";
import { formatDate, formatDateTime } from "../format";
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
  passkeys: { name: string; createdAt: Date; lastUsedAt: Date | null }[];
  signIns: SignInView[];
  reminder: {
    reason: "risk" | "age" | null;
    nextReminderAt: Date | null;
    sentCount: number;
    lastSentAt: Date | null;
    snoozedUntil: Date | null;
    unsubscribedAt: Date | null;
  } | null;
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
        <dd data-role={member.role}>
          {member.role === "admin" ? (
            <a href="/admin/administrators">{t.roleAdministrator}</a>
          ) : (
            t.roleMember
          )}
        </dd>
        <dt>{t.accountMemberSince}</dt>
        <dd>{formatDate(member.createdAt, props.page.language)}</dd>
        <dt>{t.adminMemberPasswordAge}</dt>
        <dd>
          {member.passwordAgeInDays === null
            ? t.accountPasswordNever
            : t.adminMemberPasswordAgeDays(member.passwordAgeInDays)}
        </dd>
        <dt>{t.adminMemberHealth}</dt>
        <dd data-health={member.health ?? "unchecked"}>
          {member.health === "ok"
            ? t.adminHealthOk
            : member.health === "weak"
              ? t.adminHealthWeak
              : member.health === "similar"
                ? t.adminHealthSimilar
                : member.health === "breached"
                  ? t.adminHealthBreached
                  : t.adminMemberHealthUnknown}
        </dd>
        <dt>{t.adminMemberResetState}</dt>
        <dd>
          {member.resetReason === null
            ? t.adminMemberResetNone
            : t.adminMemberResetRequired(member.resetReason)}
        </dd>
        <dt>{t.adminMemberSessions}</dt>
        <dd>{member.activeSessions}</dd>
      </dl>
      <h2>{t.adminMemberReminders}</h2>
      <ReminderState page={props.page} reminder={member.reminder} />
      <h2>{t.adminMemberPasskeys}</h2>
      {member.passkeys.length === 0 ? (
        <p>{t.adminMemberPasskeysNone}</p>
      ) : (
        <DataTable headings={[t.passkeysName, t.passkeysCreated, t.passkeysLastUsed]}>
          {member.passkeys.map((passkey) => (
            <tr>
              <td>{passkey.name}</td>
              <td>{formatDateTime(passkey.createdAt, props.page.language)}</td>
              <td>
                {passkey.lastUsedAt ? formatDateTime(passkey.lastUsedAt, props.page.language) : "—"}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <h2>{t.adminMemberSignIns}</h2>
      <SignInTable page={props.page} events={member.signIns} />
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
        {member.role === "member" && (
          <form method="post" action="/admin/administrators/promote" class="inline-form">
            <CsrfField token={props.csrfToken} />
            <input type="hidden" name="loginId" value={member.loginId} />
            <button type="submit" class="secondary">
              {t.memberPageMakeAdministrator}
            </button>
          </form>
        )}
      </div>
    </Layout>
  );
}

function ReminderState(props: { page: PageContext; reminder: AdminMemberView["reminder"] }) {
  const t = props.page.messages;
  const date = (value: Date) => formatDate(value, props.page.language);
  const reminder = props.reminder;
  const lines: string[] = [];
  if (reminder?.unsubscribedAt)
    lines.push(t.adminMemberReminderUnsubscribed(date(reminder.unsubscribedAt)));
  if (reminder?.nextReminderAt && reminder.reason)
    lines.push(t.adminMemberReminderNext(date(reminder.nextReminderAt), reminder.reason));
  if (reminder?.lastSentAt)
    lines.push(t.adminMemberReminderSent(reminder.sentCount, date(reminder.lastSentAt)));
  if (reminder?.snoozedUntil) lines.push(t.adminMemberReminderSnoozed(date(reminder.snoozedUntil)));
  if (lines.length === 0) return <p>{t.adminMemberReminderNone}</p>;
  return (
    <ul>
      {lines.map((line) => (
        <li>{line}</li>
      ))}
    </ul>
  );
}
