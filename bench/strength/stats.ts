import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

/** Percentiles over milliseconds, printed the same way everywhere in the benchmark. */
export function summarise(samplesInMilliseconds: readonly number[]): string {
  const sorted = [...samplesInMilliseconds].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
  const format = (value: number) => `${value.toFixed(3)} ms`;
  const max = sorted[sorted.length - 1] ?? 0;
  return `n=${sorted.length}  median ${format(at(0.5))}  p99 ${format(at(0.99))}  max ${format(max)}`;
}

/** Runs `work` once per item and returns each run's duration. */
export async function timeEach<T>(
  items: readonly T[],
  work: (item: T) => unknown,
): Promise<number[]> {
  const durations: number[] = [];
  for (const item of items) {
    const start = performance.now();
    await work(item);
    durations.push(performance.now() - start);
  }
  return durations;
}

/**
 * Runs `work` once per item and returns the CPU time of each run (getrusage, microsecond
 * resolution): unlike wall time, it does not grow when other processes take the cores. It is
 * the process's, so run it with nothing else working (V8's GC helpers are included, rightly).
 */
export function cpuTimeEach<T>(items: readonly T[], work: (item: T) => unknown): number[] {
  return items.map((item) => {
    const before = process.cpuUsage();
    work(item);
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  });
}

/**
 * CPU time of the calling thread so far, in ms (Linux; Linux updates it at every tick and
 * switch, so only differences over many evaluations mean anything). NaN elsewhere.
 */
export function threadCpuMilliseconds(): number {
  try {
    return Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** Load average and Linux CPU pressure, printed next to every wall-clock figure. */
export function machineLoad(): string {
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
  let pressure = "";
  try {
    const some = readFileSync("/proc/pressure/cpu", "utf8").match(/some avg10=([\d.]+)/)?.[1];
    if (some) pressure = `, CPU pressure ${some} %`;
  } catch {
    // Not Linux, or no PSI: the load average alone.
  }
  return `[load ${load}${pressure}]`;
}
