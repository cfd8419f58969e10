import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";

/** Receives keys (the first 64 bits of a SHA-1 as two u32) with their counts. */
export interface KeySink {
  add(high: number, low: number, count: number): void;
}

const runRecordBytes = 12;
/** A whole number of records, so a read never ends inside one. */
const runReadBytes = runRecordBytes * 21_845;
const maximumCount = 0xffff_ffff;

/**
 * Sorts keys that arrive in any order with bounded memory: `capacity` keys are radix-sorted in
 * memory (24 bytes each with scratch), spilled as a sorted run, and the runs are merged at the
 * end. Input that fits in one run never touches the disk.
 */
export class ExternalSorter implements KeySink {
  private readonly high: Uint32Array;
  private readonly low: Uint32Array;
  private readonly count: Uint32Array;
  private readonly runPaths: string[] = [];
  private used = 0;
  private added = 0;

  constructor(private readonly options: { capacity: number; runPath: (run: number) => string }) {
    this.high = new Uint32Array(options.capacity);
    this.low = new Uint32Array(options.capacity);
    this.count = new Uint32Array(options.capacity);
  }

  add(high: number, low: number, count: number): void {
    if (this.used === this.options.capacity) this.spill();
    this.high[this.used] = high;
    this.low[this.used] = low;
    this.count[this.used] = Math.min(count, maximumCount);
    this.used++;
    this.added++;
  }

  /** Feeds every key in ascending order to the sink made for (at most) this many keys. */
  async drain(createSink: (estimatedKeys: number) => KeySink): Promise<void> {
    const sink = createSink(this.added);
    if (this.runPaths.length === 0) {
      const unique = sortAndMerge(this.high, this.low, this.count, this.used);
      for (let key = 0; key < unique; key++) {
        sink.add(this.high[key] as number, this.low[key] as number, this.count[key] as number);
      }
      return;
    }
    this.spill();
    await mergeRuns(this.runPaths, sink);
  }

  /** Deletes the spilled runs; call it whether the import succeeded or not. */
  removeRuns(): void {
    for (const path of this.runPaths) rmSync(path, { force: true });
  }

  private spill(): void {
    const unique = sortAndMerge(this.high, this.low, this.count, this.used);
    const path = this.options.runPath(this.runPaths.length);
    this.runPaths.push(path);
    const fd = openSync(path, "w", 0o600);
    try {
      const chunk = Buffer.allocUnsafe(runReadBytes);
      let filled = 0;
      for (let key = 0; key < unique; key++) {
        chunk.writeUInt32LE(this.high[key] as number, filled);
        chunk.writeUInt32LE(this.low[key] as number, filled + 4);
        chunk.writeUInt32LE(this.count[key] as number, filled + 8);
        filled += runRecordBytes;
        if (filled + runRecordBytes > chunk.length) {
          writeSync(fd, chunk, 0, filled);
          filled = 0;
        }
      }
      writeSync(fd, chunk, 0, filled);
    } finally {
      closeSync(fd);
    }
    this.used = 0;
  }
}

/** LSD radix sort on 16-bit digits (four passes), then equal keys merged; returns the count. */
export function sortAndMerge(
  high: Uint32Array,
  low: Uint32Array,
  count: Uint32Array,
  length: number,
): number {
  type Columns = { high: Uint32Array; low: Uint32Array; count: Uint32Array };
  const from: Columns = { high, low, count };
  const to: Columns = {
    high: new Uint32Array(length),
    low: new Uint32Array(length),
    count: new Uint32Array(length),
  };
  const histogram = new Uint32Array(0x10000);
  let source = from;
  let target = to;
  for (const [useHigh, shift] of [
    [false, 0],
    [false, 16],
    [true, 0],
    [true, 16],
  ] as const) {
    const digits = useHigh ? source.high : source.low;
    histogram.fill(0);
    for (let i = 0; i < length; i++) {
      const digit = ((digits[i] as number) >>> shift) & 0xffff;
      histogram[digit] = (histogram[digit] as number) + 1;
    }
    let offset = 0;
    for (let digit = 0; digit < 0x10000; digit++) {
      const size = histogram[digit] as number;
      histogram[digit] = offset;
      offset += size;
    }
    for (let i = 0; i < length; i++) {
      const digit = ((digits[i] as number) >>> shift) & 0xffff;
      const place = histogram[digit] as number;
      histogram[digit] = place + 1;
      target.high[place] = source.high[i] as number;
      target.low[place] = source.low[i] as number;
      target.count[place] = source.count[i] as number;
    }
    [source, target] = [target, source];
  }
  // Four passes leave the sorted keys back in the caller's arrays.
  let unique = 0;
  for (let i = 0; i < length; i++) {
    if (unique > 0 && high[unique - 1] === high[i] && low[unique - 1] === low[i]) {
      count[unique - 1] = Math.min(
        (count[unique - 1] as number) + (count[i] as number),
        maximumCount,
      );
    } else {
      high[unique] = high[i] as number;
      low[unique] = low[i] as number;
      count[unique] = count[i] as number;
      unique++;
    }
  }
  return unique;
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
async function mergeRuns(paths: string[], sink: KeySink): Promise<void> {
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
