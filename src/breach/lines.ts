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
      const view = buffer.subarray(0, filled);
      let start = 0;
      for (;;) {
        const lineEnd = view.indexOf(newline, start);
        if (lineEnd < 0) break;
        lineNumber++;
        onLine(buffer, start, trimCarriageReturn(buffer, start, lineEnd), lineNumber);
        start = lineEnd + 1;
      }
      carried = filled - start;
      onBytesRead(bytesRead);
      if (bytesRead === 0) {
        if (carried > 0) {
          lineNumber++;
          onLine(buffer, 0, trimCarriageReturn(buffer, 0, carried), lineNumber);
        }
        return lineNumber;
      }
      if (carried === buffer.length) {
        throw new CorpusImportError(`${path}:${lineNumber + 1}: line longer than 1 MiB`);
      }
      buffer.copy(buffer, 0, start, filled);
    }
  } finally {
    await file.close();
  }
}

function trimCarriageReturn(buffer: Buffer, start: number, end: number): number {
  return end > start && buffer[end - 1] === carriageReturn ? end - 1 : end;
}
