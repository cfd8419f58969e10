import { statSync } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { CorpusImportError, forEachLine, forEachLineOfSmallFile, type LineHandler } from "./lines";
import { isProblem, parseHashRow, parsePasswordRow, type RowResult } from "./rows";
import type { KeySink } from "./runs";

export const importFormats = ["hibp-file", "hibp-folder", "passwords"] as const;
export type ImportFormat = (typeof importFormats)[number];

/** What an import reads: its files in key order (one for a file, sorted names for a folder). */
export interface ImportSource {
  format: ImportFormat;
  name: string;
  files: { path: string; bytes: number; prefix?: number }[];
  totalBytes: number;
}

export interface FeedCounters {
  bytesRead: number;
  linesRead: number;
  rowsAccepted: number;
  rowsSkipped: number;
}

const hibpHashLine = /^[0-9A-Fa-f]{40}:[0-9]+\r?$/;
const ntlmHashLine = /^[0-9A-Fa-f]{32}:[0-9]+\r?$/;
/** Prefix files up to this size are read at once (no chunk loop, no asynchronous round trips). */
const smallFileBytes = 4 << 20;
const prefixFileName = /^([0-9A-Fa-f]{5})\.txt$/;

/** Finds the files to read; without a format, a folder is HIBP's and a file is sniffed. */
export async function openImportSource(path: string, format?: ImportFormat): Promise<ImportSource> {
  const found = await stat(path).catch(() => {
    throw new CorpusImportError(`${path}: no such file or folder`);
  });
  const chosen = format ?? (found.isDirectory() ? "hibp-folder" : await sniffFileFormat(path));
  if ((chosen === "hibp-folder") !== found.isDirectory()) {
    throw new CorpusImportError(
      `${path}: --format ${chosen} needs ${chosen === "hibp-folder" ? "a folder" : "a file"}`,
    );
  }
  if (chosen !== "hibp-folder") {
    return {
      format: chosen,
      name: basename(path),
      files: [{ path, bytes: found.size }],
      totalBytes: found.size,
    };
  }
  return listPrefixFiles(path);
}

async function sniffFileFormat(path: string): Promise<ImportFormat> {
  const file = await open(path, "r");
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const firstLine = head.toString("latin1", 0, bytesRead).split("\n")[0] ?? "";
    if (ntlmHashLine.test(firstLine)) {
      throw new CorpusImportError(
        `${path}:1: these are NTLM hashes; download the SHA-1 hashes (the downloader without -n)`,
      );
    }
    return hibpHashLine.test(firstLine) ? "hibp-file" : "passwords";
  } finally {
    await file.close();
  }
}

async function listPrefixFiles(folder: string): Promise<ImportSource> {
  const byPrefix = new Map<number, string>();
  for (const entry of await readdir(folder)) {
    const match = prefixFileName.exec(entry);
    if (!match) continue;
    const prefix = Number.parseInt(match[1] as string, 16);
    if (byPrefix.has(prefix)) {
      throw new CorpusImportError(`${folder}: ${entry} and ${byPrefix.get(prefix)} overlap`);
    }
    byPrefix.set(prefix, entry);
  }
  if (byPrefix.size === 0) {
    throw new CorpusImportError(`${folder}: no PREFIX.txt files (such as 5BAA6.txt) found`);
  }
  const files = [];
  let totalBytes = 0;
  for (const prefix of [...byPrefix.keys()].sort((a, b) => a - b)) {
    const path = join(folder, byPrefix.get(prefix) as string);
    const { size } = statSync(path);
    files.push({ path, bytes: size, prefix });
    totalBytes += size;
  }
  return { format: "hibp-folder", name: basename(folder), files, totalBytes };
}

/** Bytes a row takes on average, to size the bucket index before the count is known. */
export function estimateRowCount(source: ImportSource): number {
  const bytesPerRow = { "hibp-file": 44, "hibp-folder": 39, passwords: 10 }[source.format];
  return Math.ceil(source.totalBytes / bytesPerRow);
}

/**
 * Parses every row of the source into the sink. A bad row stops the import with the file and
 * line number; HIBP rows are quoted (hashes are not secrets), password rows never are.
 */
export async function feedRows(
  source: ImportSource,
  sink: KeySink,
  counters: FeedCounters,
  onProgress: () => void,
): Promise<void> {
  for (const [index, file] of source.files.entries()) {
    const onLine = lineHandler(source.format, file, sink, counters);
    if (source.format === "hibp-folder" && file.bytes <= smallFileBytes) {
      counters.linesRead += forEachLineOfSmallFile(file.path, onLine);
      counters.bytesRead += file.bytes;
      // A folder holds a million small files: let timers and requests run now and then.
      if (index % 64 === 63) {
        onProgress();
        await yieldToEventLoop();
      }
    } else {
      counters.linesRead += await forEachLine(file.path, onLine, (bytes) => {
        counters.bytesRead += bytes;
        onProgress();
      });
    }
  }
  onProgress();
}

function lineHandler(
  format: ImportFormat,
  file: ImportSource["files"][number],
  sink: KeySink,
  counters: FeedCounters,
): LineHandler {
  const parse = rowParser(format, file.prefix ?? 0);
  return (bytes, start, end, lineNumber) => {
    const result = start === end ? null : parse(bytes, start, end);
    if (result === null) {
      counters.rowsSkipped++;
      return;
    }
    if (isProblem(result)) {
      const quoted =
        format === "passwords"
          ? ""
          : ` (got ${JSON.stringify(bytes.toString("latin1", start, Math.min(end, start + 60)))})`;
      throw new CorpusImportError(`${file.path}:${lineNumber}: ${result.problem}${quoted}`);
    }
    try {
      sink.add(result.high, result.low, result.count);
    } catch (error) {
      if (error instanceof Error) error.message = `${file.path}:${lineNumber}: ${error.message}`;
      throw error;
    }
    counters.rowsAccepted++;
  };
}

function rowParser(
  format: ImportFormat,
  prefix: number,
): (bytes: Buffer, start: number, end: number) => RowResult {
  if (format === "passwords") return parsePasswordRow;
  if (format === "hibp-folder") {
    return (bytes, start, end) => parseHashRow(bytes, start, end, 5, prefix);
  }
  return (bytes, start, end) => parseHashRow(bytes, start, end, 0, 0);
}
