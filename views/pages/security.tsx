import { PasskeyNudge } from "../components/passkey-nudge";
import { formatDateTime } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface SecurityView {
  hasPassword: boolean;
  passwordAgeInDays: number | null;
  health: "ok" | "weak" | "similar" | "breached" | null;
  reasons: string[];
  checkedAt: Date | null;
  passkeyCount: number;
  activeSessions: number;
}

/** The member's overview of how safe their sign-in is, with the reasons in plain words. */
export function SecurityPage(props: {
  page: PageContext;
  csrfToken: string;
  view: SecurityView;
  offerPasskey: boolean;
}) {
  const t = props.page.messages;
  const { view } = props;
  const healthLabel = {
    ok: t.securityHealthOk,
    weak: t.securityHealthWeak,
    similar: t.securityHealthSimilar,
    breached: t.securityHealthBreached,
  };
  return (
    <Layout page={props.page} title={t.securityTitle}>
      <h1>{t.securityTitle}</h1>
      {props.offerPasskey && <PasskeyNudge page={props.page} csrfToken={props.csrfToken} />}
      <dl class="facts">
        <dt>{t.securityPassword}</dt>
        <dd>
          {view.hasPassword && view.passwordAgeInDays !== null
            ? t.securityPasswordAge(view.passwordAgeInDays)
            : t.securityNoPassword}{" "}
          {view.hasPassword && <a href="/account/password">{t.changePasswordLink}</a>}
        </dd>
        {view.hasPassword && (
          <>
            <dt>{t.securityHealth}</dt>
            <dd data-field="health">
              <span
                class={view.health === "ok" ? "badge ok" : view.health ? "badge warn" : "badge"}
              >
                {view.health ? healthLabel[view.health] : t.securityHealthUnknown}
              </span>
              {view.checkedAt && (
                <span class="hint">
                  {" "}
                  {t.securityCheckedAt(formatDateTime(view.checkedAt, props.page.language))}
                </span>
              )}
              {view.reasons.length > 0 && (
                <ul>
                  {view.reasons.map((reason) => (
                    <li>{reason}</li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        )}
        <dt>{t.securityPasskeys}</dt>
        <dd>
          {t.securityPasskeyCount(view.passkeyCount)}{" "}
          <a href="/account/passkeys">{t.securityManagePasskeys}</a>
        </dd>
        <dt>{t.securitySessions}</dt>
        <dd>
          {view.activeSessions} <a href="/account/sessions">{t.accountManageSessions}</a>
        </dd>
      </dl>
      <h2>{t.securityAdviceTitle}</h2>
      <ul class="advice-list">
        <li>{t.securityAdviceReuse}</li>
        <li>{t.securityAdviceMail}</li>
        <li>{t.securityAdviceManager}</li>
      </ul>
    </Layout>
  );
}

export function PasswordWarningPage(props: {
  page: PageContext;
  reasons: string[];
  offerPasskey: boolean;
  next: string;
}) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.warningTitle}>
      <h1>{t.warningTitle}</h1>
      <p>{t.warningIntro}</p>
      <ul>
        {props.reasons.map((reason) => (
          <li>{reason}</li>
        ))}
      </ul>
      <p class="actions account-actions">
        <a class="button" href="/account/password">
          {t.warningChangeNow}
        </a>
        {props.offerPasskey && (
          <a class="button secondary" href="/account/passkeys">
            {t.warningAddPasskey}
          </a>
        )}
        <a href={props.next}>{t.warningLater}</a>
      </p>
    </Layout>
  );
}
