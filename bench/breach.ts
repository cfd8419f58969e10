import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, statfsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { falsePositiveRate, indexEntryCount } from "../src/breach/format";
import { importBreachCorpus } from "../src/breach/import";
import { ProgressReporter } from "../src/cli/progress";
import { generateHibpFile, knownPasswords } from "./breach-generate";
import { type LookupFigures, measureLookups } from "./breach-lookups";
import { printReport } from "./breach-report";

/**
 * bench/breach: `npm run bench:breach -- [--hashes 100000000] [--keep]`
 * Generates a synthetic HIBP file (random hashes plus known passwords) in bench/.work/,
 * imports it and measures lookups in fresh processes, prints every figure of issue 5, then
 * deletes the work folder. 100M hashes need about 5.2 GB of disk for a few minutes.
 */

const knownCount = 1000;
const self = fileURLToPath(import.meta.url);

const { values } = parseArgs({
  options: {
    hashes: { type: "string", default: "100000000" },
    keep: { type: "boolean", default: false },
    phase: { type: "string" },
    work: { type: "string" },
  },
});

if (values.phase === "import") {
  await runImportPhase(values.work as string);
} else if (values.phase === "lookups") {
  const figures = await measureLookups(join(values.work as string, "breach.rkb"), {
    known: knownCount,
    absent: 100_000,
    warm: 200_000,
    cold: 2_000,
  });
  process.stdout.write(JSON.stringify(figures));
} else {
  await runBenchmark(Number(values.hashes), values.keep as boolean);
}

async function runBenchmark(hashes: number, keep: boolean): Promise<void> {
  if (!Number.isInteger(hashes) || hashes < 1000) throw new TypeError("--hashes must be >= 1000");
  const work = resolve(import.meta.dirname, ".work", `breach-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const neededBytes = hashes * 53;
  const free = statfsSync(work);
  if (free.bavail * free.bsize < neededBytes * 1.1) {
    throw new Error(`needs about ${(neededBytes / 1e9).toFixed(1)} GB free in ${work}`);
  }
  try {
    console.error(`generating ${hashes.toLocaleString("en-US")} hashes in ${work}`);
    const started = performance.now();
    const sourceBytes = generateHibpFile(
      join(work, "pwned.txt"),
      hashes,
      knownPasswords(knownCount),
    );
    const generateSeconds = (performance.now() - started) / 1000;
    const imported = runPhase<ImportFigures>("import", work);
    const lookups = runPhase<LookupFigures>("lookups", work);
    const corpusBytes = statSync(join(work, "breach.rkb")).size;
    printReport({ hashes, sourceBytes, generateSeconds, imported, lookups, corpusBytes });
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

export interface ImportFigures {
  seconds: number;
  hashesPerSecond: number;
  recordCount: number;
  prefixBits: number;
  suffixBytes: number;
  countBytes: number;
  falsePositiveRate: number;
  indexBytes: number;
  maximumRssBytes: number;
}

async function runImportPhase(work: string): Promise<void> {
  const progress = new ProgressReporter({ output: process.stderr, label: "import" });
  const started = performance.now();
  const summary = await importBreachCorpus({
    sourcePath: join(work, "pwned.txt"),
    format: "hibp-file",
    corpusPath: join(work, "breach.rkb"),
    onProgress: (update) => progress.update(update),
  });
  progress.finish();
  const seconds = (performance.now() - started) / 1000;
  const { header } = summary;
  const figures: ImportFigures = {
    seconds,
    hashesPerSecond: summary.counters.rowsAccepted / seconds,
    recordCount: header.recordCount,
    prefixBits: header.prefixBits,
    suffixBytes: header.suffixBytes,
    countBytes: header.countBytes,
    falsePositiveRate: falsePositiveRate(header, header.recordCount),
    indexBytes: 4 * indexEntryCount(header.prefixBits),
    maximumRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(JSON.stringify(figures));
}

/** Runs a phase in a fresh Node process (same tsx loader), so its memory is its own. */
function runPhase<T>(phase: string, work: string): T {
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, "--expose-gc", self, "--phase", phase, "--work", work],
    { stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 20 },
  );
  if (result.status !== 0) throw new Error(`the ${phase} phase failed (${result.status})`);
  return JSON.parse(result.stdout.toString()) as T;
}
