import { and, asc, count, eq, gt, gte, lt } from "drizzle-orm";
import type { Member } from "../accounts/members";
import type { Database } from "../db/connection";
import { member, session } from "../db/schema";
import type { Clock } from "../deps";

export const membersPerPage = 50;

export interface MemberSearch {
  /** A login ID prefix, or an e-mail prefix when it contains "@". */
  query: string;
  /** The last key of the previous page (keyset pagination: no OFFSET scan at a million rows). */
  after?: string;
}

export interface MemberSearchPage {
  members: Member[];
  nextAfter: string | null;
  searchedBy: "loginId" | "email";
}

/**
 * Finds members by prefix with a range scan on the unique index, so a search over a million
 * members reads only the rows it shows.
 */
export async function searchMembers(
  database: Database,
  search: MemberSearch,
): Promise<MemberSearchPage> {
  const query = search.query.trim().normalize("NFKC").toLowerCase();
  const searchedBy = query.includes("@") ? "email" : "loginId";
  const column = searchedBy === "email" ? member.email : member.loginId;
  const lowerBound =
    search.after !== undefined && search.after >= query
      ? gt(column, search.after)
      : gte(column, query);
  // Every string with the prefix sorts below prefix + U+FFFF.
  const upperBound = query === "" ? undefined : lt(column, `${query}\uffff`);
  const rows = await database
    .select()
    .from(member)
    .where(and(lowerBound, upperBound))
    .orderBy(asc(column))
    .limit(membersPerPage + 1);
  const members = rows.slice(0, membersPerPage);
  const last = members.at(-1);
  return {
    members,
    nextAfter:
      rows.length > membersPerPage && last
        ? searchedBy === "email"
          ? last.email
          : last.loginId
        : null,
    searchedBy,
  };
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
