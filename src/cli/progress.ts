import type { ImportProgress } from "../breach/import";

export interface ProgressOptions {
  output: NodeJS.WritableStream & { isTTY?: boolean };
  label: string;
  now?: () => number;
  /** Plain lines for logs and pipes, this often. */
  lineIntervalInMilliseconds?: number;
}

const barWidth = 28;
const redrawIntervalInMilliseconds = 100;

/**
 * Import progress on standard error: a redrawn bar with rate and ETA on a terminal, and a
 * plain line every so often otherwise (CI logs, `2> import.log`), so neither floods.
 */
export class ProgressReporter {
  private readonly startedAt: number;
  private lastShownAt = Number.NEGATIVE_INFINITY;
  private last: ImportProgress | undefined;
  private sortingShown = false;

  constructor(private readonly options: ProgressOptions) {
    this.startedAt = this.now();
  }

  update(progress: ImportProgress): void {
    this.last = progress;
    if (progress.phase === "sorting") {
      if (!this.sortingShown) this.writeLine(`${this.describe(progress)}; sorting and writing`);
      this.sortingShown = true;
      return;
    }
    const interval = this.options.output.isTTY
      ? redrawIntervalInMilliseconds
      : (this.options.lineIntervalInMilliseconds ?? 10_000);
    const now = this.now();
    if (now - this.lastShownAt < interval) return;
    this.lastShownAt = now;
    if (this.options.output.isTTY) {
      this.options.output.write(`\r\x1b[2K${this.bar(progress)} ${this.describe(progress)}`);
    } else {
      this.writeLine(this.describe(progress));
    }
  }

  /** Ends the bar's line so the summary starts on a fresh one. */
  finish(): void {
    if (this.options.output.isTTY && this.last && !this.sortingShown) {
      this.options.output.write(`\r\x1b[2K${this.bar(this.last)} ${this.describe(this.last)}\n`);
    }
  }

  describe(progress: ImportProgress): string {
    const elapsedInSeconds = Math.max((this.now() - this.startedAt) / 1000, 0.001);
    const fraction = progress.totalBytes > 0 ? progress.bytesRead / progress.totalBytes : 1;
    const rate = progress.hashes / elapsedInSeconds;
    const remaining =
      fraction > 0 && fraction < 1 ? (elapsedInSeconds * (1 - fraction)) / fraction : 0;
    return (
      `${this.options.label}: ${(fraction * 100).toFixed(1)}% ` +
      `${progress.hashes.toLocaleString("en-US")} hashes, ${formatRate(rate)}/s, ` +
      `ETA ${formatDuration(remaining)}`
    );
  }

  private bar(progress: ImportProgress): string {
    const fraction = progress.totalBytes > 0 ? progress.bytesRead / progress.totalBytes : 1;
    const filled = Math.round(Math.min(fraction, 1) * barWidth);
    return `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]`;
  }

  private writeLine(text: string): void {
    this.options.output.write(`${this.options.output.isTTY ? "\r\x1b[2K" : ""}${text}\n`);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M hashes`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k hashes`;
  return `${Math.round(perSecond)} hashes`;
}

export function formatDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
