import { formatDuration } from "./progress";

/**
 * Progress of a job with a known number of items (a bulk reset): redrawn in place on a terminal,
 * a line every few seconds otherwise, with the rate and the time left.
 */
export function createCountProgress(options: {
  output: NodeJS.WritableStream & { isTTY?: boolean };
  total: number;
  label: string;
  now?: () => number;
}): { update(done: number): void; finish(done: number): void } {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let lastPrinted = Number.NEGATIVE_INFINITY;
  const render = (done: number) => {
    const elapsedInSeconds = Math.max((now() - started) / 1000, 0.001);
    const rate = done / elapsedInSeconds;
    const fraction = options.total === 0 ? 1 : Math.min(done / options.total, 1);
    const eta = rate > 0 ? formatDuration((options.total - done) / rate) : "--";
    const bar = "#".repeat(Math.round(fraction * 24)).padEnd(24, ".");
    return `${options.label} [${bar}] ${(fraction * 100).toFixed(1)}% ${done.toLocaleString("en")}/${options.total.toLocaleString("en")} ${Math.round(rate).toLocaleString("en")}/s ETA ${eta}`;
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
