import type { MiddlewareHandler } from "hono";
import { AdminPasskeyRequiredPage } from "../../views/pages/admin-passkey-required";
import type { Deps } from "../deps";
import { countUsablePasskeys } from "../passkeys/credentials";
import { isRecentlyAuthenticated } from "../sessions/sessions";
import type { AppContext, AppEnv } from "../web/context";
import { isAdminReading, reauthenticationPath, recentAuthenticationInMinutes } from "../web/guards";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import { isAdminConsolePath } from "./passkey-requirement";

/**
 * Administrators and passkeys, on every admin console page (mounted on /admin/* in app.ts, so
 * pages added later are covered). With REKEY_ADMIN_REQUIRE_PASSKEY the console needs a passkey
 * sign-in or re-authentication within the recent-authentication window: an administrator with a
 * passkey is sent to confirm with it, one without gets a page saying how to add one. A password
 * proof, however recent, never counts. Looking at a page (see isAdminReading) needs a passkey proof
 * at some time in this session; acting needs a recent one. Without the setting, administrators who have no passkey
 * see a nudge. Anonymous visitors and members pass on to requireAdministrator, which refuses them.
 */
export function adminPasskeyPolicy(deps: Deps, assets: StaticAssets): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const signedIn = c.get("signedIn");
    if (!signedIn || signedIn.member.role !== "admin" || !isAdminConsolePath(c.req.path)) {
      return next();
    }
    const countPasskeys = () => countUsablePasskeys(deps.database, signedIn.member.id);
    if (!deps.config.adminRequirePasskey) {
      c.set("adminPasskeyNudge", (await countPasskeys()) === 0);
      return next();
    }
    const provenWithPasskey = isAdminReading(c.req.method, c.req.path)
      ? signedIn.session.passkeyAuthenticatedAt !== null
      : isRecentlyAuthenticated(signedIn.session, deps.clock.now(), {
          maximumAgeInMinutes: recentAuthenticationInMinutes,
          method: "passkey",
        });
    if (provenWithPasskey) return next();
    if ((await countPasskeys()) > 0) {
      return c.redirect(reauthenticationPath(returnPathOf(c)), 303);
    }
    return c.html(<AdminPasskeyRequiredPage page={pageContext(c, assets)} />, 403);
  };
}

// A POST cannot be replayed after the detour, so its administrator returns to the console.
function returnPathOf(c: AppContext): string {
  if (c.req.method !== "GET") return "/admin";
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
}
