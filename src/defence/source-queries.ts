import {
  and,
  between,
  desc,
  gt,
  gte,
  inArray,
  isNotNull,
  lt,
  ne,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import { member, signInEvent } from "../db/schema";
import type { Deps } from "../deps";
import { type CidrRange, formatIpBytes } from "./ip-address";
import type { SignInEvent, SignInResult } from "./sign-in-events";

/**
 * Questions asked of the sign-in log by source. The resets issue builds incident
 * investigation on these: "which members signed in from these networks in this window".
 */
export interface SourceWindow {
  /** Addresses or CIDR ranges (parse them with parseCidr). */
  ranges: readonly CidrRange[];
  from: Date;
  to: Date;
}

const credentialFailures: readonly SignInResult[] = [
  "wrong-password",
  "unknown-id",
  "invalid-input",
  "invalid-passkey",
];

/** The checked-and-failed results as an SQL list (constants, never input). */
function failureList(): string {
  return credentialFailures.map((result) => `'${result}'`).join(", ");
}

function inSourceWindow(query: SourceWindow): SQL | undefined {
  if (query.ranges.length === 0) return sql`0`;
  return and(
    or(...query.ranges.map((range) => between(signInEvent.ipBytes, range.start, range.end))),
    gte(signInEvent.occurredAt, query.from),
    lt(signInEvent.occurredAt, query.to),
  );
}

export async function listSignInEventsFromSources(
  deps: Pick<Deps, "database">,
  query: SourceWindow & { results?: readonly SignInResult[]; limit: number },
): Promise<SignInEvent[]> {
  return deps.database
    .select()
    .from(signInEvent)
    .where(
      and(
        inSourceWindow(query),
        query.results ? inArray(signInEvent.result, [...query.results]) : undefined,
      ),
    )
    .orderBy(desc(signInEvent.occurredAt))
    .limit(query.limit);
}

export interface MemberFromSources {
  memberId: number;
  loginId: string;
  email: string;
  successes: number;
  failures: number;
  lastSuccessAt: Date | null;
  lastAttemptAt: Date;
}

/** Members with attempts from the sources in the window: successes first (compromised). */
export async function listMembersSignedInFromSources(
  deps: Pick<Deps, "database">,
  query: SourceWindow & { onlySuccessful: boolean; limit: number },
): Promise<MemberFromSources[]> {
  const successes = sql<number>`sum(${signInEvent.result} = 'success')`;
  const rows = await deps.database
    .select({
      memberId: member.id,
      loginId: member.loginId,
      email: member.email,
      successes,
      failures: sql<number>`sum(${signInEvent.result} in (${sql.raw(failureList())}))`,
      lastSuccessAt: sql<
        number | null
      >`max(case when ${signInEvent.result} = 'success' then ${signInEvent.occurredAt} end)`,
      lastAttemptAt: sql<number>`max(${signInEvent.occurredAt})`,
    })
    .from(signInEvent)
    .innerJoin(member, sql`${member.id} = ${signInEvent.memberId}`)
    .where(and(inSourceWindow(query), isNotNull(signInEvent.memberId)))
    .groupBy(member.id)
    .having(query.onlySuccessful ? sql`${successes} > 0` : undefined)
    .orderBy(desc(successes), desc(sql`max(${signInEvent.occurredAt})`))
    .limit(query.limit);
  return rows.map((row) => ({
    ...row,
    lastSuccessAt: row.lastSuccessAt === null ? null : new Date(row.lastSuccessAt),
    lastAttemptAt: new Date(row.lastAttemptAt),
  }));
}

export interface SourceSummary {
  /** An IPv4 address, or an IPv6 prefix as CIDR text: one source (see sourceKeyOf). */
  ipAddress: string;
  attempts: number;
  successes: number;
  /** Wrong passwords, unknown IDs and malformed input: the attempts that were checked. */
  failures: number;
  rejected: number;
  distinctAccounts: number;
  emailIdentifiers: number;
  lastAttemptAt: Date;
}

/**
 * Per address in a window: what the stuffing signature and the attack view look at. At most
 * the newest `maximumEvents` attempts are read, so that during a flood the query (which
 * holds the event loop, SQLite being synchronous) stays short; the window then shrinks to
 * the latest attempts, which is where the flood is.
 */
export async function summarizeSources(
  deps: Pick<Deps, "database">,
  query: {
    from: Date;
    to: Date;
    minimumDistinctAccounts: number;
    limit: number;
    maximumEvents: number;
    excludeBlocked: boolean;
    /** IPv6 addresses are grouped by their prefix of this length (sourceKeyOf). */
    ipv6PrefixLength: number;
  },
): Promise<SourceSummary[]> {
  const source = sourceKeySql(query.ipv6PrefixLength);
  const distinctAccounts = sql<number>`count(distinct ${signInEvent.identifierHash})`;
  const failures = failureList();
  const rows = await deps.database
    .select({
      ipAddress: source,
      attempts: sql<number>`count(*)`,
      successes: sql<number>`sum(${signInEvent.result} = 'success')`,
      failures: sql<number>`sum(${signInEvent.result} in (${sql.raw(failures)}))`,
      rejected: sql<number>`sum(${signInEvent.result} in ('throttled', 'blocked', 'challenge-failed'))`,
      distinctAccounts,
      emailIdentifiers: sql<number>`sum(${signInEvent.identifierKind} = 'email')`,
      lastAttemptAt: sql<number>`max(${signInEvent.occurredAt})`,
    })
    .from(signInEvent)
    .where(
      and(
        gt(
          signInEvent.id,
          sql`(select coalesce(max(${signInEvent.id}), 0) from ${signInEvent}) - ${query.maximumEvents}`,
        ),
        gte(signInEvent.occurredAt, query.from),
        lt(signInEvent.occurredAt, query.to),
        isNotNull(signInEvent.ipAddress),
        query.excludeBlocked ? ne(signInEvent.result, "blocked") : undefined,
      ),
    )
    .groupBy(source)
    .having(sql`${distinctAccounts} >= ${query.minimumDistinctAccounts}`)
    .orderBy(desc(distinctAccounts), desc(sql`count(*)`))
    .limit(query.limit);
  return rows.map((row) => ({
    ...row,
    ipAddress: sourceOfKey(row.ipAddress, query.ipv6PrefixLength),
    lastAttemptAt: new Date(row.lastAttemptAt),
  }));
}

const mappedIpv4Prefix = sql.raw("x'00000000000000000000ffff'");

/**
 * The source of an event in SQL: its IPv4 address as text, or "v6:" and the hex digits of
 * its IPv6 prefix, the last partial byte masked (hex digits read back through instr, as
 * SQLite has no bitwise access to blob bytes). sourceOfKey turns the latter into CIDR text.
 */
function sourceKeySql(prefixLength: number): SQL<string> {
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 128) {
    throw new TypeError(`not an IPv6 prefix length: ${prefixLength}`);
  }
  const fullBytes = Math.floor(prefixLength / 8);
  const partialBits = prefixLength % 8;
  const number = (value: number) => sql.raw(String(value));
  const hexDigitAt = (position: number) =>
    sql`(instr('0123456789ABCDEF', substr(hex(${signInEvent.ipBytes}), ${number(position)}, 1)) - 1)`;
  const mask = (0xff << (8 - partialBits)) & 0xff;
  const partial =
    partialBits === 0
      ? sql`''`
      : sql`printf('%02X', (${hexDigitAt(2 * fullBytes + 1)} * 16 + ${hexDigitAt(2 * fullBytes + 2)}) & ${number(mask)})`;
  return sql<string>`case when substr(${signInEvent.ipBytes}, 1, 12) = ${mappedIpv4Prefix}
    then ${signInEvent.ipAddress}
    else 'v6:' || hex(substr(${signInEvent.ipBytes}, 1, ${number(fullBytes)})) || ${partial} end`;
}

function sourceOfKey(key: string, prefixLength: number): string {
  if (!key.startsWith("v6:")) return key;
  const bytes = Buffer.from(key.slice(3).padEnd(32, "0"), "hex");
  const address = formatIpBytes(bytes);
  return prefixLength >= 128 ? address : `${address}/${prefixLength}`;
}
