import type { MiddlewareHandler } from "hono";
import type { Deps } from "../deps";
import { isRecentlyAuthenticated } from "../sessions/sessions";
import type { AppContext, AppEnv, SignedIn } from "./context";
import { RequestProblem } from "./problems";

/** Sensitive pages need a sign-in or re-authentication within this window (ASVS 3.7.1). */
export const recentAuthenticationInMinutes = 10;

export function requireMember(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get("signedIn")) return redirectToSignIn(c);
    return next();
  };
}

/** For changes an attacker with a stolen session must not make: e-mail, passkeys, admin. */
export function requireRecentAuthentication(deps: Pick<Deps, "clock">): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const signedIn = c.get("signedIn");
    if (!signedIn) return redirectToSignIn(c);
    const recent = isRecentlyAuthenticated(signedIn.session, deps.clock.now(), {
      maximumAgeInMinutes: recentAuthenticationInMinutes,
    });
    if (!recent)
      return c.redirect(`/reauthenticate?next=${encodeURIComponent(returnPath(c))}`, 303);
    return next();
  };
}

export function requireAdministrator(deps: Pick<Deps, "clock">): MiddlewareHandler<AppEnv> {
  const recentAuthentication = requireRecentAuthentication(deps);
  return async (c, next) => {
    const signedIn = c.get("signedIn");
    if (!signedIn) return redirectToSignIn(c);
    if (signedIn.member.role !== "admin") throw new RequestProblem(403, "errorForbidden");
    return recentAuthentication(c, next);
  };
}

/** For handlers behind requireMember: the signed-in member, or a bug. */
export function signedInOf(c: AppContext): SignedIn {
  const signedIn = c.get("signedIn");
  if (!signedIn) throw new Error("route used without requireMember()");
  return signedIn;
}

function redirectToSignIn(c: AppContext): Response {
  return c.redirect(`/login?next=${encodeURIComponent(returnPath(c))}`, 303);
}

// After a POST the member returns to the page, not to the form's action.
function returnPath(c: AppContext): string {
  return c.req.method === "GET" ? c.req.path : "/account";
}
