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

/**
 * The admin console. Watching (a GET of a page) works for the whole session, so a running job
 * or an attack can be followed for hours; acting (any other method) and exports, which take
 * members' data away, need a sign-in or re-authentication within the last 10 minutes
 * (ASVS 3.7.1). A POST cannot be replayed after the detour, so the administrator returns to
 * the console's start page.
 */
export function requireAdministrator(deps: Pick<Deps, "clock">): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const signedIn = c.get("signedIn");
    if (!signedIn) return redirectToSignIn(c);
    if (signedIn.member.role !== "admin") throw new RequestProblem(403, "errorForbidden");
    if (!isAdminReading(c.req.method, c.req.path) && !hasRecentAuthentication(c, deps)) {
      return redirectToReauthenticate(c, { returnPathAfterPost: "/admin" });
    }
    return next();
  };
}

/** A console page being looked at: a GET or HEAD that is not an export (a download of data). */
export function isAdminReading(method: string, path: string): boolean {
  return (method === "GET" || method === "HEAD") && !path.endsWith("/export");
}

/**
 * For changes to how a member signs in: a sign-in or re-authentication within the last
 * 10 minutes, else a detour through /reauthenticate that comes back to `returnPathAfterPost`
 * (a POST cannot be replayed, so the member returns to the page that holds its form).
 */
export function requireRecentAuthentication(
  deps: Pick<Deps, "clock">,
  options: { returnPathAfterPost?: string } = {},
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get("signedIn")) return redirectToSignIn(c);
    if (!hasRecentAuthentication(c, deps)) return redirectToReauthenticate(c, options);
    return next();
  };
}

export function hasRecentAuthentication(c: AppContext, deps: Pick<Deps, "clock">): boolean {
  const signedIn = c.get("signedIn");
  return (
    !!signedIn &&
    isRecentlyAuthenticated(signedIn.session, deps.clock.now(), {
      maximumAgeInMinutes: recentAuthenticationInMinutes,
    })
  );
}

export function reauthenticationPath(next: string): string {
  return `/reauthenticate?next=${encodeURIComponent(next)}`;
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

function redirectToReauthenticate(
  c: AppContext,
  options: { returnPathAfterPost?: string } = {},
): Response {
  return c.redirect(reauthenticationPath(returnPath(c, options.returnPathAfterPost)), 303);
}

// After a POST the member returns to the page, not to the form's action.
function returnPath(c: AppContext, afterPost = "/account"): string {
  return c.req.method === "GET" ? c.req.path : afterPost;
}
