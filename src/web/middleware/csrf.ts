import { randomBytes, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Config } from "../../config";
import type { AppEnv } from "../context";
import { readCookie, writeCookie } from "../cookies";
import { readFormBody, readJsonBody, requestMediaType } from "../form";
import { RequestProblem } from "../problems";

export const csrfFieldName = "csrfToken";
/** Our page script sends the token in this header with its JSON requests. */
export const csrfHeaderName = "x-csrf-token";
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * Every state-changing request must come from our own pages (ASVS 3.5.3): the Origin and
 * Sec-Fetch-Site headers, when the browser sends them, must name this origin, and the form must
 * carry the double-submit token from the CSRF cookie, which covers browsers that send neither.
 * Paths in `jsonPaths` also take JSON from our page script, with the token in the X-CSRF-Token
 * header: another site cannot set that header, nor send JSON, without a CORS preflight that
 * this portal never grants. Everywhere else JSON is refused like any non-form body (415).
 * Paths in `exemptPaths` authenticate without cookies (bearer keys, RFC 8058 one-click links).
 */
export function csrfProtection(
  config: Config,
  options: {
    exemptPaths?: (path: string) => boolean;
    uploadPaths?: (path: string) => boolean;
    /**
     * Uploads too large to buffer (a combo list): only Origin and Sec-Fetch-Site are checked
     * here, and one of them must be present; the route streams the body and checks the token field, which the form puts before
     * the file, with {@link csrfTokenMatches} before it reads any of the file.
     */
    streamPaths?: (path: string) => boolean;
    jsonPaths?: (path: string) => boolean;
    /** Forms that may be larger than the 16 KiB default (a pasted blocklist). */
    formLimitInBytesFor?: (path: string) => number | undefined;
  } = {},
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let token = readCookie(c, config, "csrf");
    if (!token || !tokenPattern.test(token)) {
      token = issueCsrfToken();
      writeCookie(c, config, "csrf", token);
    }
    c.set("csrfToken", token);
    c.set("form", new Map());
    c.set("json", undefined);

    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
    if (options.exemptPaths?.(c.req.path)) return next();

    const origin = c.req.header("origin");
    if (origin !== undefined && origin !== config.origin.origin) {
      throw new RequestProblem(403, "errorCsrf");
    }
    const site = c.req.header("sec-fetch-site");
    if (site !== undefined && site !== "same-origin") throw new RequestProblem(403, "errorCsrf");

    if (options.streamPaths?.(c.req.path)) {
      // The token is checked by the route, from the body; before that, the request must show
      // where it comes from (every browser sends Origin with a form POST).
      if (origin === undefined && site === undefined) throw new RequestProblem(403, "errorCsrf");
      return next();
    }

    if (requestMediaType(c) === "application/json" && options.jsonPaths?.(c.req.path)) {
      if (!tokensMatch(c.req.header(csrfHeaderName) ?? "", readCookie(c, config, "csrf"))) {
        throw new RequestProblem(403, "errorCsrf");
      }
      c.set("json", await readJsonBody(c));
      return next();
    }

    const form = await readFormBody(c, {
      allowUpload: options.uploadPaths?.(c.req.path) ?? false,
      limitInBytes: options.formLimitInBytesFor?.(c.req.path),
    });
    const presented = form.get(csrfFieldName) ?? "";
    if (!tokensMatch(presented, readCookie(c, config, "csrf"))) {
      throw new RequestProblem(403, "errorCsrf");
    }
    c.set("form", form);
    return next();
  };
}

/** A new token, also issued at sign-in so a token seen before sign-in is not reused after. */
export function issueCsrfToken(): string {
  return randomBytes(32).toString("base64url");
}

export function rotateCsrfToken(c: Parameters<MiddlewareHandler<AppEnv>>[0], config: Config): void {
  const token = issueCsrfToken();
  writeCookie(c, config, "csrf", token);
  c.set("csrfToken", token);
}

/** Whether a token read by a streaming route matches the request's CSRF cookie. */
export function csrfTokenMatches(
  c: Parameters<MiddlewareHandler<AppEnv>>[0],
  config: Config,
  presented: string,
): boolean {
  return tokensMatch(presented, readCookie(c, config, "csrf"));
}

function tokensMatch(presented: string, expected: string | undefined): boolean {
  if (!expected || !tokenPattern.test(presented)) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
