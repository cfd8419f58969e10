import { readFileSync } from "node:fs";
import { open } from "node:fs/promises";

/** A line of an import source is not what its format requires; nothing is swapped in. */
export class CorpusImportError extends Error {
  override name = "CorpusImportError";
}

/** Called for each line without its line ending (LF or CRLF); `end` is exclusive. */
export type LineHandler = (bytes: Buffer, start: number, end: number, lineNumber: number) => void;

const chunkBytes = 1 << 20;
const newline = 10;
const carriageReturn = 13;

/**
 * Streams a file line by line through one reusable buffer: memory stays at about 1 MiB whatever
 * the file size. A last line without a line ending is still a line. Reads are asynchronous, so
 * a running server or a test keeps answering during an import.
 */
export async function forEachLine(
  path: string,
  onLine: LineHandler,
  onBytesRead: (bytes: number) => void = () => {},
): Promise<number> {
  const file = await open(path, "r");
  const buffer = Buffer.allocUnsafe(chunkBytes);
  let carried = 0;
  let lineNumber = 0;
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, carried, buffer.length - carried, null);
      const filled = carried + bytesRead;
      const scanned = scanCompleteLines(buffer, filled, lineNumber, onLine);
      lineNumber = scanned.lineNumber;
      carried = filled - scanned.rest;
      onBytesRead(bytesRead);
      if (bytesRead === 0) return finishLastLine(buffer, 0, filled, lineNumber, onLine);
      if (carried === buffer.length) {
        throw new CorpusImportError(`${path}:${lineNumber + 1}: line longer than 1 MiB`);
      }
      buffer.copy(buffer, 0, scanned.rest, filled);
    }
  } finally {
    await file.close();
  }
}

/** The same for a small file read at once (HIBP's prefix files are about 40 kB each). */
export function forEachLineOfSmallFile(path: string, onLine: LineHandler): number {
  const bytes = readFileSync(path);
  const scanned = scanCompleteLines(bytes, bytes.length, 0, onLine);
  return finishLastLine(bytes, scanned.rest, bytes.length, scanned.lineNumber, onLine);
}

function scanCompleteLines(
  bytes: Buffer,
  filled: number,
  lineNumber: number,
  onLine: LineHandler,
): { rest: number; lineNumber: number } {
  const view = bytes.subarray(0, filled);
  let start = 0;
  let current = lineNumber;
  for (;;) {
    const lineEnd = view.indexOf(newline, start);
    if (lineEnd < 0) return { rest: start, lineNumber: current };
    current++;
    onLine(bytes, start, trimCarriageReturn(bytes, start, lineEnd), current);
    start = lineEnd + 1;
  }
}

function finishLastLine(
  bytes: Buffer,
  start: number,
  end: number,
  lineNumber: number,
  onLine: LineHandler,
): number {
  if (end === start) return lineNumber;
  onLine(bytes, start, trimCarriageReturn(bytes, start, end), lineNumber + 1);
  return lineNumber + 1;
}

function trimCarriageReturn(bytes: Buffer, start: number, end: number): number {
  return end > start && bytes[end - 1] === carriageReturn ? end - 1 : end;
}
