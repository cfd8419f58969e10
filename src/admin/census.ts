import { and, count, desc, eq, gt, isNotNull, isNull, lte, max, min, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { member, memberCensus, passkey } from "../db/schema";
import {
  type AgeBucket,
  ageBucketOf,
  ageBuckets,
  type HealthBucket,
  healthBuckets,
} from "../passwords/aggregates";

/** What one census counts; every figure of the dashboard's member charts comes from here. */
export interface CensusFigures {
  members: number;
  administrators: number;
  unverifiedEmails: number;
  resetRequired: number;
  health: Record<HealthBucket, number>;
  age: Record<AgeBucket, number>;
  passkeyMembers: number;
  /** Members holding a passkey, by the start (ms, UTC Monday) of the week of their first one. */
  firstPasskeyWeeks: Record<string, number>;
}

export interface Census {
  id: number;
  startedAt: Date;
  completedAt: Date | null;
  countedThroughId: number;
  lastMemberId: number;
  figures: CensusFigures;
}

export function emptyCensusFigures(): CensusFigures {
  return {
    members: 0,
    administrators: 0,
    unverifiedEmails: 0,
    resetRequired: 0,
    health: Object.fromEntries(
      healthBuckets.map((bucket) => [bucket, 0]),
    ) as CensusFigures["health"],
    age: Object.fromEntries(ageBuckets.map((bucket) => [bucket, 0])) as CensusFigures["age"],
    passkeyMembers: 0,
    firstPasskeyWeeks: {},
  };
}

function toCensus(row: typeof memberCensus.$inferSelect): Census {
  return { ...row, figures: JSON.parse(row.figures) as CensusFigures };
}

export async function findLatestCompletedCensus(database: Database): Promise<Census | null> {
  const [row] = await database
    .select()
    .from(memberCensus)
    .where(isNotNull(memberCensus.completedAt))
    .orderBy(desc(memberCensus.completedAt))
    .limit(1);
  return row ? toCensus(row) : null;
}

export async function findOpenCensus(database: Database): Promise<Census | null> {
  const [row] = await database
    .select()
    .from(memberCensus)
    .where(isNull(memberCensus.completedAt))
    .orderBy(desc(memberCensus.id))
    .limit(1);
  return row ? toCensus(row) : null;
}

/** Opens a census that will count every member registered so far. */
export async function openCensus(database: Database, now: Date): Promise<Census> {
  const [highest] = await database.select({ id: max(member.id) }).from(member);
  const [row] = await database
    .insert(memberCensus)
    .values({
      startedAt: now,
      countedThroughId: 0,
      lastMemberId: highest?.id ?? 0,
      figures: JSON.stringify(emptyCensusFigures()),
    })
    .returning();
  if (!row) throw new Error("the census row was not inserted");
  return toCensus(row);
}

const weekInMilliseconds = 7 * 86_400_000;
// 1970-01-05 was a Monday: weeks start on Mondays, in UTC.
const firstMondayInMilliseconds = 4 * 86_400_000;

export function weekStartOf(time: number): number {
  const weeks = Math.floor((time - firstMondayInMilliseconds) / weekInMilliseconds);
  return firstMondayInMilliseconds + weeks * weekInMilliseconds;
}

/**
 * Adds the members with ids in (fromId, throughId] to the figures: one grouped query over a
 * primary-key range and one over the passkey index, so a slice costs milliseconds however
 * large the member base is.
 */
export async function countMemberRange(
  database: Database,
  range: { fromId: number; throughId: number; now: Date },
  figures: CensusFigures,
): Promise<void> {
  const inRange = and(gt(member.id, range.fromId), lte(member.id, range.throughId));
  const passwordless = sql<number>`${member.passwordHash} is null`;
  const ageBucket = ageBucketOf(range.now);
  const administrator = sql<number>`${member.role} = 'admin'`;
  const unverified = sql<number>`${member.emailVerifiedAt} is null`;
  const resetRequired = sql<number>`${member.resetRequiredAt} is not null`;
  const rows = await database
    .select({
      verdict: member.passwordHealth,
      passwordless,
      ageBucket,
      administrator,
      unverified,
      resetRequired,
      total: count(),
    })
    .from(member)
    .where(inRange)
    .groupBy(
      member.passwordHealth,
      passwordless,
      ageBucket,
      administrator,
      unverified,
      resetRequired,
    );
  for (const row of rows) {
    figures.members += row.total;
    if (row.administrator) figures.administrators += row.total;
    if (row.unverified) figures.unverifiedEmails += row.total;
    if (row.resetRequired) figures.resetRequired += row.total;
    figures.health[row.passwordless ? "passwordless" : (row.verdict ?? "unchecked")] += row.total;
    if (row.ageBucket) figures.age[row.ageBucket] += row.total;
  }

  const firstPasskeys = await database
    .select({ firstAt: min(passkey.createdAt) })
    .from(passkey)
    .where(and(gt(passkey.memberId, range.fromId), lte(passkey.memberId, range.throughId)))
    .groupBy(passkey.memberId);
  for (const { firstAt } of firstPasskeys) {
    if (!firstAt) continue;
    figures.passkeyMembers += 1;
    const week = String(weekStartOf(firstAt.getTime()));
    figures.firstPasskeyWeeks[week] = (figures.firstPasskeyWeeks[week] ?? 0) + 1;
  }
}

/**
 * Stores a census's progress. The check on the previous position makes a slice count once
 * even if a second process (whose lease expired) tried to store the same slice.
 */
export async function recordCensusProgress(
  database: Database,
  census: Census,
  progress: { countedThroughId: number; completedAt: Date | null },
): Promise<boolean> {
  const updated = await database
    .update(memberCensus)
    .set({
      countedThroughId: progress.countedThroughId,
      completedAt: progress.completedAt,
      figures: JSON.stringify(census.figures),
    })
    .where(
      and(
        eq(memberCensus.id, census.id),
        eq(memberCensus.countedThroughId, census.countedThroughId),
      ),
    )
    .returning({ id: memberCensus.id });
  return updated.length > 0;
}

/** Keeps the newest few completed censuses and the open one; the rest is history nobody reads. */
export async function deleteOldCensuses(database: Database, keep: number): Promise<void> {
  const kept = await database
    .select({ id: memberCensus.id })
    .from(memberCensus)
    .where(isNotNull(memberCensus.completedAt))
    .orderBy(desc(memberCensus.id))
    .limit(1)
    .offset(keep - 1);
  const oldestKept = kept[0]?.id;
  if (oldestKept !== undefined)
    await database
      .delete(memberCensus)
      .where(and(isNotNull(memberCensus.completedAt), sql`${memberCensus.id} < ${oldestKept}`));
  // An open census older than a completed one was abandoned (a holder lost its lease while
  // opening it); nobody will finish it.
  const latest = await findLatestCompletedCensus(database);
  if (latest)
    await database
      .delete(memberCensus)
      .where(and(isNull(memberCensus.completedAt), sql`${memberCensus.id} < ${latest.id}`));
}
