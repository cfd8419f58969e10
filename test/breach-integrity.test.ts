import assert from "node:assert/strict";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { pino } from "pino";
import { createDeps } from "../src/bootstrap";
import { CorpusSource } from "../src/breach/corpus-source";
import { CorpusUnavailableError, checkBreachCorpusBeforeUse } from "../src/breach/create";
import { headerBytes } from "../src/breach/format";
import { importBreachCorpus } from "../src/breach/import";
import { loadConfig } from "../src/config";
import { closeDatabase } from "../src/db/connection";
import { temporaryFolder, writeHibpFile } from "./support/breach";
import { runRekey } from "./support/cli";

const listed = [
  { password: "password1", count: 2_400_000 },
  { password: "hunter2", count: 17_043 },
];

/** A real imported corpus of ~20k hashes: 140 KB of records after the 4 KiB header. */
async function importCorpus(folder: string, name = "breach.rkb") {
  const list = join(folder, `${name}.txt`);
  writeHibpFile(list, listed, { randomRows: 20_000 });
  const corpusPath = join(folder, name);
  const summary = await importBreachCorpus({ sourcePath: list, corpusPath });
  return { corpusPath, version: summary.version };
}

type Damage = (bytes: Buffer) => void;
/** A 4 KiB block of records zeroed, as a bad sector or a sparse copy leaves it. */
const zeroBlock: Damage = (bytes) => bytes.fill(0, headerBytes, headerBytes + 4096);
/** One bit flipped in the middle of the records. */
const flipByte: Damage = (bytes) => {
  const at = headerBytes + Math.floor((bytes.length - headerBytes) / 3);
  bytes[at] = (bytes[at] as number) ^ 0x01;
};
const damages: [string, Damage][] = [
  ["a zeroed block", zeroBlock],
  ["a flipped byte", flipByte],
];

/** Writes a damaged copy of the corpus beside it and answers its path. */
function writeDamagedCopy(corpusPath: string, damage: Damage): string {
  const bytes = readFileSync(corpusPath);
  damage(bytes);
  const damaged = `${corpusPath}.damaged`;
  writeFileSync(damaged, bytes);
  return damaged;
}

function portalConfig(folder: string, corpusPath: string) {
  return loadConfig({
    NODE_ENV: "test",
    REKEY_DB: join(folder, "rekey.db"),
    REKEY_ORIGIN: "http://localhost:3000",
    REKEY_BREACH_CORPUS: corpusPath,
  });
}

for (const [name, damage] of damages) {
  describe(`a corpus with ${name}`, () => {
    test("is refused when the portal starts, with a message that says it is damaged", async (t) => {
      const folder = temporaryFolder(t);
      const { corpusPath } = await importCorpus(folder);
      renameSync(writeDamagedCopy(corpusPath, damage), corpusPath);
      const deps = createDeps(portalConfig(folder, corpusPath), {
        logger: pino({ level: "silent" }),
      });
      t.after(() => {
        (deps.breachSource as CorpusSource).close();
        closeDatabase(deps.database);
      });
      assert.throws(
        () => checkBreachCorpusBeforeUse(deps.breachSource, deps.config),
        (error: Error) =>
          error instanceof CorpusUnavailableError &&
          error.message.includes(corpusPath) &&
          /damaged: its content does not match the SHA-256 digest/.test(error.message),
      );
    });

    test("renamed into place is refused by the running portal and the old version keeps answering", async (t) => {
      const folder = temporaryFolder(t);
      const { corpusPath, version } = await importCorpus(folder);
      const failures: string[] = [];
      const source = CorpusSource.openFile(corpusPath, {
        onRefreshFailure: (error) => failures.push(error.message),
      });
      t.after(() => source.close());
      source.checkIntegrity();
      const damaged = writeDamagedCopy(corpusPath, damage);
      renameSync(damaged, corpusPath);

      assert.equal(await source.refresh(), false);
      assert.match(failures.join(), /damaged/);
      assert.equal(source.version, version);
      assert.equal((await source.isBreached("password1")).breached, true);
      assert.match(source.fileProblem ?? "", /damaged/);
      // The refused file is not hashed again on every tick, and not reported twice.
      assert.equal(await source.refresh(), false);
      assert.equal(failures.length, 1);

      // A good import afterwards is swapped in and clears the problem.
      const next = await importCorpus(folder, "next.rkb");
      renameSync(next.corpusPath, corpusPath);
      assert.equal(await source.refresh(), true);
      assert.equal(source.version, next.version);
      assert.equal(source.fileProblem, null);
    });

    test("fails rekey breach verify with exit 1, and check refuses to call a password clean", async (t) => {
      const folder = temporaryFolder(t);
      const { corpusPath } = await importCorpus(folder);
      const damaged = writeDamagedCopy(corpusPath, damage);
      const environment = { REKEY_DB: join(folder, "rekey.db"), REKEY_BREACH_CORPUS: damaged };

      const verified = await runRekey(["breach", "verify", damaged], { environment });
      assert.equal(verified.code, 1);
      assert.equal(verified.out, "");
      assert.match(verified.err, /refused: corpus is damaged: its content does not match/);

      const checked = await runRekey(["breach", "check"], { environment, stdin: "password1\n" });
      assert.equal(checked.code, 1);
      assert.doesNotMatch(checked.out, /Not found/);
      assert.match(checked.err, /damaged/);
    });
  });
}

describe("rekey breach verify", () => {
  test("an intact corpus passes with its version and exit 0", async (t) => {
    const folder = temporaryFolder(t);
    const { corpusPath, version } = await importCorpus(folder);
    const result = await runRekey(["breach", "verify", corpusPath], {
      environment: { REKEY_DB: join(folder, "rekey.db") },
    });
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, new RegExp(`intact, version ${version}, 20,002 hashes`));
  });

  test("a missing file is refused with exit 1", async (t) => {
    const folder = temporaryFolder(t);
    const result = await runRekey(["breach", "verify", join(folder, "nothing.rkb")], {
      environment: { REKEY_DB: join(folder, "rekey.db") },
    });
    assert.equal(result.code, 1);
    assert.match(result.err, /refused: the file does not exist/);
  });
});

describe("a corpus missing from its configured path", () => {
  test("stops the start with an error instead of a silent rebuild from the small default", (t) => {
    const folder = temporaryFolder(t);
    const corpusPath = join(folder, "imported.rkb");
    assert.throws(
      () => createDeps(portalConfig(folder, corpusPath), { logger: pino({ level: "silent" }) }),
      (error: Error) =>
        error instanceof CorpusUnavailableError &&
        /imported\.rkb: the file does not exist/.test(error.message),
    );
    assert.throws(() => readFileSync(corpusPath), /ENOENT/);
  });

  test("going missing while the portal runs is reported and the loaded version keeps answering", async (t) => {
    const folder = temporaryFolder(t);
    const { corpusPath, version } = await importCorpus(folder);
    const failures: string[] = [];
    const source = CorpusSource.openFile(corpusPath, {
      onRefreshFailure: (error) => failures.push(error.message),
    });
    t.after(() => source.close());
    rmSync(corpusPath);
    assert.equal(await source.refresh(), false);
    assert.match(failures.join(), /the corpus file is missing/);
    assert.match(source.fileProblem ?? "", /missing/);
    assert.equal(source.version, version);
    assert.equal((await source.isBreached("hunter2")).breached, true);
  });
});
