import { createHash, type Hash } from "node:crypto";
import { endianness } from "node:os";
import {
  type CorpusDescription,
  type CorpusHeader,
  type CorpusParameters,
  encodeCount,
  headerBytes,
  indexEntryCount,
  keyBucket,
  keySuffix,
  maximumEncodableCount,
  maximumRecordCount,
  recordBytes,
  validateParameters,
} from "./format";
import { encodeHeader } from "./header";

/** Keys arrived in descending order: the caller falls back to sorting. */
export class OutOfOrderError extends Error {
  override name = "OutOfOrderError";
}

/** Where the bytes of a corpus go: a file descriptor, or memory for the built-in default. */
export type ByteSink = (bytes: Buffer, position: number) => void;

const flushBytes = 1 << 20;

/**
 * Writes a corpus from keys given in ascending order (the first 64 bits of each SHA-1 as two
 * u32), merging equal keys by adding their counts. Memory: the bucket table and one buffer.
 */
export class CorpusWriter {
  readonly parameters: CorpusParameters;
  private readonly sink: ByteSink;
  private readonly bucketRecords: Uint32Array;
  private readonly digest: Hash = createHash("sha256");
  private readonly buffer = Buffer.allocUnsafe(flushBytes);
  private readonly recordSize: number;
  private used = 0;
  private position = headerBytes;
  private recordCount = 0;
  private pendingBucket = -1;
  private pendingSuffix = -1;
  private pendingCount = 0;

  constructor(sink: ByteSink, parameters: CorpusParameters) {
    validateParameters(parameters);
    this.sink = sink;
    this.parameters = { ...parameters };
    this.recordSize = recordBytes(parameters);
    this.bucketRecords = new Uint32Array(indexEntryCount(parameters.prefixBits));
    this.digest.update(JSON.stringify(this.parameters));
  }

  add(high: number, low: number, count: number): void {
    const { prefixBits, suffixBytes } = this.parameters;
    const bucket = keyBucket(high, prefixBits);
    const suffix = keySuffix(high, low, prefixBits, suffixBytes);
    if (bucket === this.pendingBucket && suffix === this.pendingSuffix) {
      this.pendingCount += count;
      return;
    }
    if (
      bucket < this.pendingBucket ||
      (bucket === this.pendingBucket && suffix < this.pendingSuffix)
    ) {
      throw new OutOfOrderError("keys are not in ascending order");
    }
    this.emitPending();
    this.pendingBucket = bucket;
    this.pendingSuffix = suffix;
    this.pendingCount = count;
  }

  /** Writes the index and the header; the caller then fsyncs and renames. */
  finish(description: CorpusDescription, builtAtMs: number): CorpusHeader {
    this.emitPending();
    this.flush();
    const starts = this.bucketRecords;
    let maximumBucketRecords = 0;
    let total = 0;
    for (let bucket = 0; bucket < starts.length; bucket++) {
      const records = starts[bucket] as number;
      if (records > maximumBucketRecords) maximumBucketRecords = records;
      starts[bucket] = total;
      total += records;
    }
    const index = Buffer.from(starts.buffer, starts.byteOffset, starts.byteLength);
    if (endianness() === "BE") index.swap32();
    this.digest.update(index);
    this.sink(index, this.position);
    const header: CorpusHeader = {
      ...this.parameters,
      recordCount: this.recordCount,
      builtAtMs,
      indexOffset: this.position,
      maximumBucketRecords,
      digest: this.digest.digest(),
      description,
    };
    this.sink(encodeHeader(header), 0);
    return header;
  }

  private emitPending(): void {
    if (this.pendingBucket < 0) return;
    if (this.recordCount === maximumRecordCount) {
      throw new RangeError(`a corpus holds at most ${maximumRecordCount} hashes`);
    }
    if (this.used + this.recordSize > this.buffer.length) this.flush();
    const { suffixBytes, countBytes } = this.parameters;
    let suffix = this.pendingSuffix;
    for (let byte = suffixBytes - 1; byte >= 0; byte--) {
      this.buffer[this.used + byte] = suffix % 256;
      suffix = Math.floor(suffix / 256);
    }
    if (countBytes === 2) {
      const count = Math.min(this.pendingCount, maximumEncodableCount);
      this.buffer.writeUInt16BE(encodeCount(count), this.used + suffixBytes);
    }
    this.used += this.recordSize;
    this.bucketRecords[this.pendingBucket] = (this.bucketRecords[this.pendingBucket] as number) + 1;
    this.recordCount++;
  }

  private flush(): void {
    if (this.used === 0) return;
    const bytes = this.buffer.subarray(0, this.used);
    this.digest.update(bytes);
    this.sink(bytes, this.position);
    this.position += this.used;
    this.used = 0;
  }
}
