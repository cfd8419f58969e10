import { type CidrRange, parseCidr } from "../defence/ip-address";
import {
  listMembersSignedInFromSources,
  type MemberFromSources,
  type SourceWindow,
} from "../defence/source-queries";
import type { Deps } from "../deps";

/**
 * Incident investigation: who signed in from these networks in this window. What So-net and
 * SOD reconstructed by hand from access logs, answered from the sign-in event log.
 */

/** Each source is one OR term of the query; SQLite's expression depth stays far from 1000. */
export const maximumSources = 100;
/** Members listed at most; an incident larger than this is split by narrower windows. */
export const maximumInvestigatedMembers = 100_000;

export type InvestigationProblem =
  | { field: "sources"; code: "empty" }
  | { field: "sources"; code: "too-many" }
  | { field: "sources"; code: "invalid"; entry: string }
  | { field: "from" | "to"; code: "invalid" }
  | { field: "to"; code: "not-after-from" };

export interface InvestigationResult {
  /** Members with at least one successful sign-in: their password is in an attacker's hands. */
  signedIn: MemberFromSources[];
  /** Members tried without success. */
  failedOnly: MemberFromSources[];
  /** True when the member limit was reached and the lists are incomplete. */
  truncated: boolean;
}

/** Addresses or CIDR ranges, IPv4 or IPv6; canonical and without repeats. */
export function parseSources(
  entries: readonly string[],
): { ok: true; ranges: CidrRange[] } | { ok: false; problem: InvestigationProblem } {
  const wanted = entries.map((entry) => entry.trim()).filter((entry) => entry !== "");
  if (wanted.length === 0) return { ok: false, problem: { field: "sources", code: "empty" } };
  const ranges = new Map<string, CidrRange>();
  for (const entry of wanted) {
    const range = parseCidr(entry);
    if (!range)
      return {
        ok: false,
        problem: { field: "sources", code: "invalid", entry: entry.slice(0, 64) },
      };
    ranges.set(range.cidr, range);
  }
  if (ranges.size > maximumSources)
    return { ok: false, problem: { field: "sources", code: "too-many" } };
  return { ok: true, ranges: [...ranges.values()] };
}

/** The text of a sources field: one per line, or separated by commas or spaces. */
export function splitSourcesText(text: string): string[] {
  return text.split(/[\s,]+/);
}

export function checkWindow(from: Date, to: Date): InvestigationProblem | null {
  return from.getTime() < to.getTime() ? null : { field: "to", code: "not-after-from" };
}

export async function investigateSources(
  deps: Pick<Deps, "database">,
  window: SourceWindow,
): Promise<InvestigationResult> {
  const members = await listMembersSignedInFromSources(deps, {
    ...window,
    onlySuccessful: false,
    limit: maximumInvestigatedMembers,
  });
  return {
    signedIn: members.filter((found) => found.successes > 0),
    failedOnly: members.filter((found) => found.successes === 0),
    truncated: members.length === maximumInvestigatedMembers,
  };
}

/** "investigation: 203.0.113.0/24 2026-11-20T09:00Z..2026-11-21T09:00Z", for a reset's reason. */
export function describeInvestigation(window: SourceWindow): string {
  const minute = (date: Date) => `${date.toISOString().slice(0, 16)}Z`;
  const sources = window.ranges.map((range) => range.cidr).join(", ");
  return `investigation: ${sources} ${minute(window.from)}..${minute(window.to)}`.slice(0, 500);
}

/** What the audit log keeps of a query: the sources and window, never the member list. */
export function describeWindow(window: SourceWindow) {
  return {
    sources: window.ranges.map((range) => range.cidr),
    from: window.from.toISOString(),
    to: window.to.toISOString(),
  };
}

/** What an audit record or API answer says about a result: counts, never the member list. */
export function countInvestigation(result: InvestigationResult) {
  return {
    signedIn: result.signedIn.length,
    failedOnly: result.failedOnly.length,
    truncated: result.truncated,
  };
}
