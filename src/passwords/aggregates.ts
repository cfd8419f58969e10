import { count, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { member } from "../db/schema";

export type HealthBucket = "ok" | "weak" | "similar" | "breached" | "unchecked" | "passwordless";
export type AgeBucket = "under-90-days" | "90-to-365-days" | "1-to-2-years" | "over-2-years";

export const healthBuckets: readonly HealthBucket[] = [
  "ok",
  "weak",
  "similar",
  "breached",
  "unchecked",
  "passwordless",
];
export const ageBuckets: readonly AgeBucket[] = [
  "under-90-days",
  "90-to-365-days",
  "1-to-2-years",
  "over-2-years",
];

const dayInMilliseconds = 86_400_000;

/**
 * Members by the verdict of their last password check and by password age, for the admin
 * overview. Two grouped queries over indexed columns: no member is loaded into memory.
 */
export async function summarizePasswordHygiene(
  database: Database,
  now: Date,
): Promise<{ health: Record<HealthBucket, number>; age: Record<AgeBucket, number> }> {
  const health = Object.fromEntries(healthBuckets.map((bucket) => [bucket, 0])) as Record<
    HealthBucket,
    number
  >;
  const byHealth = await database
    .select({
      verdict: member.passwordHealth,
      passwordless: sql<number>`${member.passwordHash} is null`,
      total: count(),
    })
    .from(member)
    .groupBy(member.passwordHealth, sql`${member.passwordHash} is null`);
  for (const row of byHealth) {
    const bucket: HealthBucket = row.passwordless ? "passwordless" : (row.verdict ?? "unchecked");
    health[bucket] += row.total;
  }

  const age = Object.fromEntries(ageBuckets.map((bucket) => [bucket, 0])) as Record<
    AgeBucket,
    number
  >;
  const daysOld = sql<number>`(${now.getTime()} - ${member.passwordChangedAt}) / ${dayInMilliseconds}`;
  const bucketOf = sql<AgeBucket>`case
    when ${daysOld} < 90 then 'under-90-days'
    when ${daysOld} < 365 then '90-to-365-days'
    when ${daysOld} < 730 then '1-to-2-years'
    else 'over-2-years' end`;
  const byAge = await database
    .select({ bucket: bucketOf, total: count() })
    .from(member)
    .where(sql`${member.passwordHash} is not null and ${member.passwordChangedAt} is not null`)
    .groupBy(bucketOf);
  for (const row of byAge) age[row.bucket] += row.total;
  return { health, age };
}
