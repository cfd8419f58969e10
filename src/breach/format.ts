/**
 * The on-disk corpus format ("RKBREACH" version 1). One file, read with page reads:
 *
 *   header   4096 bytes: parameters, record count, SHA-256 digest, a JSON description
 *   records  recordCount fixed-width records, sorted: `suffixBytes` of key, `countBytes` of count
 *   index    2^prefixBits + 1 little-endian u32: the first record of each bucket, then the total
 *
 * A key is the first prefixBits + 8 * suffixBytes bits of the password's SHA-1. The first
 * prefixBits pick the bucket through the in-memory index, so they are not stored; the record
 * keeps the next 8 * suffixBytes bits. Keys are truncated: an absent password is reported only
 * when its key equals a listed one, with probability `falsePositiveRate()` (about 4e-11 at
 * HIBP scale).
 */

export const headerBytes = 4096;
export const formatMagic = "RKBREACH";
export const formatVersion = 1;
export const defaultSuffixBytes = 5;
/** Record ordinals are u32 in the index. */
export const maximumRecordCount = 0xffff_ffff;

export interface CorpusParameters {
  prefixBits: number;
  suffixBytes: number;
  /** 2 when the source has counts (HIBP), 0 for plain password lists. */
  countBytes: 0 | 2;
}

export interface CorpusDescription {
  /** hibp-file, hibp-folder, passwords, default or combo-scan: how the rows were read. */
  sourceKind: string;
  sourceName: string;
  linesRead: number;
  rowsSkipped: number;
  /** Its place in the stack of sources (stack.ts); files written before the stack infer it. */
  stackKind?: "packaged" | "file" | "combo-scan";
  /** What the source came from in rekey, such as the combo-list scan's ID. */
  reference?: string;
}

export interface CorpusHeader extends CorpusParameters {
  recordCount: number;
  builtAtMs: number;
  indexOffset: number;
  maximumBucketRecords: number;
  digest: Buffer;
  description: CorpusDescription;
}

/**
 * About 32 to 64 records a bucket: one small page read per lookup, and an index of at most
 * 2^24 entries (64 MiB) however large the corpus.
 */
export function choosePrefixBits(estimatedRecordCount: number): number {
  const bits = Math.floor(Math.log2(Math.max(estimatedRecordCount, 1))) - 5;
  return Math.min(24, Math.max(8, bits));
}

export function recordBytes(parameters: CorpusParameters): number {
  return parameters.suffixBytes + parameters.countBytes;
}

export function validateParameters(parameters: CorpusParameters): void {
  const { prefixBits, suffixBytes, countBytes } = parameters;
  if (!Number.isInteger(prefixBits) || prefixBits < 8 || prefixBits > 24) {
    throw new TypeError("prefixBits must be 8 to 24");
  }
  if (!Number.isInteger(suffixBytes) || suffixBytes < 1 || suffixBytes > defaultSuffixBytes) {
    throw new TypeError("suffixBytes must be 1 to 5");
  }
  if (countBytes !== 0 && countBytes !== 2) throw new TypeError("countBytes must be 0 or 2");
}

/** The bucket of a key: its first prefixBits bits (from the first 32 bits of the SHA-1). */
export function keyBucket(high: number, prefixBits: number): number {
  return high >>> (32 - prefixBits);
}

/**
 * The stored part of a key: the 8 * suffixBytes bits after the bucket, from the first 64 bits
 * of the SHA-1 as two u32. At most 40 bits, so an exact integer in a double.
 */
export function keySuffix(
  high: number,
  low: number,
  prefixBits: number,
  suffixBytes: number,
): number {
  const shiftedHigh = ((high << prefixBits) | (low >>> (32 - prefixBits))) >>> 0;
  const suffix40 = shiftedHigh * 256 + (((low << prefixBits) >>> 24) & 0xff);
  return suffixBytes === defaultSuffixBytes
    ? suffix40
    : Math.floor(suffix40 / 2 ** (40 - 8 * suffixBytes));
}

/**
 * Counts in two bytes: exact below 32,768, above that a 10-bit mantissa and 5-bit exponent,
 * rounded down (within 0.1%). HIBP's largest counts are in the tens of millions.
 */
export const exactCountLimit = 0x8000;
export const maximumEncodableCount = 2047 * 2 ** 36;

export function encodeCount(count: number): number {
  if (count < exactCountLimit) return count;
  const clamped = Math.min(count, maximumEncodableCount);
  let exponent = 0;
  while (clamped >= 2 ** (exponent + 16)) exponent++;
  const mantissa = Math.floor(clamped / 2 ** (exponent + 5)) - 1024;
  return exactCountLimit | (exponent << 10) | mantissa;
}

export function decodeCount(code: number): number {
  if (code < exactCountLimit) return code;
  const exponent = (code >>> 10) & 0x1f;
  return (1024 + (code & 0x3ff)) * 2 ** (exponent + 5);
}

/**
 * Probability that a password absent from the source shares its key with one of the
 * `recordCount` listed keys: 1 - (1 - 2^-bits)^n.
 */
export function falsePositiveRate(parameters: CorpusParameters, recordCount: number): number {
  const keyBits = parameters.prefixBits + 8 * parameters.suffixBytes;
  return -Math.expm1(recordCount * Math.log1p(-(2 ** -keyBits)));
}

export function indexEntryCount(prefixBits: number): number {
  return 2 ** prefixBits + 1;
}
