import type { PageContext } from "../../views/page-context";
import { describeAlert } from "../defence/alert-text";
import { messagesFor } from "../i18n";
import { suggestPassphrase } from "../passwords/passphrase";
import { hasUnsafeCharacters } from "../unsafe-text";
import type { AppContext } from "./context";
import type { StaticAssets } from "./static-assets";

/** Builds what every view needs; tolerant of middleware that has not run (early errors). */
export function pageContext(c: AppContext, assets: StaticAssets): PageContext {
  const language = c.get("language") ?? "en";
  const signedIn = c.get("signedIn");
  const messages = c.get("messages") ?? messagesFor(language);
  return {
    messages,
    language,
    csrfToken: c.get("csrfToken"),
    member: signedIn
      ? {
          loginId: signedIn.member.loginId,
          role: signedIn.member.role,
          resetPending: signedIn.member.resetRequiredAt !== null,
        }
      : null,
    currentPath: c.req.path,
    stylesheetHref: assets.pathFor("app.css"),
    passkeyScriptHref: assets.pathFor("passkeys.js"),
    alerts: (c.get("defenceAlerts") ?? [])
      .filter((alert) => alert.kind !== "mail-relay" && alert.kind !== "webhook-endpoint")
      .map((alert) => describeAlert(alert, messages)),
    mailAlerts: (c.get("defenceAlerts") ?? [])
      .filter((alert) => alert.kind === "mail-relay")
      .map((alert) => describeAlert(alert, messages)),
    webhookAlerts: (c.get("defenceAlerts") ?? [])
      .filter((alert) => alert.kind === "webhook-endpoint")
      .map((alert) => describeAlert(alert, messages)),
    adminPasskeyNudge: c.get("adminPasskeyNudge") ?? false,
    passwordFieldsScriptHref: assets.pathFor("password-fields.js"),
    suggestPassphrase,
    strengthMeter: {
      scriptHref: assets.pathFor("strength-meter.js"),
      engineHref: assets.pathFor("strength-engine.js"),
    },
  };
}

/**
 * A same-site path to return to after sign-in. Anything else (absolute URLs, "//host",
 * backslashes that browsers read as slashes) falls back, so the portal is no open redirect.
 */
export function safeNextPath(value: string | undefined, fallback = "/account"): string {
  if (!value || value.length > 512) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  if (/\s/.test(value) || hasUnsafeCharacters(value)) return fallback;
  return value;
}
