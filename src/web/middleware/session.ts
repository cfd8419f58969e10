import type { MiddlewareHandler } from "hono";
import type { Deps } from "../../deps";
import { validateSessionToken } from "../../sessions/sessions";
import type { AppEnv } from "../context";
import { clearCookie, readCookie } from "../cookies";

/** Resolves the session cookie to a member once per request; a dead cookie is removed. */
export function sessionLoader(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = readCookie(c, deps.config, "session");
    const signedIn = token ? await validateSessionToken(deps, token) : null;
    if (token && !signedIn) clearCookie(c, deps.config, "session");
    c.set("signedIn", signedIn);
    await next();
  };
}
