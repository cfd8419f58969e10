import { cpus, loadavg } from "node:os";
import { falsePositiveRate, headerBytes, indexEntryCount } from "../src/breach/format";
import type { ImportFigures } from "./breach";
import type { LookupFigures } from "./breach-lookups";

interface Report {
  hashes: number;
  sourceBytes: number;
  generateSeconds: number;
  imported: ImportFigures;
  lookups: LookupFigures;
  corpusBytes: number;
}

const mebibyte = 1024 * 1024;

/** Prints every figure issue 5 asks for, each against its goal, and the projection to 1B. */
export function printReport(report: Report): void {
  const { imported, lookups } = report;
  const recordBytes = imported.suffixBytes + imported.countBytes;
  const bytesPerHash = report.corpusBytes / imported.recordCount;
  const keyBitsPerHash =
    (8 * (report.corpusBytes - imported.recordCount * imported.countBytes)) / imported.recordCount;
  const boundBits = -Math.log2(imported.falsePositiveRate);
  const projection = projectToOneBillion(imported, lookups);
  const rows: [string, string, string][] = [
    ["machine", `${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)} at the end`, ""],
    [
      "source",
      `${report.hashes.toLocaleString("en-US")} random hashes + 1,000 known passwords, ${(report.sourceBytes / 1e9).toFixed(2)} GB (generated in ${report.generateSeconds.toFixed(0)} s)`,
      "",
    ],
    [
      "import rate",
      `${(imported.hashesPerSecond / 1e6).toFixed(2)}M hashes/s (${imported.seconds.toFixed(1)} s), peak RSS ${(imported.maximumRssBytes / mebibyte).toFixed(0)} MiB`,
      goal(imported.hashesPerSecond >= 1e6, ">= 1M/s"),
    ],
    [
      "on disk",
      `${(report.corpusBytes / 1e9).toFixed(3)} GB, ${bytesPerHash.toFixed(3)} bytes/hash (${recordBytes}-byte records: ${imported.suffixBytes} key + ${imported.countBytes} count; ${imported.prefixBits}-bit bucket index)`,
      goal(bytesPerHash <= 8, "<= 8 bytes/hash exact"),
    ],
    [
      "false positives",
      `${imported.falsePositiveRate.toExponential(2)} per absent password (${imported.prefixBits + 8 * imported.suffixBytes}-bit keys); measured ${lookups.falseHits} in ${lookups.absentChecked.toLocaleString("en-US")}`,
      "",
    ],
    [
      "vs. bound",
      `log2(1/FPR) = ${boundBits.toFixed(1)} bits; keys take ${keyBitsPerHash.toFixed(1)} bits/hash (${(keyBitsPerHash / boundBits).toFixed(2)}x), with counts ${(bytesPerHash * 8).toFixed(1)} bits (${((bytesPerHash * 8) / boundBits).toFixed(2)}x)`,
      goal(keyBitsPerHash / boundBits <= 1.25, "<= 1.25x (keys)"),
    ],
    [
      "known passwords",
      `${lookups.knownFoundWithCount} of ${lookups.knownChecked} found with their count`,
      goal(lookups.knownFoundWithCount === lookups.knownChecked, "all"),
    ],
    [
      "lookup warm",
      latency(lookups.warm),
      goal(lookups.warm.p99Microseconds <= 50, "p99 <= 50 us"),
    ],
    [
      "lookup cold",
      `${latency(lookups.cold)}; ${lookups.cold.method}`,
      goal(lookups.cold.p99Microseconds <= 1000, "p99 <= 1 ms"),
    ],
    [
      "resident memory",
      `${(lookups.rssBytes / mebibyte).toFixed(0)} MiB after lookups (Node alone ${(lookups.baselineRssBytes / mebibyte).toFixed(0)} MiB; index ${(imported.indexBytes / mebibyte).toFixed(1)} MiB)`,
      goal(lookups.rssBytes <= 200 * mebibyte, "<= 200 MB"),
    ],
    ["projection 1B", projection, ""],
  ];
  for (const [name, value, verdict] of rows) {
    console.log(`${name.padEnd(17)}${value}${verdict ? `  [${verdict}]` : ""}`);
  }
}

function latency(figures: LookupFigures["warm"]): string {
  return `median ${figures.medianMicroseconds.toFixed(1)} us, p99 ${figures.p99Microseconds.toFixed(1)} us, max ${figures.maximumMicroseconds.toFixed(0)} us over ${figures.lookups.toLocaleString("en-US")}`;
}

function goal(met: boolean, text: string): string {
  return `${met ? "met" : "MISSED"}: ${text}`;
}

/** At 1B hashes the index has 2^24 buckets (64 MiB) of about 60 records: one page per lookup. */
function projectToOneBillion(imported: ImportFigures, lookups: LookupFigures): string {
  const hashes = 1e9;
  const parameters = { prefixBits: 24, suffixBytes: 5, countBytes: 2 as const };
  const indexBytes = 4 * indexEntryCount(parameters.prefixBits);
  const bytes = headerBytes + hashes * 7 + indexBytes;
  const fpr = falsePositiveRate(parameters, hashes);
  const otherRss = lookups.rssBytes - imported.indexBytes;
  return (
    `${(bytes / 1e9).toFixed(2)} GB (${(bytes / hashes).toFixed(3)} bytes/hash), FPR ${fpr.toExponential(2)} ` +
    `(keys ${((8 * (bytes - 2 * hashes)) / hashes / -Math.log2(fpr)).toFixed(2)}x the bound), ` +
    `import ${(hashes / imported.hashesPerSecond / 60).toFixed(1)} min at the measured rate, ` +
    `RSS about ${((otherRss + indexBytes) / mebibyte).toFixed(0)} MiB, one page read per lookup as here`
  );
}
