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
