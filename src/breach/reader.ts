import { closeSync, fstatSync, openSync, read, readSync } from "node:fs";
import { endianness } from "node:os";
import { promisify } from "node:util";
import {
  type CorpusHeader,
  decodeCount,
  headerBytes,
  indexEntryCount,
  keyBucket,
  keySuffix,
  recordBytes,
} from "./format";
import { CorpusFormatError, decodeHeader, versionFromDigest } from "./header";
import { verifyCorpusDigest, verifyCorpusDigestAsync } from "./integrity";

/** Fills `target[0, length)` with the corpus bytes at `position`. */
type ReadBytes = (target: Buffer, length: number, position: number) => void;

/**
 * An open corpus. Only the header and the bucket index (at most 64 MiB) live in memory; each
 * lookup reads one bucket (a few hundred bytes) at a computed offset, so resident memory does
 * not grow with the corpus and a cold lookup costs one page read.
 */
export class CorpusReader {
  readonly header: CorpusHeader;
  readonly version: string;
  readonly fileBytes: number;
  private readonly readBytes: ReadBytes;
  private readonly index: Uint32Array;
  private readonly recordSize: number;
  private readonly scratch: Buffer;
  private readonly release: () => void;

  constructor(options: {
    readBytes: ReadBytes;
    fileBytes: number;
    release?: () => void;
  }) {
    this.readBytes = options.readBytes;
    this.fileBytes = options.fileBytes;
    this.release = options.release ?? (() => {});
    const headerBuffer = Buffer.alloc(headerBytes);
    if (options.fileBytes >= headerBytes) this.readBytes(headerBuffer, headerBytes, 0);
    this.header = decodeHeader(headerBuffer, options.fileBytes);
    this.version = versionFromDigest(this.header.digest);
    this.recordSize = recordBytes(this.header);
    this.index = this.readIndex();
    this.scratch = Buffer.alloc(Math.max(1, this.header.maximumBucketRecords * this.recordSize));
  }

  /** Looks up the SHA-1 of a password (20 bytes). */
  lookupHash(sha1: Buffer): { found: boolean; count?: number } {
    const { prefixBits, suffixBytes, countBytes } = this.header;
    const high = sha1.readUInt32BE(0);
    const low = sha1.readUInt32BE(4);
    const bucket = keyBucket(high, prefixBits);
    const wanted = keySuffix(high, low, prefixBits, suffixBytes);
    const start = this.index[bucket] as number;
    const records = (this.index[bucket + 1] as number) - start;
    if (records === 0) return { found: false };
    this.readBytes(this.scratch, records * this.recordSize, headerBytes + start * this.recordSize);
    let lowest = 0;
    let highest = records - 1;
    while (lowest <= highest) {
      const middle = (lowest + highest) >>> 1;
      const offset = middle * this.recordSize;
      let suffix = 0;
      for (let byte = 0; byte < suffixBytes; byte++) {
        suffix = suffix * 256 + (this.scratch[offset + byte] as number);
      }
      if (suffix === wanted) {
        return countBytes === 2
          ? { found: true, count: decodeCount(this.scratch.readUInt16BE(offset + suffixBytes)) }
          : { found: true };
      }
      if (suffix < wanted) lowest = middle + 1;
      else highest = middle - 1;
    }
    return { found: false };
  }

  /** Hashes the whole file against the header's digest; throws CorpusIntegrityError if not. */
  verifyDigest(): void {
    verifyCorpusDigest(this.header, this.fileBytes, this.readBytes);
  }

  close(): void {
    this.release();
  }

  /** Reads the bucket index and checks it, so a damaged file cannot cause an oversized read. */
  private readIndex(): Uint32Array {
    const { prefixBits, recordCount, maximumBucketRecords, indexOffset } = this.header;
    const index = new Uint32Array(indexEntryCount(prefixBits));
    const bytes = Buffer.from(index.buffer);
    this.readBytes(bytes, bytes.length, indexOffset);
    if (endianness() === "BE") bytes.swap32();
    let previous = 0;
    for (let bucket = 0; bucket < index.length; bucket++) {
      const start = index[bucket] as number;
      if (start < previous || start - previous > maximumBucketRecords) {
        throw new CorpusFormatError(`corpus index is damaged at bucket ${bucket}`);
      }
      previous = start;
    }
    if (index[0] !== 0 || previous !== recordCount) {
      throw new CorpusFormatError("corpus index does not match the record count");
    }
    return index;
  }
}

/** Opens a corpus file read-only; the descriptor stays open until `close()`. */
export function openCorpusFile(path: string): CorpusReader {
  const fd = openSync(path, "r");
  try {
    return new CorpusReader({
      fileBytes: fstatSync(fd).size,
      readBytes: (target, length, position) => {
        const read = readSync(fd, target, 0, length, position);
        if (read !== length) throw new CorpusFormatError(`short read at ${position}`);
      },
      release: () => closeSync(fd),
    });
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

const readAsync = promisify(read);

/**
 * Opens a corpus file and checks its digest without holding the event loop, on the descriptor
 * it then reads from: a file renamed into place meanwhile cannot slip in unchecked.
 */
export async function openVerifiedCorpusFile(path: string): Promise<CorpusReader> {
  const fd = openSync(path, "r");
  try {
    const fileBytes = fstatSync(fd).size;
    const headerBuffer = Buffer.alloc(headerBytes);
    if (fileBytes >= headerBytes) readSync(fd, headerBuffer, 0, headerBytes, 0);
    const header = decodeHeader(headerBuffer, fileBytes);
    await verifyCorpusDigestAsync(header, fileBytes, async (target, length, position) => {
      const { bytesRead } = await readAsync(fd, target, 0, length, position);
      if (bytesRead !== length) throw new CorpusFormatError(`short read at ${position}`);
    });
    return new CorpusReader({
      fileBytes,
      readBytes: (target, length, position) => {
        const bytesRead = readSync(fd, target, 0, length, position);
        if (bytesRead !== length) throw new CorpusFormatError(`short read at ${position}`);
      },
      release: () => closeSync(fd),
    });
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

export function openCorpusBuffer(corpus: Buffer): CorpusReader {
  return new CorpusReader({
    fileBytes: corpus.length,
    readBytes: (target, length, position) => {
      corpus.copy(target, 0, position, position + length);
    },
  });
}
