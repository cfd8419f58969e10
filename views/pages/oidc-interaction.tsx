import { CsrfField } from "../components/form";
import { PasskeyCeremony } from "../components/passkey-ceremony";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

const scopeLabels = {
  openid: "oidcScopeOpenid",
  email: "oidcScopeEmail",
  profile: "oidcScopeProfile",
  offline_access: "oidcScopeOfflineAccess",
} as const;

/** A third-party service asks for the member's data: allow or cancel. */
export function OidcConsentPage(props: {
  page: PageContext;
  csrfToken: string;
  uid: string;
  clientName: string;
  loginId: string;
  scopes: string[];
}) {
  const t = props.page.messages;
  const action = `/oidc/interaction/${encodeURIComponent(props.uid)}`;
  return (
    <Layout page={props.page} title={t.oidcConsentTitle(props.clientName)}>
      <h1>{t.oidcConsentTitle(props.clientName)}</h1>
      <p>{t.oidcConsentIntro(props.clientName, props.loginId)}</p>
      <ul data-consent-scopes>
        {props.scopes
          .filter((scope): scope is keyof typeof scopeLabels => scope in scopeLabels)
          .map((scope) => (
            <li>{t[scopeLabels[scope]]}</li>
          ))}
      </ul>
      <div class="actions">
        <form method="post" action={`${action}/consent`}>
          <CsrfField token={props.csrfToken} />
          <button type="submit">{t.oidcConsentAllow}</button>
        </form>
        <form method="post" action={`${action}/abort`}>
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="secondary">
            {t.oidcConsentDeny}
          </button>
        </form>
      </div>
    </Layout>
  );
}

/** A service asked for `acr_values=phr`: only a passkey ceremony goes on. */
export function OidcStepUpPage(props: {
  page: PageContext;
  csrfToken: string;
  clientName: string;
  next: string;
  hasPasskey: boolean;
}) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.oidcStepUpTitle} withPasskeyScript={props.hasPasskey}>
      <h1>{t.oidcStepUpTitle}</h1>
      <p>{t.oidcStepUpBody(props.clientName)}</p>
      {props.hasPasskey ? (
        <PasskeyCeremony
          page={props.page}
          csrfToken={props.csrfToken}
          ceremony="reauthenticate"
          label={t.passkeyReauthenticate}
          next={props.next}
        />
      ) : (
        <>
          <p>{t.oidcStepUpNoPasskey}</p>
          <p>
            <a class="button" href="/account/passkeys">
              {t.oidcStepUpAddPasskey}
            </a>
          </p>
        </>
      )}
    </Layout>
  );
}

/**
 * The last page on rekey before the member goes back to the service. A redirect would not do:
 * the sign-in and consent forms are POSTs, and browsers apply the page's CSP `form-action 'self'`
 * to every redirect after a form submission, so a 303 chain ending at the service's origin is
 * blocked. The Refresh header (and the link, without it) starts a new navigation instead.
 */
export function OidcContinuePage(props: { page: PageContext; clientName: string; target: string }) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.oidcContinueTitle(props.clientName)}>
      <h1>{t.oidcContinueTitle(props.clientName)}</h1>
      <p>
        <a class="button" href={props.target} data-oidc-continue>
          {t.oidcContinueLink}
        </a>
      </p>
    </Layout>
  );
}
