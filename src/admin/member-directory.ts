import { and, asc, count, eq, gt, isNotNull, isNull, not, or, sql } from "drizzle-orm";
import type { Member } from "../accounts/members";
import type { Database } from "../db/connection";
import { member, session } from "../db/schema";
import type { Clock } from "../deps";

export const membersPerPage = 50;

export const healthFilters = [
  "ok",
  "weak",
  "similar",
  "breached",
  "unchecked",
  "passwordless",
] as const;
export const resetFilters = ["pending", "none"] as const;
export const lastSignInFilters = ["7", "30", "90", "not-90", "never"] as const;

export type HealthFilter = (typeof healthFilters)[number];
export type ResetFilter = (typeof resetFilters)[number];
export type LastSignInFilter = (typeof lastSignInFilters)[number];

export interface MemberSearch {
  /** Any part of the login ID or the e-mail address; empty for everyone. */
  query: string;
  health?: HealthFilter;
  reset?: ResetFilter;
  /** Signed in within 7, 30 or 90 days; not within 90 days; or never (in the kept history). */
  lastSignIn?: LastSignInFilter;
  /** The last login ID of the previous page (keyset pagination: no OFFSET scan). */
  after?: string;
}

export type MemberRow = Member & { lastSignInAt: Date | null };

export interface MemberSearchPage {
  members: MemberRow[];
  nextAfter: string | null;
}

const dayInMilliseconds = 86_400_000;

/** Reads the filters from query parameters; an unknown value means "no filter". */
export function parseMemberSearch(query: (name: string) => string | undefined): MemberSearch {
  const pick = <T extends string>(values: readonly T[], value: string | undefined) =>
    values.find((candidate) => candidate === value);
  return {
    query: (query("q") ?? "").trim().normalize("NFKC").toLowerCase().slice(0, 254),
    health: pick(healthFilters, query("health")),
    reset: pick(resetFilters, query("reset")),
    lastSignIn: pick(lastSignInFilters, query("signed-in")),
    after: query("after")?.slice(0, 254) || undefined,
  };
}

/** The search as query parameters, for the next-page and export links. */
export function memberSearchParameters(search: MemberSearch): URLSearchParams {
  const parameters = new URLSearchParams();
  if (search.query) parameters.set("q", search.query);
  if (search.health) parameters.set("health", search.health);
  if (search.reset) parameters.set("reset", search.reset);
  if (search.lastSignIn) parameters.set("signed-in", search.lastSignIn);
  return parameters;
}

/**
 * Members whose login ID or address contains the text, with the filters, in login-ID order.
 * A substring cannot use an index, so this walks the login-ID index until a page is full;
 * the filters on health and reset state are column tests, the sign-in one an index probe
 * per member (sign_in_event_member_index).
 */
export async function searchMembers(
  database: Database,
  clock: Clock,
  search: MemberSearch,
  limit = membersPerPage,
): Promise<MemberSearchPage> {
  const rows = await database
    .select({ member, lastSignInAt: lastSuccessfulSignIn })
    .from(member)
    .where(conditionsOf(search, clock.now()))
    .orderBy(asc(member.loginId))
    .limit(limit + 1);
  const members = rows
    .slice(0, limit)
    .map((row) => ({ ...row.member, lastSignInAt: toDate(row.lastSignInAt) }));
  const last = members.at(-1);
  return { members, nextAfter: rows.length > limit && last ? last.loginId : null };
}

// Written with aliases: inside a subquery an unqualified "id" would name the event's own column.
const lastSuccessfulSignIn = sql<
  number | null
>`(select max(event.occurred_at) from sign_in_event event where event.member_id = "member"."id" and event.result = 'success')`;

function toDate(value: number | Date | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

function conditionsOf(search: MemberSearch, now: Date) {
  const escaped = search.query.replace(/[\\%_]/g, (character) => `\\${character}`);
  const contains = (column: typeof member.loginId | typeof member.email) =>
    sql`${column} like ${`%${escaped}%`} escape '\\'`;
  const signedInSince = (days: number) =>
    sql`exists (select 1 from sign_in_event event where event.member_id = "member"."id" and event.result = 'success' and event.occurred_at >= ${now.getTime() - days * dayInMilliseconds})`;
  const everSignedIn = sql`exists (select 1 from sign_in_event event where event.member_id = "member"."id" and event.result = 'success')`;
  return and(
    search.query ? or(contains(member.loginId), contains(member.email)) : undefined,
    search.after ? gt(member.loginId, search.after) : undefined,
    healthCondition(search.health),
    search.reset === "pending"
      ? isNotNull(member.resetRequiredAt)
      : search.reset === "none"
        ? isNull(member.resetRequiredAt)
        : undefined,
    search.lastSignIn === "7" || search.lastSignIn === "30" || search.lastSignIn === "90"
      ? signedInSince(Number(search.lastSignIn))
      : search.lastSignIn === "not-90"
        ? not(signedInSince(90))
        : search.lastSignIn === "never"
          ? not(everSignedIn)
          : undefined,
  );
}

function healthCondition(health: HealthFilter | undefined) {
  switch (health) {
    case undefined:
      return undefined;
    case "passwordless":
      return isNull(member.passwordHash);
    case "unchecked":
      return and(isNotNull(member.passwordHash), isNull(member.passwordHealth));
    default:
      return eq(member.passwordHealth, health);
  }
}

export async function countMemberSessions(
  database: Database,
  clock: Clock,
  memberId: number,
): Promise<number> {
  const [row] = await database
    .select({ total: count() })
    .from(session)
    .where(and(eq(session.memberId, memberId), gt(session.expiresAt, clock.now())));
  return row?.total ?? 0;
}
