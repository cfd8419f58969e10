import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";

/** Receives keys (the first 64 bits of a SHA-1 as two u32) with their counts. */
export interface KeySink {
  add(high: number, low: number, count: number): void;
}

/** A run file holds sorted keys as little-endian u32 triples: high, low, count. */
const runRecordBytes = 12;
/** A whole number of records, so a read never ends inside one. */
const runReadBytes = runRecordBytes * 21_845;

/** Writes the first `length` keys of sorted columns as a run file (readable by this process only). */
export function writeRun(
  path: string,
  columns: { high: Uint32Array; low: Uint32Array; count: Uint32Array },
  length: number,
): void {
  const fd = openSync(path, "w", 0o600);
  try {
    const chunk = Buffer.allocUnsafe(runReadBytes);
    let filled = 0;
    for (let key = 0; key < length; key++) {
      chunk.writeUInt32LE(columns.high[key] as number, filled);
      chunk.writeUInt32LE(columns.low[key] as number, filled + 4);
      chunk.writeUInt32LE(columns.count[key] as number, filled + 8);
      filled += runRecordBytes;
      if (filled === chunk.length) {
        writeSync(fd, chunk, 0, filled);
        filled = 0;
      }
    }
    writeSync(fd, chunk, 0, filled);
  } finally {
    closeSync(fd);
  }
}

class RunCursor {
  high = 0;
  low = 0;
  count = 0;
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(runReadBytes);
  private filled = 0;
  private offset = 0;
  private position = 0;

  constructor(path: string) {
    this.fd = openSync(path, "r");
  }

  /** Moves to the next key; false at the end of the run. */
  advance(): boolean {
    if (this.offset + runRecordBytes > this.filled) {
      this.filled = readSync(this.fd, this.buffer, 0, this.buffer.length, this.position);
      this.position += this.filled;
      this.offset = 0;
      if (this.filled < runRecordBytes) return false;
    }
    this.high = this.buffer.readUInt32LE(this.offset);
    this.low = this.buffer.readUInt32LE(this.offset + 4);
    this.count = this.buffer.readUInt32LE(this.offset + 8);
    this.offset += runRecordBytes;
    return true;
  }

  close(): void {
    closeSync(this.fd);
  }
}

function isBefore(a: RunCursor, b: RunCursor): boolean {
  return a.high < b.high || (a.high === b.high && a.low < b.low);
}

/** k-way merge through a binary heap; yields to the event loop now and then. */
export async function mergeRuns(paths: string[], sink: KeySink): Promise<void> {
  const cursors = paths.map((path) => new RunCursor(path));
  try {
    const heap = cursors.filter((cursor) => cursor.advance());
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i);
    let emitted = 0;
    while (heap.length > 0) {
      const top = heap[0] as RunCursor;
      sink.add(top.high, top.low, top.count);
      if (!top.advance()) {
        const last = heap.pop() as RunCursor;
        if (heap.length === 0) break;
        heap[0] = last;
      }
      siftDown(heap, 0);
      if (++emitted % 1_000_000 === 0) await yieldToEventLoop();
    }
  } finally {
    for (const cursor of cursors) cursor.close();
  }
}

function siftDown(heap: RunCursor[], start: number): void {
  let parent = start;
  for (;;) {
    const left = 2 * parent + 1;
    if (left >= heap.length) return;
    const right = left + 1;
    let smallest = left;
    if (right < heap.length && isBefore(heap[right] as RunCursor, heap[left] as RunCursor)) {
      smallest = right;
    }
    if (!isBefore(heap[smallest] as RunCursor, heap[parent] as RunCursor)) return;
    [heap[parent], heap[smallest]] = [heap[smallest] as RunCursor, heap[parent] as RunCursor];
    parent = smallest;
  }
}
