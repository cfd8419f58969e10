import { rmSync } from "node:fs";
import { type KeySink, mergeRuns, writeRun } from "./runs";

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
    writeRun(path, { high: this.high, low: this.low, count: this.count }, unique);
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
