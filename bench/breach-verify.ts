import { closeSync, mkdirSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { choosePrefixBits, defaultSuffixBytes } from "../src/breach/format";
import { openCorpusFile, openVerifiedCorpusFile } from "../src/breach/reader";
import { CorpusWriter } from "../src/breach/writer";

/**
 * bench/breach-verify: `npx tsx bench/breach-verify.ts [--hashes 100000000]`
 * What checking a corpus's SHA-256 digest costs (README, Operations): writes a corpus of
 * `hashes` ascending synthetic keys with counts (7 bytes a hash, like an HIBP import) in
 * bench/.work/, times the synchronous check a server runs before it listens and the async
 * check of a hot swap (with the event loop's longest stall), extrapolates to HIBP's 7 GB,
 * then deletes the file. The file is read once cold-ish (just written: mostly page cache).
 */
const { values } = parseArgs({ options: { hashes: { type: "string", default: "100000000" } } });
const hashes = Number(values.hashes);
const work = resolve(import.meta.dirname, ".work");
mkdirSync(work, { recursive: true });
const path = join(work, `verify-${process.pid}.rkb`);

try {
  const writeStarted = performance.now();
  const fd = openSync(path, "w");
  const writer = new CorpusWriter(
    (bytes, position) => void writeSync(fd, bytes, 0, bytes.length, position),
    {
      prefixBits: choosePrefixBits(hashes),
      suffixBytes: defaultSuffixBytes,
      countBytes: 2,
    },
  );
  // Evenly spread ascending 64-bit keys: high = i * 2^32 / n, low random.
  for (let key = 0; key < hashes; key++) {
    const high = Math.floor((key / hashes) * 0x1_0000_0000) >>> 0;
    writer.add(high, (Math.random() * 0x1_0000_0000) >>> 0, 1 + (key % 97));
  }
  writer.finish(
    { sourceKind: "bench", sourceName: "synthetic", linesRead: hashes, rowsSkipped: 0 },
    Date.now(),
  );
  closeSync(fd);
  const fileBytes = statSync(path).size;
  console.error(
    `wrote ${hashes.toLocaleString("en-US")} hashes (${(fileBytes / 1e6).toFixed(0)} MB) in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s`,
  );

  const syncStarted = performance.now();
  const reader = openCorpusFile(path);
  reader.verifyDigest();
  reader.close();
  const syncSeconds = (performance.now() - syncStarted) / 1000;

  let longestStallInMilliseconds = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longestStallInMilliseconds = Math.max(longestStallInMilliseconds, now - last - 1);
    last = now;
  }, 1);
  const asyncStarted = performance.now();
  (await openVerifiedCorpusFile(path)).close();
  const asyncSeconds = (performance.now() - asyncStarted) / 1000;
  clearInterval(ticker);

  const hibpBytes = 7e9;
  const report = {
    hashes,
    fileMegabytes: Math.round(fileBytes / 1e6),
    startCheckSeconds: Number(syncSeconds.toFixed(2)),
    startCheckMegabytesPerSecond: Math.round(fileBytes / 1e6 / syncSeconds),
    swapCheckSeconds: Number(asyncSeconds.toFixed(2)),
    swapCheckLongestEventLoopStallInMilliseconds: Number(longestStallInMilliseconds.toFixed(1)),
    extrapolatedStartCheckSecondsFor7GB: Number(((hibpBytes / fileBytes) * syncSeconds).toFixed(1)),
    extrapolatedSwapCheckSecondsFor7GB: Number(((hibpBytes / fileBytes) * asyncSeconds).toFixed(1)),
    loadAverage1m: Number(loadavg()[0]?.toFixed(2)),
  };
  console.log(JSON.stringify(report, null, 2));
} finally {
  rmSync(path, { force: true });
}
