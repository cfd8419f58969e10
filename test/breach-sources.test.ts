import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { pino } from "pino";
import { createDeps } from "../src/bootstrap";
import { CorpusIntegrityError } from "../src/breach/integrity";
import { CorpusImportError } from "../src/breach/lines";
import {
  addCorpusSource,
  LastCorpusSourceError,
  listCorpusSources,
  removeCorpusSource,
  UnknownCorpusSourceError,
} from "../src/breach/sources";
import { addedSourcePath } from "../src/breach/stack-layout";
import { loadConfig } from "../src/config";
import { closeDatabase } from "../src/db/connection";
import type { Deps } from "../src/deps";
import { temporaryFolder } from "./support/breach";
import { runRekey } from "./support/cli";
import { createTestPortal } from "./support/harness";

const leaked = ["violet tractor under 9 moons", "Ｆｕｌｌ　ｗｉｄｔｈ　９"];

async function* streamed(passwords: string[]): AsyncIterable<string> {
  for (const password of passwords) yield password;
}

/** A portal on files in a folder of its own, as `npm start` runs it. */
function filePortal(folder: string): Deps {
  const config = loadConfig({ NODE_ENV: "test", REKEY_DB: join(folder, "rekey.db") });
  const deps = createDeps(config, { logger: pino({ level: "silent" }) });
  return deps;
}

function closePortal(deps: Deps): void {
  deps.breachSource.close?.();
  closeDatabase(deps.database);
}

describe("breach corpus: a stack of sources", () => {
  test("a source added to the corpus answers at the next lookup, and the packaged default still does", async () => {
    const { deps } = createTestPortal();
    const before = deps.breachSource.version;
    assert.equal(
      (await deps.breachSource.isBreached("violet tractor under 9 moons")).breached,
      false,
    );

    const added = await addCorpusSource(deps, {
      name: "combo list leak-2026-11.txt",
      kind: "combo-scan",
      passwords: streamed([...leaked, "", "\u0007control"]),
      reference: "scan-17",
    });
    assert.equal(added.kind, "combo-scan");
    assert.equal(added.reference, "scan-17");
    assert.equal(added.hashes, 2, "blank and control-character lines are skipped");

    assert.deepEqual(await deps.breachSource.isBreached("violet tractor under 9 moons"), {
      breached: true,
    });
    // NFKC: the full-width list entry is the half-width password members type.
    assert.equal((await deps.breachSource.isBreached("Full width 9")).breached, true);
    assert.equal((await deps.breachSource.isBreached("winniethepooh")).breached, true);
    assert.notEqual(deps.breachSource.version, before, "the version names the new set of sources");

    const sources = await listCorpusSources(deps);
    assert.deepEqual(
      sources.map((source) => [source.kind, source.name]),
      [
        ["packaged", sources[0]?.name],
        ["combo-scan", "combo list leak-2026-11.txt"],
      ],
    );
  });

  test("a removed source stops answering; the last one cannot be removed, nor an unknown one", async () => {
    const { deps } = createTestPortal();
    const added = await addCorpusSource(deps, {
      name: "mine.txt",
      kind: "file",
      passwords: leaked,
    });
    const before = deps.breachSource.version;
    await removeCorpusSource(deps, "base");
    assert.equal((await deps.breachSource.isBreached("winniethepooh")).breached, false);
    assert.equal((await deps.breachSource.isBreached(leaked[0] as string)).breached, true);
    assert.notEqual(deps.breachSource.version, before);
    await assert.rejects(removeCorpusSource(deps, added.id), LastCorpusSourceError);
    await assert.rejects(removeCorpusSource(deps, "0badc0de"), UnknownCorpusSourceError);
    assert.equal((await listCorpusSources(deps)).length, 1);
  });

  test("a list with no password a member could enter is refused and adds nothing", async () => {
    const { deps } = createTestPortal();
    const version = deps.breachSource.version;
    await assert.rejects(
      addCorpusSource(deps, { name: "empty.txt", kind: "file", passwords: ["", ""] }),
      CorpusImportError,
    );
    assert.equal(deps.breachSource.version, version);
    assert.equal((await listCorpusSources(deps)).length, 1);
  });

  test("on disk, another process sees a source added or removed at its next refresh", async (t) => {
    const folder = temporaryFolder(t);
    const server = filePortal(folder);
    t.after(() => closePortal(server));
    const operator = filePortal(folder);
    t.after(() => closePortal(operator));

    const added = await addCorpusSource(operator, {
      name: "leak.txt",
      kind: "combo-scan",
      passwords: streamed(leaked),
    });
    assert.equal((await operator.breachSource.isBreached(leaked[0] as string)).breached, true);
    assert.equal((await server.breachSource.isBreached(leaked[0] as string)).breached, false);
    assert.equal(await server.breachSource.corpus?.refresh(), true);
    assert.equal((await server.breachSource.isBreached(leaked[0] as string)).breached, true);
    assert.equal(server.breachSource.version, operator.breachSource.version);

    // Only hashes reach the disk: no plaintext of the list in any file of the folder.
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const name = join(entry.parentPath, entry.name);
      const bytes = readFileSync(name).toString("latin1");
      assert.equal(bytes.includes("violet tractor"), false, name);
    }

    await removeCorpusSource(operator, added.id);
    assert.equal(await server.breachSource.corpus?.refresh(), true);
    assert.equal((await server.breachSource.isBreached(leaked[0] as string)).breached, false);
    assert.equal((await server.breachSource.isBreached("winniethepooh")).breached, true);
  });

  test("a removed packaged default is not rebuilt at the next start", async (t) => {
    const folder = temporaryFolder(t);
    const first = filePortal(folder);
    await addCorpusSource(first, { name: "mine.txt", kind: "file", passwords: leaked });
    await removeCorpusSource(first, "base");
    closePortal(first);

    const second = filePortal(folder);
    t.after(() => closePortal(second));
    const sources = await listCorpusSources(second);
    assert.deepEqual(
      sources.map((source) => source.name),
      ["mine.txt"],
    );
    assert.equal((await second.breachSource.isBreached("winniethepooh")).breached, false);
  });

  test("a damaged added source is refused: by a running portal, which keeps the others, and at start", async (t) => {
    const folder = temporaryFolder(t);
    const server = filePortal(folder);
    t.after(() => closePortal(server));
    server.breachSource.checkIntegrity?.();
    const operator = filePortal(folder);
    const added = await addCorpusSource(operator, {
      name: "x.txt",
      kind: "file",
      passwords: leaked,
    });
    closePortal(operator);
    const path = addedSourcePath(join(folder, "breach.rkb"), added.id);
    const bytes = readFileSync(path);
    bytes[4096] = (bytes[4096] as number) ^ 1;
    writeFileSync(path, bytes);

    assert.equal(await server.breachSource.corpus?.refresh(), false);
    assert.match(server.breachSource.fileProblem ?? "", new RegExp(`source ${added.id}.*damaged`));
    assert.equal((await server.breachSource.isBreached("winniethepooh")).breached, true);

    const restarted = filePortal(folder);
    t.after(() => closePortal(restarted));
    assert.throws(() => restarted.breachSource.checkIntegrity?.(), CorpusIntegrityError);
  });
});

describe("rekey breach import, sources and remove", () => {
  /** The 24-line list whose import once replaced the whole corpus. */
  const ownList = Array.from({ length: 24 }, (_, line) => `our-own-leak-${line}-kestrel`);

  function rekey(folder: string, argv: string[], stdin?: string) {
    return runRekey(argv, { stdin, environment: { REKEY_DB: join(folder, "rekey.db") } });
  }

  function writeOwnList(folder: string): string {
    const path = join(folder, "own-24.txt");
    writeFileSync(path, `${ownList.join("\n")}\n`);
    return path;
  }

  test("importing a 24-line list adds a source: winniethepooh is still refused", async (t) => {
    const folder = temporaryFolder(t);
    const imported = await rekey(folder, ["breach", "import", writeOwnList(folder)]);
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /Imported 24 hashes from 24 lines \(passwords\)/);
    assert.match(imported.out, /2 sources, [\d,]+ hashes, version [0-9a-f]{16}/);
    const id = /as source ([0-9a-f]{8})\./.exec(imported.out)?.[1] as string;
    assert.ok(id, imported.out);

    const pooh = await rekey(folder, ["breach", "check"], "winniethepooh\n");
    assert.equal(pooh.code, 1, pooh.out);
    assert.equal((await rekey(folder, ["breach", "check"], `${ownList[7]}\n`)).code, 1);

    const listed = await rekey(folder, ["breach", "sources"]);
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, /^ID\s+KIND\s+HASHES\s+ADDED\s+VERSION\s+NAME$/m);
    assert.match(listed.out, /^base\s+packaged\s+[\d,]+\s/m);
    assert.match(listed.out, new RegExp(`^${id}\\s+file\\s+24\\s+.*own-24\\.txt$`, "m"));
    const json = JSON.parse((await rekey(folder, ["breach", "sources", "--json"])).out);
    assert.deepEqual(
      json.sources.map((source: { id: string; kind: string }) => [source.id, source.kind]),
      [
        ["base", "packaged"],
        [id, "file"],
      ],
    );

    const removed = await rekey(folder, ["breach", "remove", id]);
    assert.equal(removed.code, 0, removed.err);
    assert.match(
      removed.out,
      new RegExp(`Removed source ${id} \\(file, own-24\\.txt, 24 hashes\\)`),
    );
    assert.equal((await rekey(folder, ["breach", "check"], `${ownList[7]}\n`)).code, 0);
    assert.equal((await rekey(folder, ["breach", "check"], "winniethepooh\n")).code, 1);
  });

  test("--replace is explicit: the file becomes the only source", async (t) => {
    const folder = temporaryFolder(t);
    await rekey(folder, ["breach", "import", writeOwnList(folder)]);
    const replaced = await rekey(folder, ["breach", "import", writeOwnList(folder), "--replace"]);
    assert.equal(replaced.code, 0, replaced.err);
    assert.match(replaced.out, /as source base, replacing every other source/);
    assert.match(replaced.out, /: 1 source, 24 hashes, version/);
    const listed = await rekey(folder, ["breach", "sources"]);
    assert.equal(listed.out.trim().split("\n").length, 3, listed.out);
    assert.equal((await rekey(folder, ["breach", "check"], "winniethepooh\n")).code, 0);
    assert.equal((await rekey(folder, ["breach", "check"], `${ownList[0]}\n`)).code, 1);
  });

  test("remove refuses an unknown ID and the last source with exit 1, and needs an ID", async (t) => {
    const folder = temporaryFolder(t);
    const unknown = await rekey(folder, ["breach", "remove", "0badc0de"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no corpus source 0badc0de/);
    const last = await rekey(folder, ["breach", "remove", "base"]);
    assert.equal(last.code, 1);
    assert.match(last.err, /only one: the corpus would accept every password/);
    assert.equal((await rekey(folder, ["breach", "remove"])).code, 2);
  });
});
