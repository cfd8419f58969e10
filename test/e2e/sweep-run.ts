import type { Hono } from "hono";
import type { Page } from "playwright-core";
import { findMemberByLoginId } from "../../src/accounts/members";
import { forceMemberReset, resendVerificationTo } from "../../src/admin/member-actions";
import type { Deps } from "../../src/deps";
import { issueReminderLinks } from "../../src/reminders/links";
import { issueOneTimeToken } from "../../src/tokens/one-time-tokens";
import type { AppEnv } from "../../src/web/context";
import type { PageReview } from "./review";
import { getRoutesOf, linksInOutbox, linksOnPage, pathForRoute } from "./sweep";

const cli = { kind: "cli" } as const;

/**
 * Records whose links lead to pages with a path parameter, made through the code that makes
 * them in production: an e-mail confirmation and a forced reset (their links are read from
 * the outbox like any e-mail), an unrecognised sign-in notice link and a reminder's links.
 * Answers every path known so far; the sweep adds the links it finds on the pages it visits.
 */
export async function seedLinkedRecords(deps: Deps, origin: string): Promise<string[]> {
  const memberNamed = async (loginId: string) => {
    const found = await findMemberByLoginId(deps.database, loginId);
    if (!found) throw new Error(`seeded member ${loginId} is missing`);
    return found;
  };
  const unverified = await memberNamed("member000");
  await resendVerificationTo(deps, unverified, cli);
  await forceMemberReset(deps, await memberNamed("member001"), { actor: cli, reason: "sweep" });
  const notified = await memberNamed("member002");
  const notice = await issueOneTimeToken(deps, {
    purpose: "unrecognised-sign-in",
    memberId: notified.id,
    expiresInSeconds: 3600,
  });
  const reminded = await memberNamed("member004");
  const reminder = await issueReminderLinks(deps.database, {
    origin: new URL(origin),
    now: deps.clock.now(),
    memberId: reminded.id,
    cycleStartedAt: reminded.passwordChangedAt,
  });
  return [
    `/sign-in/unrecognised/${notice.value}`,
    new URL(reminder.snoozeUrl).pathname,
    new URL(reminder.unsubscribeUrl).pathname,
    ...(await linksInOutbox(deps.database, origin)),
  ];
}

export interface SweepResult {
  /** Routes whose page was checked (not skipped as a redirect or a non-HTML answer). */
  checkedRoutes: Set<string>;
  /** Checked with a placeholder, since no link with real data was found. */
  placeholderRoutes: string[];
  /** Not pages (CSV, JSON, static files), or for a visitor a detour to the sign-in page. */
  skippedRoutes: string[];
  failures: string[];
}

/**
 * Visits every GET route the app registered, in one persona's browser: parameters filled from
 * links already seen (or a placeholder, reported), answers that are not HTML pages skipped
 * (CSV, JSON, metrics, static files), and, for a visitor, routes that send to the sign-in page.
 * Each page is screenshotted and checked with axe; failures are collected, not thrown.
 */
export async function sweepPages(options: {
  page: Page;
  persona: string;
  origin: string;
  app: Hono<AppEnv>;
  deps: Deps;
  knownPaths: string[];
  review: PageReview;
  skipRoutes?: Set<string>;
}): Promise<SweepResult> {
  const { page, origin } = options;
  const known = new Set(options.knownPaths);
  const result: SweepResult = {
    checkedRoutes: new Set(),
    placeholderRoutes: [],
    skippedRoutes: [],
    failures: [],
  };
  const landedOn = new Set<string>();
  for (const route of getRoutesOf(options.app)) {
    if (options.skipRoutes?.has(route)) continue;
    const { path, realData } = pathForRoute(route, known);
    const probe = await page.request.get(`${origin}${path}`, { maxRedirects: 0 });
    const isPage = (probe.headers()["content-type"] ?? "").startsWith("text/html");
    const redirected = probe.status() >= 300 && probe.status() < 400;
    if (redirected ? options.persona === "visitor" : !isPage) {
      result.skippedRoutes.push(route);
      continue;
    }
    await page.goto(`${origin}${path}`);
    const landing = new URL(page.url());
    if (landedOn.has(`${landing.pathname}${landing.search}`)) continue;
    landedOn.add(`${landing.pathname}${landing.search}`);
    for (const link of await linksOnPage(page, origin)) known.add(link);
    result.checkedRoutes.add(route);
    if (!realData) result.placeholderRoutes.push(route);
    const step = `${options.persona}-${stepNameOf(route)}${realData ? "" : "-placeholder"}`;
    await options.review.check(page, step).catch((error: Error) => {
      result.failures.push(error.message);
    });
  }
  return result;
}

/** "/admin/members/:id{[0-9]+}" -> "admin-members-id"; "/" -> "home". */
function stepNameOf(route: string): string {
  return (
    route
      .replace(/\{[^}]*\}/g, "")
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "home"
  );
}
