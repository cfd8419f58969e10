import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context";
import { RequestProblem } from "../problems";

/**
 * Refuses a request whose path, as the client sent it, holds a dot segment ("." or "..",
 * percent-encoded or not), an encoded dot, or an encoded slash or backslash. URL parsers
 * (WHATWG, and @hono/node-server after it) resolve "/static/%2e%2e/account" to "/account"
 * before routing, while a CDN keys its cache rules on the raw path: the member's account page
 * would be stored under /static/ (web cache deception). None of our own links ever has such a
 * path (RFC 3986 s2.3: unreserved characters are never encoded), so there is nothing to resolve,
 * only a request to refuse. Runs before routing and before any handler can answer.
 */
export function refuseAmbiguousPaths(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // The raw request target as read from the socket; under app.request() (tests, other
    // adapters) there is none, and the URL's own path is checked instead.
    const target = c.env?.incoming?.url ?? new URL(c.req.url).pathname;
    if (isAmbiguousPath(rawPathOf(target))) throw new RequestProblem(400, "errorAmbiguousPath");
    await next();
  };
}

/** The path of a request target: origin form ("/a?b") or absolute form ("http://h/a?b"). */
export function rawPathOf(target: string): string {
  const withoutQuery = target.split(/[?#]/, 1)[0] ?? "";
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(withoutQuery);
  return absolute ? withoutQuery.slice(absolute[0].length) : withoutQuery;
}

const encodedSeparatorOrDot = /%(?:2e|2f|5c)/i;

export function isAmbiguousPath(path: string): boolean {
  if (encodedSeparatorOrDot.test(path) || path.includes("\\")) return true;
  return path.split("/").some((segment) => segment === "." || segment === "..");
}
