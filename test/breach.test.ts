import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
import { pino } from "pino";
import { createDeps } from "../src/bootstrap";
import { createPendingCorpusFile } from "../src/breach/corpus-file";
import { CorpusSource } from "../src/breach/corpus-source";
import { buildDefaultCorpus } from "../src/breach/default-corpus";
import { decodeCount, encodeCount, falsePositiveRate } from "../src/breach/format";
import { importBreachCorpus } from "../src/breach/import";
import { CorpusImportError } from "../src/breach/lines";
import { describePackagedLists, packagedLists } from "../src/breach/packaged-lists";
import { openCorpusFile } from "../src/breach/reader";
import { loadConfig } from "../src/config";
import { closeDatabase } from "../src/db/connection";
import { normalizePasswordInput } from "../src/passwords/input";
import {
  breachFixtures,
  fixtureBreaches,
  leftoverFiles,
  randomPassword,
  temporaryFolder,
  writeHibpFile,
} from "./support/breach";
import { createTestPortal } from "./support/harness";

const sample = join(breachFixtures, "hibp-sample.txt");

async function importInto(folder: string, sourcePath: string, extra = {}) {
  const corpusPath = join(folder, "breach.rkb");
  const summary = await importBreachCorpus({ sourcePath, corpusPath, ...extra });
  return { corpusPath, summary, source: CorpusSource.openFile(corpusPath) };
}

async function assertFixtureBreaches(source: CorpusSource): Promise<void> {
  for (const { password, count } of fixtureBreaches) {
    const result = await source.isBreached(password);
    assert.equal(result.breached, true, password);
    // Counts from 32,768 up are lower bounds within 0.1%.
    assert.ok(result.count !== undefined && result.count <= count, password);
    assert.ok((result.count as number) >= count * 0.999, password);
  }
  assert.deepEqual(await source.isBreached("password1"), { breached: false });
  assert.deepEqual(await source.isBreached("Password"), { breached: false });
}

describe("breach corpus: HIBP single file", () => {
  test("known passwords are found with their counts, others are not", async (t) => {
    const { source, summary } = await importInto(temporaryFolder(t), sample);
    t.after(() => source.close());
    assert.equal(summary.format, "hibp-file");
    assert.equal(summary.header.recordCount, 48);
    await assertFixtureBreaches(source);
  });

  test("lower-case hex and LF endings give the same corpus version as upper-case CRLF", async (t) => {
    const folder = temporaryFolder(t);
    const lower = join(folder, "lower.txt");
    writeFileSync(lower, readFileSync(sample, "latin1").toLowerCase().replaceAll("\r\n", "\n"));
    const upper = await importInto(temporaryFolder(t), sample);
    const converted = await importInto(folder, lower, { format: "hibp-file" });
    t.after(() => [upper.source.close(), converted.source.close()]);
    assert.equal(converted.summary.version, upper.summary.version);
  });

  test("a last line without a line ending is imported", async (t) => {
    const folder = temporaryFolder(t);
    const path = join(folder, "no-final-newline.txt");
    writeFileSync(path, readFileSync(sample, "latin1").trimEnd());
    const { source, summary } = await importInto(folder, path);
    t.after(() => source.close());
    assert.equal(summary.header.recordCount, 48);
  });

  test("a truncated last line stops the import with its line number and keeps the old corpus", async (t) => {
    const folder = temporaryFolder(t);
    const { corpusPath, summary: before, source } = await importInto(folder, sample);
    t.after(() => source.close());
    const truncated = join(folder, "truncated.txt");
    writeFileSync(truncated, readFileSync(sample, "latin1").slice(0, -30));
    await assert.rejects(
      importBreachCorpus({ sourcePath: truncated, corpusPath, format: "hibp-file" }),
      (error: unknown) =>
        error instanceof CorpusImportError &&
        error.message.includes("truncated.txt:48: expected 40 hex digits, ':' and a count"),
    );
    assert.equal(openCorpusFile(corpusPath).version, before.version);
    assert.deepEqual(leftoverFiles(folder), []);
  });

  test("a corrupt line names its line and quotes it; nothing is swapped in", async (t) => {
    const folder = temporaryFolder(t);
    const lines = readFileSync(sample, "latin1").split("\r\n");
    lines[20] = lines[20]?.replace(/:\d+$/, ":12x") ?? "";
    const corrupt = join(folder, "corrupt.txt");
    writeFileSync(corrupt, lines.join("\r\n"));
    const corpusPath = join(folder, "breach.rkb");
    await assert.rejects(
      importBreachCorpus({ sourcePath: corrupt, corpusPath }),
      /corrupt\.txt:21: count must be a whole number \(got "[0-9A-F]{40}:12x"\)/,
    );
    assert.equal(existsSync(corpusPath), false);
    assert.deepEqual(leftoverFiles(folder), []);
  });

  test("an NTLM download is refused rather than imported as a password list", async (t) => {
    const folder = temporaryFolder(t);
    const ntlm = join(folder, "pwnedpasswords_ntlm.txt");
    writeFileSync(ntlm, "00000000DD7F2A1C68A35673713783CA:3\r\n");
    await assert.rejects(
      importBreachCorpus({ sourcePath: ntlm, corpusPath: join(folder, "breach.rkb") }),
      /pwnedpasswords_ntlm\.txt:1: these are NTLM hashes/,
    );
  });

  test("rows out of hash order (HIBP's prevalence-ordered files) are sorted instead", async (t) => {
    const folder = temporaryFolder(t);
    const shuffled = join(folder, "by-prevalence.txt");
    const rows = readFileSync(sample, "latin1").trimEnd().split("\r\n");
    writeFileSync(shuffled, `${rows.reverse().join("\r\n")}\r\n`);
    const notices: string[] = [];
    const { source, summary } = await importInto(folder, shuffled, {
      onNotice: (message: string) => notices.push(message),
    });
    t.after(() => source.close());
    assert.equal(summary.sorted, true);
    assert.match(notices.join(), /by-prevalence\.txt:2: keys are not in ascending order/);
    assert.equal(summary.version, (await importInto(temporaryFolder(t), sample)).summary.version);
    await assertFixtureBreaches(source);
  });
});

describe("breach corpus: HIBP per-prefix folder", () => {
  test("PREFIX.txt files of SUFFIX:count rows are imported, padding rows skipped", async (t) => {
    const notices: string[] = [];
    const { source, summary } = await importInto(
      temporaryFolder(t),
      join(breachFixtures, "hibp-folder"),
      { onNotice: (message: string) => notices.push(message) },
    );
    t.after(() => source.close());
    assert.equal(summary.format, "hibp-folder");
    assert.equal(summary.counters.rowsSkipped, 8);
    assert.match(notices.join(), /hibp-folder has 8 of HIBP's 1,048,576 prefix files/);
    await assertFixtureBreaches(source);
  });

  test("a corrupt row names the prefix file and the line", async (t) => {
    const folder = temporaryFolder(t);
    const prefixFolder = join(folder, "pwned");
    mkdirSync(prefixFolder);
    writeFileSync(join(prefixFolder, "5baa6.txt"), "1E4C9B93F3F0682250B6CF8331B7EE68FD8:3\r\n");
    writeFileSync(
      join(prefixFolder, "5BAA7.txt"),
      "00000000000000000000000000000000000:1\r\nnot a row\r\n",
    );
    await assert.rejects(
      importBreachCorpus({ sourcePath: prefixFolder, corpusPath: join(folder, "breach.rkb") }),
      /5BAA7\.txt:2: expected 35 hex digits/,
    );
  });
});

describe("breach corpus: plain password lists", () => {
  test("passwords are NFKC-normalised like member input, blank lines skipped, duplicates merged", async (t) => {
    const { source, summary } = await importInto(
      temporaryFolder(t),
      join(breachFixtures, "passwords.txt"),
    );
    t.after(() => source.close());
    assert.equal(summary.format, "passwords");
    assert.equal(summary.header.recordCount, 6);
    for (const password of [
      "iloveyou",
      "password1",
      "password123",
      "qwerty123",
      "パスワード",
      "summer 2026 ☀",
    ]) {
      assert.deepEqual(await source.isBreached(password), { breached: true }, password);
    }
    assert.deepEqual(await source.isBreached("password"), { breached: false });
  });

  test("a list with nothing to import is refused rather than swapped in empty", async (t) => {
    const folder = temporaryFolder(t);
    const { corpusPath, summary, source } = await importInto(folder, sample);
    t.after(() => source.close());
    const empty = join(folder, "empty.txt");
    writeFileSync(empty, "\r\n\n");
    await assert.rejects(
      importBreachCorpus({ sourcePath: empty, corpusPath, format: "passwords" }),
      /empty\.txt: no hashes found/,
    );
    assert.equal(openCorpusFile(corpusPath).version, summary.version);
  });

  test("invalid UTF-8 is refused with its line number, never quoting the password", async (t) => {
    const folder = temporaryFolder(t);
    const path = join(folder, "latin1.txt");
    writeFileSync(
      path,
      Buffer.concat([Buffer.from("first\nsecond\n"), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])]),
    );
    await assert.rejects(
      importBreachCorpus({ sourcePath: path, corpusPath: join(folder, "breach.rkb") }),
      (error: unknown) =>
        error instanceof CorpusImportError &&
        /latin1\.txt:3: not valid UTF-8/.test(error.message) &&
        !error.message.includes("caf"),
    );
  });

  test("a list larger than the sort memory is spilled in runs and merged to the same corpus", async (t) => {
    const folder = temporaryFolder(t);
    const list = join(folder, "list.txt");
    // Runs of 25,000 keys (300 kB) are read back in several chunks during the merge.
    const passwords = Array.from(
      { length: 70_000 },
      (_, index) => `list-password-${index % 60_000}`,
    );
    writeFileSync(list, passwords.join("\n"));
    const inMemory = await importInto(folder, list);
    const spilled = await importInto(temporaryFolder(t), list, { sortCapacity: 25_000 });
    t.after(() => [inMemory.source.close(), spilled.source.close()]);
    assert.equal(spilled.summary.header.recordCount, 60_000);
    assert.equal(spilled.summary.version, inMemory.summary.version);
    assert.deepEqual(leftoverFiles(folder), []);
    assert.deepEqual(await spilled.source.isBreached("list-password-59999"), { breached: true });
  });
});

describe("breach corpus: exactness and false positives", () => {
  test("counts are exact below 32,768 and lower bounds within 0.1% above", () => {
    for (const count of [1, 2, 393, 32_767]) assert.equal(decodeCount(encodeCount(count)), count);
    for (const count of [32_768, 32_769, 65_535, 9_545_824, 52_256_179, 2 ** 40 + 12_345]) {
      const decoded = decodeCount(encodeCount(count));
      assert.ok(decoded <= count && decoded >= count * 0.999, `${count} -> ${decoded}`);
    }
  });

  test("no password outside the source is reported at the stored key width", async (t) => {
    const folder = temporaryFolder(t);
    const path = join(folder, "pwned.txt");
    writeHibpFile(path, fixtureBreaches, { randomRows: 5000 });
    const { source, summary } = await importInto(folder, path);
    t.after(() => source.close());
    // 5,006 keys of 48 bits: 1.8e-11 per check, so 20,000 checks expect 4e-7 false hits.
    assert.ok(falsePositiveRate(summary.header, summary.header.recordCount) < 2 ** -34);
    let falseHits = 0;
    for (let check = 0; check < 20_000; check++) {
      if ((await source.isBreached(randomPassword())).breached) falseHits++;
    }
    assert.equal(falseHits, 0);
  });

  test("with keys cut to 16 bits the measured false-positive rate matches the stated one", async (t) => {
    const folder = temporaryFolder(t);
    const list = join(folder, "list.txt");
    writeFileSync(list, Array.from({ length: 2000 }, (_, index) => `member-${index}`).join("\n"));
    const { source, summary } = await importInto(folder, list, { suffixBytes: 1 });
    t.after(() => source.close());
    const stated = falsePositiveRate(summary.header, summary.header.recordCount);
    assert.ok(stated > 0.02 && stated < 0.04, `stated ${stated}`);
    const checks = 40_000;
    let falseHits = 0;
    for (let check = 0; check < checks; check++) {
      if ((await source.isBreached(randomPassword())).breached) falseHits++;
    }
    const standardDeviation = Math.sqrt(checks * stated * (1 - stated));
    assert.ok(
      Math.abs(falseHits - checks * stated) < 5 * standardDeviation,
      `${falseHits} false hits, expected ${checks * stated}`,
    );
    for (let index = 0; index < 2000; index += 97) {
      assert.equal((await source.isBreached(`member-${index}`)).breached, true);
    }
  });
});

describe("breach corpus: the packaged default", () => {
  test("a fresh install refuses iloveyou, password1 and qwerty123 with no network", async () => {
    const { deps } = createTestPortal();
    for (const password of ["iloveyou", "password1", "qwerty123", "123456789", "trustno1"]) {
      assert.deepEqual(await deps.breachSource.isBreached(password), { breached: true }, password);
    }
    assert.deepEqual(await deps.breachSource.isBreached("violet tractor under 9 moons"), {
      breached: false,
    });
    assert.match(deps.breachSource.version, /^[0-9a-f]{16}$/);
  });

  test("the first start writes the default corpus beside the database; the next start reuses it", (t) => {
    const folder = temporaryFolder(t);
    const config = loadConfig({ NODE_ENV: "test", REKEY_DB: join(folder, "rekey.db") });
    assert.equal(config.breachCorpusPath, join(folder, "breach.rkb"));
    const first = createDeps(config, { logger: pino({ level: "silent" }) });
    closeDatabase(first.database);
    const built = openCorpusFile(config.breachCorpusPath);
    t.after(() => built.close());
    assert.equal(built.header.description.sourceKind, "default");
    // Every packaged list (1.26M distinct passwords with today's packages), well under 16 MB.
    assert.ok(built.header.recordCount > 1_250_000, `${built.header.recordCount}`);
    assert.ok(built.fileBytes < 16_000_000, `${built.fileBytes}`);
    const second = createDeps(config, { logger: pino({ level: "silent" }) });
    closeDatabase(second.database);
    assert.equal(second.breachSource.version, first.breachSource.version);
    assert.equal(second.breachSource.version, built.version);
  });
});

describe("breach corpus: the packaged lists", () => {
  test("a password from anywhere in each packaged list is refused", async () => {
    const { deps } = createTestPortal();
    for (const list of packagedLists) {
      const passwords = list.readPasswords();
      assert.ok(passwords.length > 10_000, list.name);
      for (const at of [0, 0.25, 0.5, 0.75, 1]) {
        const password =
          passwords[Math.min(passwords.length - 1, Math.floor(at * passwords.length))];
        const input = normalizePasswordInput(password as string);
        if (!input.ok) continue;
        assert.equal(
          (await deps.breachSource.isBreached(input.password)).breached,
          true,
          `${list.name} at ${at}`,
        );
      }
    }
  });

  test("a default built from older package versions is rebuilt at start; an imported base is not", async (t) => {
    const folder = temporaryFolder(t);
    const config = loadConfig({ NODE_ENV: "test", REKEY_DB: join(folder, "rekey.db") });
    const pending = createPendingCorpusFile(config.breachCorpusPath);
    // What an install from before this change has: a default from the zxcvbn-ts list only.
    const zxcvbnOnly = packagedLists.filter((list) => list.name === "zxcvbn-common");
    buildDefaultCorpus(pending.sink, Date.now(), zxcvbnOnly);
    pending.commit();
    const old = openCorpusFile(config.breachCorpusPath);
    old.close();
    assert.ok(old.header.recordCount < 60_000);

    const upgraded = createDeps(config, { logger: pino({ level: "silent" }) });
    closeDatabase(upgraded.database);
    upgraded.breachSource.close?.();
    const rebuilt = openCorpusFile(config.breachCorpusPath);
    t.after(() => rebuilt.close());
    assert.equal(rebuilt.header.description.sourceName, describePackagedLists());
    assert.ok(rebuilt.header.recordCount > 1_250_000);

    const imported = await importBreachCorpus({
      sourcePath: sample,
      corpusPath: config.breachCorpusPath,
    });
    const again = createDeps(config, { logger: pino({ level: "silent" }) });
    t.after(() => {
      closeDatabase(again.database);
      again.breachSource.close?.();
    });
    assert.equal(again.breachSource.version, imported.version, "an imported base is kept");
  });
});

describe("breach corpus: atomic swap", () => {
  test("lookups during a rebuild always answer from one whole version", async (t) => {
    const folder = temporaryFolder(t);
    const oldList = join(folder, "old.txt");
    const newList = join(folder, "new.txt");
    const oldPasswords = ["old-one", "old-two", "old-three"];
    const newPasswords = ["new-one", "new-two", "new-three"];
    writeHibpFile(
      oldList,
      oldPasswords.map((password) => ({ password, count: 1 })),
    );
    // Large enough to be read in several chunks, so lookups run while it is written.
    writeHibpFile(
      newList,
      newPasswords.map((password) => ({ password, count: 2 })),
      { randomRows: 60_000 },
    );
    const { corpusPath, summary: oldVersion, source } = await importInto(folder, oldList);
    t.after(() => source.close());

    const rebuild = importBreachCorpus({ sourcePath: newList, corpusPath });
    let done = false;
    const finished = rebuild.then((summary) => {
      done = true;
      return summary;
    });
    const versionsSeen = new Set<string>();
    let lookups = 0;
    let lookupsWhileWriting = 0;
    while (!done || lookups % 6 !== 0) {
      if (leftoverFiles(folder).length > 0) lookupsWhileWriting++;
      await source.refresh();
      const password = [...oldPasswords, ...newPasswords][lookups % 6] as string;
      const version = source.version;
      const result = await source.isBreached(password);
      const expected = version === oldVersion.version ? oldPasswords : newPasswords;
      assert.equal(result.breached, expected.includes(password), `${password} in ${version}`);
      versionsSeen.add(version);
      lookups++;
      await nextTurn();
    }
    const newVersion = await finished;
    await source.refresh();
    assert.equal(source.version, newVersion.version);
    assert.ok(
      versionsSeen.has(oldVersion.version),
      "answered from the old version during the rebuild",
    );
    assert.ok(lookupsWhileWriting > 0, "looked up while the new version was being written");

    // A failed rebuild leaves the running version alone.
    writeFileSync(newList, "not a hash:1\n");
    await assert.rejects(
      importBreachCorpus({ sourcePath: newList, corpusPath, format: "hibp-file" }),
    );
    assert.equal(await source.refresh(), false);
    assert.equal(source.version, newVersion.version);
    assert.deepEqual(leftoverFiles(folder), []);
  });

  test("a damaged file renamed into place is refused and the old version keeps answering", async (t) => {
    const folder = temporaryFolder(t);
    const { corpusPath, summary, source } = await importInto(folder, sample);
    t.after(() => source.close());
    const failures: string[] = [];
    const watched = CorpusSource.openFile(corpusPath, {
      onRefreshFailure: (error) => failures.push(error.message),
    });
    t.after(() => watched.close());
    const damaged = join(folder, "damaged");
    writeFileSync(damaged, readFileSync(corpusPath).subarray(0, 5000));
    renameSync(damaged, corpusPath);
    assert.equal(await watched.refresh(), false);
    assert.match(failures.join(), /truncated or inconsistent/);
    assert.equal(watched.version, summary.version);
    assert.deepEqual(await watched.isBreached("hunter2"), { breached: true, count: 17_043 });
  });
});
