/**
 * A progress line for long CLI jobs: redrawn in place on a terminal, printed every few seconds
 * otherwise (logs, CI), with the rate and the time left.
 */
export interface ProgressReporter {
  update(done: number): void;
  finish(done: number): void;
}

export function createProgressReporter(options: {
  output: NodeJS.WritableStream & { isTTY?: boolean };
  total: number;
  label: string;
  now?: () => number;
}): ProgressReporter {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let lastPrinted = Number.NEGATIVE_INFINITY;
  const render = (done: number) => {
    const elapsedInSeconds = Math.max((now() - started) / 1000, 0.001);
    const rate = done / elapsedInSeconds;
    const fraction = options.total === 0 ? 1 : Math.min(done / options.total, 1);
    const remainingInSeconds = rate > 0 ? (options.total - done) / rate : Number.POSITIVE_INFINITY;
    const width = 24;
    const bar = "#".repeat(Math.round(fraction * width)).padEnd(width, ".");
    return `${options.label} [${bar}] ${(fraction * 100).toFixed(1)}% ${done.toLocaleString("en")}/${options.total.toLocaleString("en")} ${Math.round(rate).toLocaleString("en")}/s ETA ${formatDuration(remainingInSeconds)}`;
  };
  return {
    update(done) {
      if (options.output.isTTY) {
        options.output.write(`\r${render(done)}`);
      } else if (now() - lastPrinted >= 5000) {
        lastPrinted = now();
        options.output.write(`${render(done)}\n`);
      }
    },
    finish(done) {
      options.output.write(`${options.output.isTTY ? "\r" : ""}${render(done)}\n`);
    },
  };
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--";
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  return minutes > 0 ? `${minutes}m${String(whole % 60).padStart(2, "0")}s` : `${whole}s`;
}
