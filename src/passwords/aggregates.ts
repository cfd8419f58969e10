import { type SQL, sql } from "drizzle-orm";
import { member } from "../db/schema";

/** The verdict of a member's last password check, as the admin dashboard groups members. */
export type HealthBucket = "ok" | "weak" | "similar" | "breached" | "unchecked" | "passwordless";
export type AgeBucket =
  | "under-30-days"
  | "30-to-90-days"
  | "90-to-180-days"
  | "180-to-365-days"
  | "1-to-2-years"
  | "over-2-years";

export const healthBuckets: readonly HealthBucket[] = [
  "ok",
  "weak",
  "similar",
  "breached",
  "unchecked",
  "passwordless",
];
export const ageBuckets: readonly AgeBucket[] = [
  "under-30-days",
  "30-to-90-days",
  "90-to-180-days",
  "180-to-365-days",
  "1-to-2-years",
  "over-2-years",
];

const dayInMilliseconds = 86_400_000;

/**
 * The age bucket of a member's password as of `now`, as SQL so that grouping happens in the
 * database; null for members without a password.
 */
export function ageBucketOf(now: Date): SQL<AgeBucket | null> {
  const daysOld = sql`(${now.getTime()} - ${member.passwordChangedAt}) / ${dayInMilliseconds}`;
  return sql<AgeBucket | null>`case
    when ${member.passwordHash} is null or ${member.passwordChangedAt} is null then null
    when ${daysOld} < 30 then 'under-30-days'
    when ${daysOld} < 90 then '30-to-90-days'
    when ${daysOld} < 180 then '90-to-180-days'
    when ${daysOld} < 365 then '180-to-365-days'
    when ${daysOld} < 730 then '1-to-2-years'
    else 'over-2-years' end`;
}
