import { inArray, lt, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { accountThrottle, rateBucket } from "../db/schema";
import type { RateLimit } from "./config";

export type Admission = { admitted: true } | { admitted: false; retryAfterInSeconds: number };

export interface DelayPolicy {
  freeAttempts: number;
  firstDelayInSeconds: number;
  maximumDelayInSeconds: number;
  /** Attempts are forgotten after this long without one. */
  forgetAfterInSeconds: number;
}

/**
 * Where throttle counters live. They must be shared by every instance behind the load
 * balancer, so the implementation is a database; each check is one indexed upsert.
 */
export interface ThrottleStore {
  takeToken(key: string, limit: RateLimit, now: Date): Promise<Admission>;
  admitAccountAttempt(key: Buffer, policy: DelayPolicy, now: Date): Promise<Admission>;
  clearAccountAttempts(keys: Buffer[]): Promise<void>;
  deleteStaleEntries(now: Date, options: { forgetAfterInSeconds: number }): Promise<void>;
}

export function createSqliteThrottleStore(database: Database): ThrottleStore {
  return {
    async takeToken(key, limit, now) {
      // GCRA (ITU-T I.371, a token bucket as one timestamp): `readyAt` is when the bucket is full again. A request fits
      // while it would not push readyAt more than `burst` intervals into the future.
      const interval = Math.ceil(60_000 / limit.perMinute);
      const window = limit.burst * interval;
      const at = now.getTime();
      const next = sql`max(${rateBucket.readyAt}, ${at}) + ${interval}`;
      const fits = sql`(${next} - ${at} <= ${window})`;
      const [row] = await database
        .insert(rateBucket)
        .values({ key, readyAt: new Date(at + interval), admitted: true })
        .onConflictDoUpdate({
          target: rateBucket.key,
          set: {
            admitted: fits,
            readyAt: sql`case when ${fits} then ${next} else ${rateBucket.readyAt} end`,
          },
        })
        .returning({ readyAt: rateBucket.readyAt, admitted: rateBucket.admitted });
      if (!row || row.admitted) return { admitted: true };
      return refuseUntil(row.readyAt.getTime() + interval - window, at);
    },

    async admitAccountAttempt(key, policy, now) {
      const at = now.getTime();
      const remembered = sql`case when ${at} - ${accountThrottle.lastAttemptAt} > ${policy.forgetAfterInSeconds * 1000} then 0 else ${accountThrottle.attempts} end`;
      const delay = sql`case when ${remembered} < ${policy.freeAttempts} then 0 else min(${policy.maximumDelayInSeconds * 1000}, ${policy.firstDelayInSeconds * 1000} * (1 << min(${remembered} - ${policy.freeAttempts}, 30))) end`;
      const fits = sql`(${at} >= ${accountThrottle.lastAttemptAt} + ${delay})`;
      // Every admitted attempt counts as a failure until a success clears the row, so that
      // parallel attempts cannot all slip through the same open moment.
      const [row] = await database
        .insert(accountThrottle)
        .values({ key, attempts: 1, lastAttemptAt: now, admitted: true })
        .onConflictDoUpdate({
          target: accountThrottle.key,
          set: {
            admitted: fits,
            attempts: sql`case when ${fits} then ${remembered} + 1 else ${accountThrottle.attempts} end`,
            lastAttemptAt: sql`case when ${fits} then ${at} else ${accountThrottle.lastAttemptAt} end`,
          },
        })
        .returning();
      if (!row || row.admitted) return { admitted: true };
      return refuseUntil(row.lastAttemptAt.getTime() + delayFor(row.attempts, policy), at);
    },

    async clearAccountAttempts(keys) {
      if (keys.length === 0) return;
      await database.delete(accountThrottle).where(inArray(accountThrottle.key, keys));
    },

    async deleteStaleEntries(now, options) {
      await database.delete(rateBucket).where(lt(rateBucket.readyAt, now));
      const forgotten = new Date(now.getTime() - options.forgetAfterInSeconds * 1000);
      await database.delete(accountThrottle).where(lt(accountThrottle.lastAttemptAt, forgotten));
    },
  };
}

/** The wait after `attempts` admitted attempts: none for the free ones, then doubling. */
export function delayFor(attempts: number, policy: DelayPolicy): number {
  if (attempts < policy.freeAttempts) return 0;
  const doubled = policy.firstDelayInSeconds * 2 ** Math.min(attempts - policy.freeAttempts, 30);
  return Math.min(policy.maximumDelayInSeconds, doubled) * 1000;
}

function refuseUntil(readyAtInMilliseconds: number, now: number): Admission {
  return {
    admitted: false,
    retryAfterInSeconds: Math.max(1, Math.ceil((readyAtInMilliseconds - now) / 1000)),
  };
}
