import type { Hono } from "hono";
import type { Page } from "playwright-core";
import type { Database } from "../../src/db/connection";
import { listRecentMessages, renderOutboxMessage } from "../../src/mail/outbox";
import type { AppEnv } from "../../src/web/context";

/**
 * Every GET route the app registered: routes without parameters first, then by depth, so the
 * pages that list things (members, jobs, e-mails) come before the pages their links lead to.
 */
export function getRoutesOf(app: Hono<AppEnv>): string[] {
  const paths = new Set(app.routes.filter((r) => r.method === "GET").map((r) => r.path));
  const depth = (path: string) => (path.includes(":") ? 100 : 0) + path.split("/").length;
  return [...paths].sort((a, b) => depth(a) - depth(b));
}

/** Hono's `:name` and `:name{pattern}` parameters as a regular expression over a path. */
export function routeMatcher(route: string): RegExp {
  const segments = route.split("/").map((segment) => {
    const parameter = /^:[A-Za-z]+(?:\{(.+)\})?$/.exec(segment);
    if (!parameter) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return parameter[1] ? `(?:${parameter[1]})` : "[^/]+";
  });
  return new RegExp(`^${segments.join("/")}$`);
}

/** For a route no real link was found for: well-formed values that match nothing stored. */
export function placeholderPath(route: string): string {
  return route
    .replace(/:token\b/g, `${"A".repeat(22)}.${"B".repeat(43)}`)
    .replace(/:[A-Za-z]+\{\[0-9\]\+\}/g, "999999")
    .replace(/:[A-Za-z]+(\{[^}]*\})?/g, "x");
}

/** Same-origin links, stylesheets and scripts of the page, as paths with their query. */
export async function linksOnPage(page: Page, origin: string): Promise<string[]> {
  const hrefs = await page.$$eval("a[href], link[href], script[src]", (elements) =>
    elements.map((element) => element.getAttribute("href") ?? element.getAttribute("src") ?? ""),
  );
  return sameOriginPaths(hrefs, page.url(), origin);
}

/** Every link in the outbox's e-mails: the "mail capture" of real tokens (reset, verification). */
export async function linksInOutbox(database: Database, origin: string): Promise<string[]> {
  const messages = await listRecentMessages(database, 1000);
  const urls = messages.flatMap(
    (message) => renderOutboxMessage(message)?.text.match(/https?:\/\/\S+/g) ?? [],
  );
  return sameOriginPaths(urls, origin, origin);
}

function sameOriginPaths(hrefs: string[], base: string, origin: string): string[] {
  const paths: string[] = [];
  for (const href of hrefs) {
    try {
      const url = new URL(href, base);
      if (url.origin === origin) paths.push(`${url.pathname}${url.search}`);
    } catch {
      // Not a URL (e.g. "mailto:" fragments in text): not a page of the portal.
    }
  }
  return paths;
}

/** The known paths as a route fills them: the first real one, or a placeholder. */
export function pathForRoute(route: string, knownPaths: Iterable<string>) {
  if (!route.includes(":")) return { path: route, realData: true };
  const matcher = routeMatcher(route);
  for (const path of knownPaths) {
    if (matcher.test(path.split("?")[0] ?? "")) return { path, realData: true };
  }
  return { path: placeholderPath(route), realData: false };
}
