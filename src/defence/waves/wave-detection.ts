import { and, asc, eq, gte, isNull, lt, max, min, sql } from "drizzle-orm";
import { signInEvent, waveBucket, waveDetection, waveProgress } from "../../db/schema";
import type { Deps } from "../../deps";
import { recordAlert } from "../alerts";
import { minuteOf } from "../sign-in-events";
import { extendAutomaticUnderAttack } from "../state";
import { bucketInMinutes, measureWaveBucket, type WaveBucketCounts } from "./bucket-measure";
import { countIdentifiersTouched } from "./wave-members";
import {
  readWaveSignals,
  type SignalReading,
  trippedSignals,
  type WaveThresholds,
  windowLengthsInBuckets,
} from "./wave-signals";

export type WaveDetection = typeof waveDetection.$inferSelect;
export type WaveEvidence = SignalReading;

/** A wave ends after this long without a tripped window. */
export const waveQuietInMinutes = 30;
/** The newest buckets are tested, not learnt: the baseline ends this long before now. */
const baselineGapInMinutes = Math.max(...windowLengthsInBuckets.slice(0, 4)) * bucketInMinutes;
/** Buckets measured per pass at most, so a first run over a long log advances in steps. */
const maximumBucketsPerPass = 600;

type PassDeps = Pick<Deps, "database" | "clock" | "settings" | "metrics" | "logger">;

export interface WavePass {
  measuredBuckets: number;
  /** Null while catching up with the log or still learning the baseline. */
  readings: SignalReading[] | null;
  outcome: "quiet" | "raised" | "ongoing" | "ended" | "catching-up" | "learning" | "off";
}

/**
 * One pass of the slow-wave job: measure the buckets completed since the last pass, then judge
 * the newest windows against the baseline. Callers hold the "wave-detection" lease
 * (wave-monitor.ts), so two processes never measure or raise the same thing.
 */
export async function runWavePass(
  deps: PassDeps,
  options: { renewLease: () => Promise<boolean> } = { renewLease: async () => true },
): Promise<WavePass> {
  const settings = (await deps.settings.current()).defence;
  if (!settings.waveDetection) return { measuredBuckets: 0, readings: null, outcome: "off" };
  const completeBefore = Math.floor(minuteOf(deps.clock.now()) / bucketInMinutes) * bucketInMinutes;
  let next = await readProgress(deps, {
    firstMinute: completeBefore - settings.waveBaselineDays * 1440,
    completeBefore,
  });
  let measuredBuckets = 0;
  // A long catch-up renews the lease between buckets, and stops if another process took it.
  while (
    next < completeBefore &&
    measuredBuckets < maximumBucketsPerPass &&
    (measuredBuckets % 20 !== 19 || (await options.renewLease()))
  ) {
    await measureWaveBucket(deps.database, next);
    next += bucketInMinutes;
    measuredBuckets++;
    await deps.database
      .insert(waveProgress)
      .values({ id: 1, measuredBeforeMinute: next })
      .onConflictDoUpdate({ target: waveProgress.id, set: { measuredBeforeMinute: next } });
  }
  if (next < completeBefore) return { measuredBuckets, readings: null, outcome: "catching-up" };
  const thresholds: WaveThresholds = {
    deviation: settings.waveDeviation,
    minimumExcess: settings.waveMinimumExcess,
  };
  const { history, recent } = await loadBuckets(deps, completeBefore, settings.waveBaselineDays);
  // A day of history at least: fewer windows than that say little about a service's normal.
  if (history.filter((bucket) => bucket.attempts > 0).length < 1440 / bucketInMinutes)
    return { measuredBuckets, readings: null, outcome: "learning" };
  const readings = readWaveSignals(history, recent);
  const open = await findOpenWave(deps);
  const lastEnd = await lastEndOf(deps);
  const tripped = trippedSignals(
    readings.filter((reading) => isCurrent(reading, open, lastEnd)),
    thresholds,
  );
  const outcome = await updateWave(deps, {
    open,
    tripped: tripped.length >= settings.waveMinimumSignals ? tripped : [],
    completeBefore,
  });
  return { measuredBuckets, readings, outcome };
}

/**
 * Which windows speak for now. Any window may open a wave, except one reaching back into an
 * ended wave (its buckets would open it again); an open wave is kept open only by windows of
 * an hour or less, so it ends within the quiet period of the attack stopping, not six hours on.
 */
function isCurrent(
  reading: SignalReading,
  open: WaveDetection | null,
  lastEnd: Date | null,
): boolean {
  if (open) return reading.windowInMinutes <= 60;
  return !lastEnd || reading.windowStartMinute * 60_000 >= lastEnd.getTime();
}

async function findOpenWave(deps: PassDeps): Promise<WaveDetection | null> {
  const [open] = await deps.database
    .select()
    .from(waveDetection)
    .where(isNull(waveDetection.endedAt))
    .limit(1);
  return open ?? null;
}

async function lastEndOf(deps: PassDeps): Promise<Date | null> {
  const [row] = await deps.database
    .select({ endedAt: max(waveDetection.endedAt) })
    .from(waveDetection);
  return row?.endedAt ? new Date(row.endedAt) : null;
}

/**
 * Where measuring resumes: after the last measured bucket, but never before the baseline's
 * start nor before the log's first event (a new service has no history to measure).
 */
async function readProgress(
  deps: PassDeps,
  options: { firstMinute: number; completeBefore: number },
): Promise<number> {
  const { firstMinute, completeBefore } = options;
  const [row] = await deps.database.select().from(waveProgress).where(eq(waveProgress.id, 1));
  if (row) return Math.max(row.measuredBeforeMinute, firstMinute);
  const [oldest] = await deps.database
    .select({ occurredAt: min(signInEvent.occurredAt) })
    .from(signInEvent);
  if (!oldest?.occurredAt) return completeBefore;
  const logStart = Math.floor(minuteOf(oldest.occurredAt) / bucketInMinutes) * bucketInMinutes;
  return Math.min(Math.max(firstMinute, logStart), completeBefore);
}

async function loadBuckets(deps: PassDeps, completeBefore: number, baselineDays: number) {
  const recentFrom = completeBefore - 1440;
  const historyTo = completeBefore - baselineGapInMinutes;
  const historyFrom = historyTo - baselineDays * 1440;
  const rows = await deps.database
    .select()
    .from(waveBucket)
    .where(
      and(gte(waveBucket.startMinute, historyFrom), lt(waveBucket.startMinute, completeBefore)),
    )
    .orderBy(asc(waveBucket.startMinute));
  const history: WaveBucketCounts[] = rows.filter(
    (row) => row.startMinute < historyTo && !row.duringWave,
  );
  const recent: WaveBucketCounts[] = rows.filter((row) => row.startMinute >= recentFrom);
  return { history, recent };
}

/** Opens, extends or ends the wave record, and keeps the admin alert up while it lasts. */
async function updateWave(
  deps: PassDeps,
  options: { open: WaveDetection | null; tripped: SignalReading[]; completeBefore: number },
): Promise<WavePass["outcome"]> {
  const { open } = options;
  const now = deps.clock.now();
  const bucketEnd = new Date(options.completeBefore * 60_000);
  if (options.tripped.length === 0) {
    if (!open) return "quiet";
    if (bucketEnd.getTime() - open.lastSeenAt.getTime() < waveQuietInMinutes * 60_000) {
      await markBucketsDuringWave(deps, open.onsetAt, options.completeBefore);
      return "ongoing";
    }
    await deps.database
      .update(waveDetection)
      .set({ endedAt: open.lastSeenAt })
      .where(eq(waveDetection.id, open.id));
    deps.logger.info({ waveId: open.id }, "slow wave ended");
    return "ended";
  }
  const onsetMinute = Math.min(...options.tripped.map((reading) => reading.windowStartMinute));
  const onsetAt = open?.onsetAt ?? new Date(onsetMinute * 60_000);
  const identifiersTouched = await countIdentifiersTouched(deps, { from: onsetAt, to: bucketEnd });
  const evidence = JSON.stringify(options.tripped);
  let waveId = open?.id;
  if (open) {
    await deps.database
      .update(waveDetection)
      .set({ lastSeenAt: bucketEnd, evidence, identifiersTouched })
      .where(eq(waveDetection.id, open.id));
  } else {
    const [created] = await deps.database
      .insert(waveDetection)
      .values({ onsetAt, detectedAt: now, lastSeenAt: bucketEnd, evidence, identifiersTouched })
      .returning({ id: waveDetection.id });
    waveId = created?.id;
    deps.logger.warn(
      { waveId, signals: options.tripped.map((reading) => reading.signal), identifiersTouched },
      "slow credential-stuffing wave detected",
    );
  }
  await markBucketsDuringWave(deps, onsetAt, options.completeBefore);
  if ((await deps.settings.current()).defence.waveUnderAttack) {
    // The existing tightening, for as long as the wave can still be called open.
    const until = new Date(bucketEnd.getTime() + waveQuietInMinutes * 60_000);
    await extendAutomaticUnderAttack(deps.database, until);
  }
  await recordAlert(deps, {
    kind: "slow-wave",
    details: { waveId, signals: options.tripped.map((reading) => reading.signal) },
  });
  return open ? "ongoing" : "raised";
}

/** The wave's buckets stay out of every later baseline. */
async function markBucketsDuringWave(deps: PassDeps, onsetAt: Date, completeBefore: number) {
  await deps.database
    .update(waveBucket)
    .set({ duringWave: true })
    .where(
      and(
        gte(waveBucket.startMinute, minuteOf(onsetAt)),
        lt(waveBucket.startMinute, completeBefore),
        eq(waveBucket.duringWave, sql`0`),
      ),
    );
}

/** The newest waves for /admin/attacks, open ones first. */
export async function listRecentWaves(
  deps: Pick<Deps, "database">,
  limit: number,
): Promise<WaveDetection[]> {
  return deps.database
    .select()
    .from(waveDetection)
    .orderBy(sql`${waveDetection.endedAt} is not null`, sql`${waveDetection.detectedAt} desc`)
    .limit(limit);
}

export async function findWave(
  deps: Pick<Deps, "database">,
  waveId: number,
): Promise<WaveDetection | null> {
  const [wave] = await deps.database
    .select()
    .from(waveDetection)
    .where(eq(waveDetection.id, waveId));
  return wave ?? null;
}

export function evidenceOf(wave: WaveDetection): WaveEvidence[] {
  return JSON.parse(wave.evidence) as WaveEvidence[];
}
