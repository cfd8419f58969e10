import type { Database } from "../db/connection";
import { runInTransaction } from "../db/transaction";
import { type BlockHits, countBlockHits } from "./blocklist-match";
import {
  countSignInMinute,
  insertSignInEvents,
  type MinuteCounts,
  minuteOf,
  type SignInEventRow,
} from "./sign-in-events";

/**
 * Refused sign-ins and blocklist hits, written in batches. A wave is mostly refusals, and
 * one row and two counter upserts per refusal, each its own transaction, cost more than the
 * rest of refusing it. Every refusal is still logged with everything a checked attempt has
 * (the stuffing signature counts distinct accounts per source, refusals included); it only
 * reaches the database up to a second later (or at the next detection pass, every 5 seconds,
 * when the wave has stopped), always before detection and the attack view read, and when the
 * process shuts down. Attempts that reached a password check, the ones members and incident
 * investigations look at, are written at once (recordSignInAttempt), after what waits here.
 */
export interface RefusalBuffer {
  /** Keeps a refused attempt's row; true when a batch is due and the caller should flush. */
  addEvent(row: SignInEventRow): boolean;
  /** Counts a request refused by a blocklist entry; true when a batch is due. */
  addBlockHit(blockId: number, at: Date): boolean;
  /** Writes what is pending in one transaction and reports the latest minute's counts. */
  flush(): Promise<void>;
  /** Rows and hits waiting (for tests and the shutdown log). */
  pending(): number;
}

export interface RefusalBufferOptions {
  /** A batch is due at this many rows... */
  maximumRows: number;
  /** ...or when its oldest entry is this old. */
  maximumAgeInMilliseconds: number;
  /** Gets the totals of the latest minute written, for on-demand spike detection. */
  onMinuteCounted: (counts: MinuteCounts) => void;
  /** Told when a batch could not be written; it is kept for the next flush. */
  onWriteFailed: (error: unknown, pending: number) => void;
}

/** Past this many waiting rows, a database that keeps failing costs the oldest refusals. */
const maximumHeldRows = 50_000;

export function createRefusalBuffer(
  database: Database,
  options: RefusalBufferOptions,
): RefusalBuffer {
  let events: SignInEventRow[] = [];
  let hits = new Map<number, BlockHits>();
  let oldestAt: number | null = null;

  const isDue = (at: number): boolean => {
    oldestAt ??= at;
    return (
      events.length + hits.size >= options.maximumRows ||
      at - oldestAt >= options.maximumAgeInMilliseconds ||
      // A clock set back (tests, NTP) must not hold a batch forever.
      at < oldestAt
    );
  };

  return {
    addEvent(row) {
      events.push(row);
      return isDue(row.occurredAt.getTime());
    },

    addBlockHit(blockId, at) {
      const known = hits.get(blockId);
      if (known) {
        known.count++;
        if (at > known.lastHitAt) known.lastHitAt = at;
      } else {
        hits.set(blockId, { count: 1, lastHitAt: at });
      }
      return isDue(at.getTime());
    },

    async flush() {
      if (events.length === 0 && hits.size === 0) return;
      // New refusals go to fresh lists while this batch is written.
      const batch = { events, hits };
      events = [];
      hits = new Map();
      oldestAt = null;
      let latest: MinuteCounts | null;
      try {
        latest = await writeBatch(batch);
      } catch (error) {
        // The request that triggered the flush was refused already; it must not become a 500,
        // and the refusals must still count towards detection once the database answers.
        events = [...batch.events, ...events].slice(-maximumHeldRows);
        for (const [blockId, held] of batch.hits) {
          const known = hits.get(blockId);
          hits.set(blockId, {
            count: held.count + (known?.count ?? 0),
            lastHitAt: known && known.lastHitAt > held.lastHitAt ? known.lastHitAt : held.lastHitAt,
          });
        }
        oldestAt = events[0]?.occurredAt.getTime() ?? oldestAt;
        options.onWriteFailed(error, events.length + hits.size);
        return;
      }
      if (latest) options.onMinuteCounted(latest);
    },

    pending: () => events.length + hits.size,
  };

  function writeBatch(batch: { events: SignInEventRow[]; hits: Map<number, BlockHits> }) {
    return runInTransaction(database, async (transaction) => {
      await insertSignInEvents(transaction, batch.events);
      await countBlockHits(transaction, batch.hits);
      let counted: MinuteCounts | null = null;
      for (const [minute, rejected] of countPerMinute(batch.events)) {
        const totals = await countSignInMinute(transaction, {
          minute,
          attempts: rejected,
          successes: 0,
          rejected,
        });
        if (!counted || totals.minute > counted.minute) counted = totals;
      }
      return counted;
    });
  }
}

function countPerMinute(rows: readonly SignInEventRow[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const row of rows) {
    const minute = minuteOf(row.occurredAt);
    counts.set(minute, (counts.get(minute) ?? 0) + 1);
  }
  return counts;
}
