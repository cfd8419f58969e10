import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { normalizePasswordInput } from "../passwords/input";
import {
  type CorpusDescription,
  type CorpusHeader,
  choosePrefixBits,
  defaultSuffixBytes,
} from "./format";
import { CorpusImportError } from "./lines";
import { ExternalSorter } from "./sorter";
import { hashPasswordSha1 } from "./source";
import { type ByteSink, CorpusWriter } from "./writer";

export interface PasswordCorpusOptions {
  passwords: AsyncIterable<string> | Iterable<string>;
  description: Omit<CorpusDescription, "linesRead" | "rowsSkipped">;
  sink: ByteSink;
  /** Where sorted runs of hashes go when the list is larger than the sort memory. */
  runPath: (run: number) => string;
  builtAtMs: number;
  /** Hashes sorted in memory before a run is spilled (24 bytes each while sorting). */
  sortCapacity?: number;
}

const defaultSortCapacity = 2_000_000;
/** A long synchronous list still lets a server answer requests between batches. */
const passwordsPerTurn = 20_000;

/**
 * Writes a corpus of plain passwords (no counts) from any iterable: each one NFKC-normalised
 * like member input, hashed with SHA-1 and forgotten; what no member could enter (empty, too
 * long, control characters) is counted as skipped. Only hashes reach the disk, in the corpus
 * and in the sort's runs, so a scanned combo list leaves no password behind.
 */
export async function writePasswordCorpus(options: PasswordCorpusOptions): Promise<CorpusHeader> {
  const capacity = options.sortCapacity ?? defaultSortCapacity;
  const sorter = new ExternalSorter({ capacity, runPath: options.runPath });
  let linesRead = 0;
  let rowsSkipped = 0;
  try {
    for await (const raw of options.passwords) {
      linesRead++;
      const input = normalizePasswordInput(raw);
      if (!input.ok) {
        rowsSkipped++;
        continue;
      }
      const sha1 = hashPasswordSha1(input.password);
      sorter.add(sha1.readUInt32BE(0), sha1.readUInt32BE(4), 1);
      if (linesRead % passwordsPerTurn === 0) await yieldToEventLoop();
    }
    if (linesRead === rowsSkipped) {
      // An empty source would add nothing and could hide a mistake (the wrong file, column).
      throw new CorpusImportError(`${options.description.sourceName}: no passwords found`);
    }
    let writer: CorpusWriter | undefined;
    await sorter.drain((estimatedKeys) => {
      writer = new CorpusWriter(options.sink, {
        prefixBits: choosePrefixBits(estimatedKeys),
        suffixBytes: defaultSuffixBytes,
        countBytes: 0,
      });
      return writer;
    });
    return (writer as CorpusWriter).finish(
      { ...options.description, linesRead, rowsSkipped },
      options.builtAtMs,
    );
  } finally {
    sorter.removeRuns();
  }
}
