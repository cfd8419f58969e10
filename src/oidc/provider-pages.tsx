import { raw } from "hono/html";
import type { KoaContextWithOIDC } from "oidc-provider";
import { Layout } from "../../views/layout";
import type { PageContext } from "../../views/page-context";
import { chooseLanguage, messagesFor } from "../i18n";
import { suggestPassphrase } from "../passwords/passphrase";
import type { StaticAssets } from "../web/static-assets";

/**
 * The few pages oidc-provider renders itself (its errors, the RP-initiated logout question and
 * its "signed out" page) in rekey's layout and languages. The language cookie is read by name,
 * with or without the __Host- prefix, as src/web/cookies.ts writes it.
 */
function pageContextOf(ctx: KoaContextWithOIDC, assets: StaticAssets): PageContext {
  const chosen = ctx.cookies.get("__Host-rekey_language") ?? ctx.cookies.get("rekey_language");
  const language = chooseLanguage({ chosen, acceptLanguage: ctx.get("accept-language") });
  return {
    messages: messagesFor(language),
    language,
    csrfToken: undefined,
    member: null,
    currentPath: ctx.path,
    stylesheetHref: assets.pathFor("app.css"),
    passkeyScriptHref: assets.pathFor("passkeys.js"),
    passwordFieldsScriptHref: assets.pathFor("password-fields.js"),
    suggestPassphrase,
    alerts: [],
    adminPasskeyNudge: false,
    strengthMeter: {
      scriptHref: assets.pathFor("strength-meter.js"),
      engineHref: assets.pathFor("strength-engine.js"),
    },
  };
}

async function send(ctx: KoaContextWithOIDC, page: unknown): Promise<void> {
  ctx.type = "html";
  ctx.set("Cache-Control", "no-store, private");
  ctx.body = String(await page);
}

export function providerPages(assets: StaticAssets) {
  return {
    /** Never echoes the error's detail: it may carry the client's input. */
    async renderError(ctx: KoaContextWithOIDC) {
      const page = pageContextOf(ctx, assets);
      const t = page.messages;
      await send(
        ctx,
        <Layout page={page} title={t.oidcErrorTitle}>
          <h1>{t.oidcErrorTitle}</h1>
          <p class="error-message">{t.oidcErrorBody}</p>
        </Layout>,
      );
    },
    /** `form` is the provider's hidden form with its own anti-CSRF value (xsrf). */
    async logoutSource(ctx: KoaContextWithOIDC, form: string) {
      const page = pageContextOf(ctx, assets);
      const t = page.messages;
      await send(
        ctx,
        <Layout page={page} title={t.oidcLogoutTitle}>
          <h1>{t.oidcLogoutTitle}</h1>
          {raw(form)}
          <p>{t.oidcLogoutQuestion}</p>
          <p class="actions">
            <button type="submit" form="op.logoutForm" name="logout" value="yes">
              {t.oidcLogoutConfirm}
            </button>{" "}
            <button type="submit" form="op.logoutForm" class="secondary">
              {t.oidcLogoutCancel}
            </button>
          </p>
        </Layout>,
      );
    },
    async postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
      const page = pageContextOf(ctx, assets);
      const t = page.messages;
      await send(
        ctx,
        <Layout page={page} title={t.oidcLogoutDoneTitle}>
          <h1>{t.oidcLogoutDoneTitle}</h1>
          <p>{t.oidcLogoutDoneBody}</p>
        </Layout>,
      );
    },
  };
}
