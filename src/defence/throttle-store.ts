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

/**
 * The SQLite implementation. Its two checks are prepared once: compiling a statement and
 * building the query cost ten times more than running it, and these run on every attempt,
 * including every rejected one of a flood.
 */
export function createSqliteThrottleStore(
  database: Database,
  options: { memoEntries: number } = { memoEntries: 100_000 },
): ThrottleStore {
  const takeTokenStatement = prepareTakeToken(database);
  const admitAttemptStatement = prepareAdmitAccountAttempt(database);
  const memo = createReadyAtMemo(options.memoEntries);
  return {
    async takeToken(key, limit, now) {
      const interval = Math.ceil(60_000 / limit.perMinute);
      const window = limit.burst * interval;
      const at = now.getTime();
      // The bucket's condition below, on a readyAt this process saw: refused without a query.
      const known = memo.get(key);
      if (known !== undefined && known + interval - window > at) {
        return refuseUntil(known + interval - window, at);
      }
      const [row] = await takeTokenStatement.execute({ key, at, interval, window });
      if (row) memo.set(key, row.readyAt.getTime());
      if (!row || row.admitted) return { admitted: true };
      return refuseUntil(row.readyAt.getTime() + interval - window, at);
    },

    async admitAccountAttempt(key, policy, now) {
      const at = now.getTime();
      const [row] = await admitAttemptStatement.execute({
        key,
        at,
        forget: policy.forgetAfterInSeconds * 1000,
        free: policy.freeAttempts,
        first: policy.firstDelayInSeconds * 1000,
        maximum: policy.maximumDelayInSeconds * 1000,
      });
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

/**
 * GCRA (ITU-T I.371, a token bucket as one timestamp): `readyAt` is when the bucket is full
 * again. A request fits while it would not push readyAt more than `burst` intervals ahead.
 */
function prepareTakeToken(database: Database) {
  const at = sql.placeholder("at");
  const next = sql`max(${rateBucket.readyAt}, ${at}) + ${sql.placeholder("interval")}`;
  const fits = sql`(${next} - ${at} <= ${sql.placeholder("window")})`;
  return database
    .insert(rateBucket)
    .values({
      key: sql.placeholder("key"),
      readyAt: sql`${at} + ${sql.placeholder("interval")}`,
      admitted: true,
    })
    .onConflictDoUpdate({
      target: rateBucket.key,
      set: {
        admitted: fits,
        readyAt: sql`case when ${fits} then ${next} else ${rateBucket.readyAt} end`,
      },
    })
    .returning({ readyAt: rateBucket.readyAt, admitted: rateBucket.admitted })
    .prepare();
}

/**
 * Every admitted attempt counts as a failure until a success clears the row, so parallel
 * attempts cannot all slip through the same open moment. Attempts are forgotten after a
 * quiet day.
 */
function prepareAdmitAccountAttempt(database: Database) {
  const at = sql.placeholder("at");
  const free = sql.placeholder("free");
  const remembered = sql`case when ${at} - ${accountThrottle.lastAttemptAt} > ${sql.placeholder("forget")} then 0 else ${accountThrottle.attempts} end`;
  const delay = sql`case when ${remembered} < ${free} then 0 else min(${sql.placeholder("maximum")}, ${sql.placeholder("first")} * (1 << min(${remembered} - ${free}, 30))) end`;
  const fits = sql`(${at} >= ${accountThrottle.lastAttemptAt} + ${delay})`;
  return database
    .insert(accountThrottle)
    .values({ key: sql.placeholder("key"), attempts: 1, lastAttemptAt: sql`${at}`, admitted: true })
    .onConflictDoUpdate({
      target: accountThrottle.key,
      set: {
        admitted: fits,
        attempts: sql`case when ${fits} then ${remembered} + 1 else ${accountThrottle.attempts} end`,
        lastAttemptAt: sql`case when ${fits} then ${at} else ${accountThrottle.lastAttemptAt} end`,
      },
    })
    .returning()
    .prepare();
}

/**
 * The latest readyAt this process read for each bucket. The shared bucket's readyAt only ever
 * moves later (requests on any instance push it; time alone does not move it, and a row is
 * deleted only once it is in the past), so a remembered value is never later than the real
 * one: a check it refuses, the database would refuse too. It can only under-refuse (another
 * instance spent tokens meanwhile), and then the query decides. Refusing a flooding source
 * costs no write and no query; the database stays the one place where limits are shared.
 * A value, not a "refused until", so it stays right when under-attack mode changes the limit.
 */
function createReadyAtMemo(maximumEntries: number) {
  const readyAtByKey = new Map<string, number>();
  return {
    get: (key: string) => readyAtByKey.get(key),
    set(key: string, readyAt: number) {
      // Re-inserted so the Map's order is least recently written first, for eviction.
      readyAtByKey.delete(key);
      readyAtByKey.set(key, readyAt);
      if (readyAtByKey.size > maximumEntries) {
        const oldest = readyAtByKey.keys().next();
        if (!oldest.done) readyAtByKey.delete(oldest.value);
      }
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
