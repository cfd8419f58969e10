/** A byte range of a combo list that starts at a line's start and ends after a line's end. */
export interface SegmentBounds {
  startByte: number;
  endByte: number;
  /** The list's line number (from 1) of the segment's first line. */
  firstLine: number;
}

/** About 30,000 lines: one lease covers a few seconds of parsing and at most a few hundred verifications. */
export const defaultSegmentBytes = 1024 * 1024;
/** The first line is kept (capped) to recognise a CSV header; the rest is never held. */
const firstLineLimitInBytes = 64 * 1024;

/**
 * Cuts a list into segments as it streams past, at the first line end after every
 * `segmentBytes`, counting lines so each segment knows its first line number. Holds nothing
 * of the list but its first line, so memory does not grow with the file.
 */
export function createSegmentCutter(options: { segmentBytes?: number } = {}) {
  const segmentBytes = options.segmentBytes ?? defaultSegmentBytes;
  const segments: SegmentBounds[] = [];
  let offset = 0;
  let lines = 0;
  let start = 0;
  let firstLineOfSegment = 1;
  let firstLine: Buffer | null = null;
  const firstLineParts: Buffer[] = [];
  let firstLineBytes = 0;

  return {
    feed(chunk: Buffer): void {
      if (firstLine === null) {
        const end = chunk.indexOf(10);
        const part = chunk.subarray(0, end === -1 ? chunk.length : end);
        if (firstLineBytes < firstLineLimitInBytes) {
          firstLineParts.push(part.subarray(0, firstLineLimitInBytes - firstLineBytes));
          firstLineBytes += part.length;
        }
        if (end !== -1) firstLine = Buffer.concat(firstLineParts);
      }
      let from = 0;
      for (;;) {
        const newline = chunk.indexOf(10, from);
        if (newline === -1) break;
        lines++;
        from = newline + 1;
        const lineEnd = offset + from;
        if (lineEnd - start >= segmentBytes) {
          segments.push({ startByte: start, endByte: lineEnd, firstLine: firstLineOfSegment });
          start = lineEnd;
          firstLineOfSegment = lines + 1;
        }
      }
      offset += chunk.length;
    },
    /** The segments, the last one ending at the end of the list (with or without a final newline). */
    finish(): { segments: SegmentBounds[]; totalBytes: number; firstLine: Buffer } {
      if (offset > start)
        segments.push({ startByte: start, endByte: offset, firstLine: firstLineOfSegment });
      return {
        segments,
        totalBytes: offset,
        firstLine: firstLine ?? Buffer.concat(firstLineParts),
      };
    },
  };
}
