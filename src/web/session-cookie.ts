import type { Config } from "../config";
import type { AppContext } from "./context";
import { clearCookie, writeCookie } from "./cookies";
import { rotateCsrfToken } from "./middleware/csrf";

/**
 * Starts the browser side of a session. The cookie has no Max-Age, so it ends with the browser;
 * the server-side idle and absolute timeouts decide validity either way.
 */
export function startBrowserSession(c: AppContext, config: Config, token: string): void {
  writeCookie(c, config, "session", token);
  rotateCsrfToken(c, config);
}

/** Sign-out also asks the browser to drop anything it kept of this origin (W3C Clear-Site-Data). */
export function endBrowserSession(c: AppContext, config: Config): void {
  clearCookie(c, config, "session");
  c.header("Clear-Site-Data", '"cache", "cookies", "storage"');
}
