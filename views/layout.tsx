import { raw } from "hono/html";
import type { PropsWithChildren } from "hono/jsx";
import { AdminPasskeyNudge } from "./components/admin-passkey-nudge";
import { CsrfField } from "./components/form";
import type { PageContext } from "./page-context";

export function Layout(
  props: PropsWithChildren<{
    page: PageContext;
    title: string;
    refreshInSeconds?: number;
    withPasskeyScript?: boolean;
    withStrengthMeter?: boolean;
    /** The page has a password field: load the show/hide and passphrase script. */
    withPasswordFields?: boolean;
  }>,
) {
  const { page } = props;
  const t = page.messages;
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={page.language}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · ${t.siteName}`}</title>
          <link rel="stylesheet" href={page.stylesheetHref} />
          {props.withStrengthMeter && <script type="module" src={page.strengthMeter.scriptHref} />}
          {props.withPasswordFields && <script type="module" src={page.passwordFieldsScriptHref} />}
          {props.refreshInSeconds && (
            <meta http-equiv="refresh" content={String(props.refreshInSeconds)} />
          )}
          {props.withPasskeyScript && <script type="module" src={page.passkeyScriptHref} />}
        </head>
        <body>
          <a class="skip-link" href="#main">
            {t.skipToContent}
          </a>
          <header class="site-header">
            <a class="brand" href="/">
              {t.siteName}
            </a>
            <nav aria-label={t.navigation}>
              <ul>
                {page.member ? (
                  <>
                    <li>
                      <a href="/account">{t.navAccount}</a>
                    </li>
                    <li>
                      <a href="/account/security">{t.securityTitle}</a>
                    </li>
                    <li>
                      <a href="/account/passkeys">{t.navPasskeys}</a>
                    </li>
                    <li>
                      <a href="/account/sessions">{t.navSessions}</a>
                    </li>
                    {page.member.role === "admin" && (
                      <li>
                        <a href="/admin">{t.navAdmin}</a>
                      </li>
                    )}
                    {page.csrfToken && (
                      <li>
                        <form method="post" action="/logout" class="inline-form">
                          <CsrfField token={page.csrfToken} />
                          <button type="submit" class="link-button">
                            {t.navSignOut}
                          </button>
                        </form>
                      </li>
                    )}
                  </>
                ) : (
                  <>
                    <li>
                      <a href="/login">{t.navSignIn}</a>
                    </li>
                    <li>
                      <a href="/register">{t.navRegister}</a>
                    </li>
                  </>
                )}
              </ul>
            </nav>
            {page.csrfToken && <LanguageSwitch page={page} token={page.csrfToken} />}
          </header>
          <main id="main" tabindex={-1}>
            {page.member?.resetPending && (
              // Also after a passkey sign-in: the passkey works, the leaked password must still go.
              <div class="alert-banner" role="status" data-reset-pending-banner>
                <strong>{t.resetPendingBanner}</strong>{" "}
                <a href="/account/password?reset=required">{t.resetPendingBannerLink}</a>
              </div>
            )}
            {page.alerts.length > 0 && (
              <div class="alert-banner" role="alert">
                <strong>{t.alertBannerTitle}</strong>
                <ul>
                  {page.alerts.map((alert) => (
                    <li>{alert}</li>
                  ))}
                </ul>
                <a href="/admin/attacks">{t.alertBannerLink}</a>
              </div>
            )}
            {page.mailAlerts && page.mailAlerts.length > 0 && (
              <div class="alert-banner" role="alert" data-alert="mail-relay">
                <strong>{t.mailRelayAlertTitle}</strong>
                <ul>
                  {page.mailAlerts.map((alert) => (
                    <li>{alert}</li>
                  ))}
                </ul>
                <a href="/admin/mail">{t.mailRelayAlertLink}</a>
              </div>
            )}
            {page.webhookAlerts && page.webhookAlerts.length > 0 && (
              <div class="alert-banner" role="alert" data-alert="webhook-endpoint">
                <strong>{t.webhooksAlertTitle}</strong>
                <ul>
                  {page.webhookAlerts.map((alert) => (
                    <li>{alert}</li>
                  ))}
                </ul>
                <a href="/admin/webhooks">{t.webhooksAlertLink}</a>
              </div>
            )}
            {page.adminPasskeyNudge && <AdminPasskeyNudge page={page} />}
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

function LanguageSwitch(props: { page: PageContext; token: string }) {
  const t = props.page.messages;
  const other = props.page.language === "en" ? "ja" : "en";
  return (
    <form method="post" action="/language" class="language-switch">
      <CsrfField token={props.token} />
      <input type="hidden" name="next" value={props.page.currentPath} />
      <input type="hidden" name="language" value={other} />
      <button
        type="submit"
        lang={other}
        aria-label={`${t.languageSwitch}: ${other === "ja" ? "日本語" : "English"}`}
      >
        {other === "ja" ? "日本語" : "English"}
      </button>
    </form>
  );
}
