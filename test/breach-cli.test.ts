import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, test } from "node:test";
import { ProgressReporter } from "../src/cli/progress";
import { breachFixtures, leftoverFiles, temporaryFolder } from "./support/breach";
import { runRekey } from "./support/cli";

function rekey(argv: string[], options: { stdin?: string; folder: string }) {
  return runRekey(argv, {
    stdin: options.stdin,
    environment: { REKEY_DB: join(options.folder, "rekey.db") },
  });
}

describe("rekey breach", () => {
  test("import swaps in a corpus, reports progress with rate and ETA, and stats describe it", async (t) => {
    const folder = temporaryFolder(t);
    const imported = await rekey(["breach", "import", join(breachFixtures, "hibp-sample.txt")], {
      folder,
    });
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.err, /import: \d+\.\d% [\d,]+ hashes, [\d.]+k? hashes\/s, ETA \d+s/);
    assert.match(imported.out, /Imported 48 hashes from 48 lines \(hibp-file\)/);
    const version = /2 sources, [\d,]+ hashes, version ([0-9a-f]{16})/.exec(imported.out)?.[1];
    assert.ok(version, imported.out);

    const stats = await rekey(["breach", "stats"], { folder });
    assert.equal(stats.code, 0, stats.err);
    assert.match(stats.out, new RegExp(`Version\\s+${version} \\(2 sources\\)`));
    assert.match(stats.out, /Source\s+hibp-file: hibp-sample\.txt/);
    assert.match(stats.out, /False positives\s+\d\.\de-\d+ per password not in the source/);
  });

  test("check reads the password from standard input and says how often it was seen", async (t) => {
    const folder = temporaryFolder(t);
    await rekey(["breach", "import", join(breachFixtures, "hibp-sample.txt")], { folder });
    const breached = await rekey(["breach", "check"], { folder, stdin: "hunter2\n" });
    assert.equal(breached.code, 1);
    assert.match(breached.out, /Breached: seen 17,043 times \(corpus version [0-9a-f]{16}\)/);
    const big = await rekey(["breach", "check"], { folder, stdin: "password\n" });
    assert.match(big.out, /seen at least 9,5\d\d,\d{3} times/);
    const absent = await rekey(["breach", "check"], { folder, stdin: "violet tractor 9 moons\n" });
    assert.equal(absent.code, 0);
    assert.match(absent.out, /Not found/);
    assert.doesNotMatch(absent.out + absent.err, /violet tractor/, "the password is never echoed");
  });

  test("check on a fresh install uses the packaged default corpus", async (t) => {
    const folder = temporaryFolder(t);
    const result = await rekey(["breach", "check"], { folder, stdin: "qwerty123\n" });
    assert.equal(result.code, 1, result.err);
    assert.match(result.out, /^Breached \(corpus version [0-9a-f]{16}\)/);
  });

  test("a password on the command line is refused, never looked up", async (t) => {
    const result = await rekey(["breach", "check", "hunter2"], { folder: temporaryFolder(t) });
    assert.equal(result.code, 2);
    assert.match(result.err, /breach check/);
    assert.equal(result.out, "");
  });

  test("a corrupt line fails the import with its line number and changes nothing", async (t) => {
    const folder = temporaryFolder(t);
    await rekey(["breach", "import", join(breachFixtures, "hibp-sample.txt")], { folder });
    const before = await rekey(["breach", "stats"], { folder });
    const corrupt = join(folder, "corrupt.txt");
    const lines = readFileSync(join(breachFixtures, "hibp-sample.txt"), "latin1").split("\r\n");
    lines[2] = "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8;3";
    writeFileSync(corrupt, lines.join("\r\n"));
    const failed = await rekey(["breach", "import", corrupt, "--format", "hibp-file"], { folder });
    assert.equal(failed.code, 1);
    assert.match(failed.err, /corrupt\.txt:3: expected 40 hex digits/);
    assert.match(failed.err, /Nothing was changed/);
    assert.equal((await rekey(["breach", "stats"], { folder })).out, before.out);
    assert.deepEqual(leftoverFiles(folder), []);
  });

  test("an unknown format is a usage error", async (t) => {
    const result = await rekey(["breach", "import", "x.txt", "--format", "ntlm"], {
      folder: temporaryFolder(t),
    });
    assert.equal(result.code, 2);
    assert.match(result.err, /--format must be one of hibp-file, hibp-folder, passwords/);
  });
});

describe("import progress", () => {
  test("on a terminal, a redrawn bar with percentage, rate and ETA", () => {
    let written = "";
    let now = 0;
    const output = Object.assign(new PassThrough(), { isTTY: true });
    output.on("data", (chunk) => {
      written += chunk;
    });
    const progress = new ProgressReporter({ output, label: "import", now: () => now });
    now = 10_000;
    progress.update({ phase: "reading", bytesRead: 250, totalBytes: 1000, hashes: 25_000_000 });
    progress.finish();
    assert.ok(written.startsWith("\r\u001b[2K"), "redraws the line in place");
    assert.match(
      written,
      /\[#{7}-{21}\] import: 25\.0% 25,000,000 hashes, 2\.50M hashes\/s, ETA 30s/,
    );
  });

  test("elsewhere, a plain line at most every interval", () => {
    const lines: string[] = [];
    let now = 0;
    const output = new PassThrough();
    output.on("data", (chunk) => lines.push(String(chunk)));
    const progress = new ProgressReporter({
      output,
      label: "import",
      now: () => now,
      lineIntervalInMilliseconds: 10_000,
    });
    for (now = 1000; now <= 30_000; now += 1000) {
      progress.update({ phase: "reading", bytesRead: now, totalBytes: 60_000, hashes: now * 100 });
    }
    assert.equal(lines.length, 3);
    assert.match(lines[2] ?? "", /^import: 35\.0% 2,100,000 hashes, 100\.0k hashes\/s, ETA 39s\n$/);
  });
});
