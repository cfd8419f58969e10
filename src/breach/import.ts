import { resolve } from "node:path";
import { createPendingCorpusFile } from "./corpus-file";
import { type CorpusHeader, choosePrefixBits, defaultSuffixBytes } from "./format";
import { versionFromDigest } from "./header";
import {
  estimateRowCount,
  type FeedCounters,
  feedRows,
  type ImportFormat,
  type ImportSource,
  openImportSource,
} from "./import-sources";
import { CorpusImportError } from "./lines";
import { ExternalSorter } from "./sorter";
import { CorpusWriter, OutOfOrderError } from "./writer";

export interface ImportProgress {
  phase: "reading" | "sorting";
  bytesRead: number;
  totalBytes: number;
  hashes: number;
}

export interface ImportOptions {
  sourcePath: string;
  format?: ImportFormat;
  corpusPath: string;
  onProgress?: (progress: ImportProgress) => void;
  onNotice?: (message: string) => void;
  /** Keys sorted in memory before spilling a run (24 bytes each while sorting). */
  sortCapacity?: number;
  /** Stored key bytes after the bucket; only tests of the false-positive rate lower it. */
  suffixBytes?: number;
  now?: () => number;
}

export interface ImportSummary {
  format: ImportFormat;
  header: CorpusHeader;
  version: string;
  counters: FeedCounters;
  /** True when the rows were not in hash order and went through the external sort. */
  sorted: boolean;
}

const defaultSortCapacity = 2_000_000;
const allPrefixFiles = 16 ** 5;

/**
 * Builds a new corpus beside the old one and swaps it in with one rename, so a running server
 * sees the old version or the new one and never a partial file. Any bad row aborts the import
 * and deletes the partial file; rerunning the command starts cleanly (it is restartable).
 * HIBP rows are expected in hash order, as the downloader writes them; rows out of order make
 * the import start again through the external sort (HIBP once published prevalence-ordered files).
 */
export async function importBreachCorpus(options: ImportOptions): Promise<ImportSummary> {
  const source = await openImportSource(options.sourcePath, options.format);
  if (source.format === "hibp-folder" && source.files.length < allPrefixFiles) {
    options.onNotice?.(
      `${source.name} has ${source.files.length.toLocaleString("en-US")} of HIBP's ` +
        `${allPrefixFiles.toLocaleString("en-US")} prefix files: the download may be incomplete`,
    );
  }
  const corpusPath = resolve(options.corpusPath);
  if (source.format !== "passwords") {
    try {
      return await buildCorpus(source, corpusPath, options, false);
    } catch (error) {
      if (!(error instanceof OutOfOrderError)) throw error;
      options.onNotice?.(`${error.message}: the rows are not in hash order, sorting them instead`);
    }
  }
  return buildCorpus(source, corpusPath, options, true);
}

async function buildCorpus(
  source: ImportSource,
  corpusPath: string,
  options: ImportOptions,
  sortFirst: boolean,
): Promise<ImportSummary> {
  const pending = createPendingCorpusFile(corpusPath);
  const sink = pending.sink;
  const counters: FeedCounters = { bytesRead: 0, linesRead: 0, rowsAccepted: 0, rowsSkipped: 0 };
  const report = (phase: ImportProgress["phase"]) =>
    options.onProgress?.({
      phase,
      bytesRead: counters.bytesRead,
      totalBytes: source.totalBytes,
      hashes: counters.rowsAccepted,
    });
  const createWriter = (estimatedKeys: number) =>
    new CorpusWriter(sink, {
      prefixBits: choosePrefixBits(estimatedKeys),
      suffixBytes: options.suffixBytes ?? defaultSuffixBytes,
      countBytes: source.format === "passwords" ? 0 : 2,
    });
  const sorter = sortFirst
    ? new ExternalSorter({
        capacity: options.sortCapacity ?? defaultSortCapacity,
        runPath: (run) => `${pending.temporaryPath}.run-${run}`,
      })
    : null;
  try {
    let writer: CorpusWriter;
    if (sorter) {
      await feedRows(source, sorter, counters, () => report("reading"));
      report("sorting");
      let created: CorpusWriter | undefined;
      await sorter.drain((estimatedKeys) => {
        created = createWriter(estimatedKeys);
        return created;
      });
      writer = created as CorpusWriter;
    } else {
      writer = createWriter(estimateRowCount(source));
      await feedRows(source, writer, counters, () => report("reading"));
    }
    const header = writer.finish(
      {
        sourceKind: source.format,
        sourceName: source.name,
        linesRead: counters.linesRead,
        rowsSkipped: counters.rowsSkipped,
      },
      (options.now ?? Date.now)(),
    );
    if (header.recordCount === 0) {
      // An empty corpus would quietly accept every password.
      throw new CorpusImportError(`${options.sourcePath}: no hashes found`);
    }
    pending.commit();
    return {
      format: source.format,
      header,
      version: versionFromDigest(header.digest),
      counters,
      sorted: sortFirst,
    };
  } catch (error) {
    pending.abort();
    throw error;
  } finally {
    sorter?.removeRuns();
  }
}
