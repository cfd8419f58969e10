import { bucketInMinutes, type WaveBucketCounts } from "./bucket-measure";

/**
 * The statistics of slow-wave detection, without I/O (known-answer tests in
 * test/defence-waves.test.ts). Each signal is a share (a count over a count) of a window of
 * five-minute buckets. Its baseline is the same share pooled over the service's own recent
 * history; the window's deviation is a binomial z-score, judged against how far the history's
 * own windows of that length strayed (so a service whose traffic is naturally lumpy needs a
 * larger deviation). README, "Slow-wave detection", explains each signal.
 */
export const waveSignals = [
  "unknown-ids",
  "fresh-address-single-tries",
  "new-device-first-try",
  "off-hours",
  "user-agent-diversity",
  "address-space-diversity",
  "reset-required",
] as const;
export type WaveSignal = (typeof waveSignals)[number];

type CountField = Exclude<keyof WaveBucketCounts, "startMinute">;

const fractions: Record<WaveSignal, { part: CountField; whole: CountField }> = {
  "unknown-ids": { part: "unknownIds", whole: "attempts" },
  "fresh-address-single-tries": { part: "freshAddressSingleTries", whole: "attempts" },
  "new-device-first-try": { part: "newDeviceFirstTrySuccesses", whole: "newDeviceSuccesses" },
  "off-hours": { part: "offHourAttempts", whole: "habitualAttempts" },
  "user-agent-diversity": { part: "distinctUserAgents", whole: "attempts" },
  "address-space-diversity": { part: "distinctNetworks", whole: "attempts" },
  "reset-required": { part: "resetRequired", whole: "attempts" },
};

/** Windows from five minutes to a day, in buckets. */
export const windowLengthsInBuckets = [1, 3, 12, 72, 288] as const;
/** A window length is judged only when the history holds this many windows of it. */
const minimumBaselineWindows = 12;

export interface WaveThresholds {
  /** How many of the history's own standard deviations above its usual z-score trip a signal. */
  deviation: number;
  /** Events above the baseline's expectation a window must hold, so a handful never trips. */
  minimumExcess: number;
}

export interface SignalReading {
  signal: WaveSignal;
  windowInMinutes: number;
  windowStartMinute: number;
  /** The window's share and the baseline's, and the events behind them. */
  observedShare: number;
  baselineShare: number;
  part: number;
  whole: number;
  excess: number;
  /** Standard deviations above the history's usual deviation. */
  score: number;
}

interface Totals {
  part: number;
  whole: number;
}

function totalsOf(buckets: readonly WaveBucketCounts[], signal: WaveSignal): Totals {
  const { part, whole } = fractions[signal];
  let totals = { part: 0, whole: 0 };
  for (const bucket of buckets) {
    totals = { part: totals.part + bucket[part], whole: totals.whole + bucket[whole] };
  }
  return totals;
}

/** Running sums, so each window's totals cost two subtractions. */
function prefixSumsOf(buckets: readonly WaveBucketCounts[], signal: WaveSignal) {
  const { part, whole } = fractions[signal];
  const parts = new Float64Array(buckets.length + 1);
  const wholes = new Float64Array(buckets.length + 1);
  buckets.forEach((bucket, index) => {
    parts[index + 1] = (parts[index] ?? 0) + bucket[part];
    wholes[index + 1] = (wholes[index] ?? 0) + bucket[whole];
  });
  return (from: number, to: number): Totals => ({
    part: (parts[to] ?? 0) - (parts[from] ?? 0),
    whole: (wholes[to] ?? 0) - (wholes[from] ?? 0),
  });
}

/** Binomial z-score of a window against the baseline share (variance floored at one event). */
function zScoreOf(totals: Totals, share: number): number {
  const variance = Math.max(totals.whole * share * (1 - share), 1);
  return (totals.part - totals.whole * share) / Math.sqrt(variance);
}

function meanAndDeviation(values: readonly number[]): { mean: number; deviation: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  // At least the binomial's own spread: a history that happened to be smooth is no promise.
  return { mean, deviation: Math.max(Math.sqrt(variance), 1) };
}

/**
 * Every signal in every window length that ends with the newest bucket of `recent`, scored
 * against `history` (older buckets, none measured during a wave). Answers all readings, tripped
 * or not; `isTripped` says which trip.
 */
export function readWaveSignals(
  history: readonly WaveBucketCounts[],
  recent: readonly WaveBucketCounts[],
): SignalReading[] {
  const readings: SignalReading[] = [];
  for (const signal of waveSignals) {
    const historyTotals = prefixSumsOf(history, signal);
    const pooled = historyTotals(0, history.length);
    if (pooled.whole === 0) continue;
    const share = Math.min(Math.max(pooled.part / pooled.whole, 0.001), 0.999);
    for (const length of windowLengthsInBuckets) {
      if (recent.length < length) continue;
      const baselineScores: number[] = [];
      for (let end = history.length; end - length >= 0; end -= length) {
        const totals = historyTotals(end - length, end);
        if (totals.whole > 0) baselineScores.push(zScoreOf(totals, share));
      }
      if (baselineScores.length < minimumBaselineWindows) continue;
      const window = recent.slice(recent.length - length);
      const totals = totalsOf(window, signal);
      if (totals.whole === 0) continue;
      const usual = meanAndDeviation(baselineScores);
      readings.push({
        signal,
        windowInMinutes: length * bucketInMinutes,
        windowStartMinute: window[0]?.startMinute ?? 0,
        observedShare: totals.part / totals.whole,
        baselineShare: share,
        part: totals.part,
        whole: totals.whole,
        excess: totals.part - totals.whole * share,
        score: (zScoreOf(totals, share) - usual.mean) / usual.deviation,
      });
    }
  }
  return readings;
}

export function isTripped(reading: SignalReading, thresholds: WaveThresholds): boolean {
  return reading.score >= thresholds.deviation && reading.excess >= thresholds.minimumExcess;
}

/**
 * The tripped readings, one per signal: its shortest tripped window (the sharpest evidence and
 * the latest onset, so the wave's window holds little ordinary traffic).
 */
export function trippedSignals(
  readings: readonly SignalReading[],
  thresholds: WaveThresholds,
): SignalReading[] {
  const bySignal = new Map<WaveSignal, SignalReading>();
  for (const reading of readings) {
    if (!isTripped(reading, thresholds)) continue;
    const known = bySignal.get(reading.signal);
    if (!known || reading.windowInMinutes < known.windowInMinutes) {
      bySignal.set(reading.signal, reading);
    }
  }
  return [...bySignal.values()];
}
