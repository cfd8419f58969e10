import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { CorpusSource } from "../src/breach/corpus-source";
import { knownPasswords } from "./breach-generate";

/**
 * The lookup half of the benchmark, run in a fresh process so resident memory is the reader's
 * alone: correctness on known and absent passwords, then latency with the file in the page
 * cache (warm) and after dropping it (cold).
 */

export interface LookupFigures {
  knownChecked: number;
  knownFoundWithCount: number;
  absentChecked: number;
  falseHits: number;
  warm: LatencyFigures;
  cold: LatencyFigures & { method: string };
  baselineRssBytes: number;
  rssBytes: number;
}

export interface LatencyFigures {
  lookups: number;
  medianMicroseconds: number;
  p99Microseconds: number;
  maximumMicroseconds: number;
}

export async function measureLookups(
  corpusPath: string,
  options: { known: number; absent: number; warm: number; cold: number },
): Promise<LookupFigures> {
  const baselineRssBytes = residentBytesAfterGarbageCollection();
  const source = CorpusSource.openFile(corpusPath);
  let knownFoundWithCount = 0;
  for (const { password, count } of knownPasswords(options.known)) {
    const result = await source.isBreached(password);
    if (result.breached && result.count !== undefined) {
      if (result.count <= count && result.count >= count * 0.999) knownFoundWithCount++;
    }
  }
  let falseHits = 0;
  for (let check = 0; check < options.absent; check++) {
    if ((await source.isBreached(randomPassword())).breached) falseHits++;
  }
  readWholeFile(corpusPath);
  const warm = await timeLookups(source, options.warm);
  const method = dropPageCache(corpusPath);
  const cold = await timeLookups(source, options.cold);
  const rssBytes = residentBytesAfterGarbageCollection();
  source.close();
  return {
    knownChecked: options.known,
    knownFoundWithCount,
    absentChecked: options.absent,
    falseHits,
    warm,
    cold: { ...cold, method },
    baselineRssBytes,
    rssBytes,
  };
}

/**
 * What the process keeps, not the benchmark's own garbage (the phase runs with --expose-gc).
 * It includes Node and the tsx loader: the same baseline as `npm start`.
 */
function residentBytesAfterGarbageCollection(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

async function timeLookups(source: CorpusSource, lookups: number): Promise<LatencyFigures> {
  const microseconds = new Float64Array(lookups);
  for (let index = 0; index < lookups; index++) {
    const password = randomPassword();
    const started = process.hrtime.bigint();
    await source.isBreached(password);
    microseconds[index] = Number(process.hrtime.bigint() - started) / 1000;
  }
  microseconds.sort();
  const at = (fraction: number) =>
    microseconds[Math.min(lookups - 1, Math.floor(fraction * lookups))] as number;
  return {
    lookups,
    medianMicroseconds: at(0.5),
    p99Microseconds: at(0.99),
    maximumMicroseconds: at(1),
  };
}

/** Root can drop the whole page cache; otherwise ask the kernel to drop this file's pages. */
function dropPageCache(corpusPath: string): string {
  try {
    execSync("sync && echo 1 > /proc/sys/vm/drop_caches", { stdio: "ignore" });
    return "page cache dropped (echo 1 > /proc/sys/vm/drop_caches)";
  } catch {
    execSync(`dd if=${JSON.stringify(corpusPath)} iflag=nocache count=0 status=none`);
    return "file pages dropped (dd iflag=nocache: posix_fadvise DONTNEED)";
  }
}

/** Brings the whole corpus into the page cache, so "warm" means every page is cached. */
function readWholeFile(path: string): void {
  const fd = openSync(path, "r");
  const chunk = Buffer.allocUnsafe(8 << 20);
  try {
    let position = 0;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) return;
      position += read;
    }
  } finally {
    closeSync(fd);
  }
}

function randomPassword(): string {
  return `bench-absent-${randomBytes(12).toString("base64url")}`;
}
