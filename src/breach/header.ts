import {
  type CorpusDescription,
  type CorpusHeader,
  formatMagic,
  formatVersion,
  headerBytes,
  indexEntryCount,
  maximumRecordCount,
  recordBytes,
  validateParameters,
} from "./format";

/** The file is not a corpus this version can read; the message says why. */
export class CorpusFormatError extends Error {
  override name = "CorpusFormatError";
}

// Byte offsets inside the header (little-endian).
const at = {
  magic: 0,
  version: 8,
  prefixBits: 12,
  suffixBytes: 16,
  countBytes: 20,
  maximumBucketRecords: 24,
  recordCount: 28,
  builtAtMs: 36,
  indexOffset: 44,
  digest: 52,
  descriptionLength: 84,
  description: 88,
} as const;
const digestBytes = 32;
const maximumDescriptionBytes = headerBytes - at.description;

export function encodeHeader(header: CorpusHeader): Buffer {
  const buffer = Buffer.alloc(headerBytes);
  buffer.write(formatMagic, at.magic, "latin1");
  buffer.writeUInt32LE(formatVersion, at.version);
  buffer.writeUInt32LE(header.prefixBits, at.prefixBits);
  buffer.writeUInt32LE(header.suffixBytes, at.suffixBytes);
  buffer.writeUInt32LE(header.countBytes, at.countBytes);
  buffer.writeUInt32LE(header.maximumBucketRecords, at.maximumBucketRecords);
  buffer.writeDoubleLE(header.recordCount, at.recordCount);
  buffer.writeDoubleLE(header.builtAtMs, at.builtAtMs);
  buffer.writeDoubleLE(header.indexOffset, at.indexOffset);
  header.digest.copy(buffer, at.digest, 0, digestBytes);
  const description = Buffer.from(JSON.stringify(header.description), "utf8");
  if (description.length > maximumDescriptionBytes) {
    throw new TypeError("the corpus description does not fit in the header");
  }
  buffer.writeUInt32LE(description.length, at.descriptionLength);
  description.copy(buffer, at.description);
  return buffer;
}

/** Reads and checks a header against the file size, so a truncated file is refused at open. */
export function decodeHeader(buffer: Buffer, fileBytes: number): CorpusHeader {
  if (buffer.length < headerBytes || buffer.toString("latin1", 0, 8) !== formatMagic) {
    throw new CorpusFormatError("not a rekey breach corpus (bad magic)");
  }
  const version = buffer.readUInt32LE(at.version);
  if (version !== formatVersion) {
    throw new CorpusFormatError(`corpus format version ${version} is not supported`);
  }
  const parameters = {
    prefixBits: buffer.readUInt32LE(at.prefixBits),
    suffixBytes: buffer.readUInt32LE(at.suffixBytes),
    countBytes: buffer.readUInt32LE(at.countBytes) as 0 | 2,
  };
  try {
    validateParameters(parameters);
  } catch (error) {
    throw new CorpusFormatError(`bad corpus parameters: ${(error as Error).message}`);
  }
  const recordCount = buffer.readDoubleLE(at.recordCount);
  const indexOffset = buffer.readDoubleLE(at.indexOffset);
  const expectedBytes = indexOffset + 4 * indexEntryCount(parameters.prefixBits);
  if (
    !Number.isInteger(recordCount) ||
    recordCount < 0 ||
    recordCount > maximumRecordCount ||
    indexOffset !== headerBytes + recordCount * recordBytes(parameters) ||
    fileBytes !== expectedBytes
  ) {
    throw new CorpusFormatError(
      `corpus is truncated or inconsistent (${fileBytes} bytes, expected ${expectedBytes})`,
    );
  }
  const descriptionLength = Math.min(
    buffer.readUInt32LE(at.descriptionLength),
    maximumDescriptionBytes,
  );
  let description: CorpusDescription;
  try {
    description = JSON.parse(
      buffer.toString("utf8", at.description, at.description + descriptionLength),
    );
  } catch {
    throw new CorpusFormatError("corpus description is not valid JSON");
  }
  return {
    ...parameters,
    recordCount,
    builtAtMs: buffer.readDoubleLE(at.builtAtMs),
    indexOffset,
    maximumBucketRecords: buffer.readUInt32LE(at.maximumBucketRecords),
    digest: Buffer.from(buffer.subarray(at.digest, at.digest + digestBytes)),
    description,
  };
}

/** The corpus version recorded with every check: the start of the content digest. */
export function versionFromDigest(digest: Buffer): string {
  return digest.toString("hex", 0, 8);
}
