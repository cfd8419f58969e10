import { createHash, type Hash } from "node:crypto";
import { type CorpusHeader, headerBytes } from "./format";
import { CorpusFormatError } from "./header";

/** The corpus content does not match the SHA-256 digest in its header: the file is damaged. */
export class CorpusIntegrityError extends CorpusFormatError {
  override name = "CorpusIntegrityError";
}

/**
 * 4 MiB a read: large enough that the hash runs at memory speed, small enough that the async
 * check of a swap (a few milliseconds of hashing per read) never holds the event loop.
 */
const chunkBytes = 4 << 20;

/**
 * The digest covers what the writer hashed (writer.ts): the parameters as JSON, then every byte
 * after the header (records and index). A full check reads the whole file once: 1.7 s for a
 * 708 MB corpus (100M hashes) on a 2-core machine at load 17 (bench/breach-verify.ts), so about
 * 17 s for HIBP's 7 GB plus the disk read, paid at start and at each swap, never on a lookup.
 * That is why a full digest was kept over per-block checksums (a format change that would
 * only catch damage in the blocks a lookup happens to read): see README, Operations.
 */
function startDigest(header: CorpusHeader): Hash {
  const { prefixBits, suffixBytes, countBytes } = header;
  return createHash("sha256").update(JSON.stringify({ prefixBits, suffixBytes, countBytes }));
}

function checkDigest(header: CorpusHeader, computed: Buffer): void {
  if (!computed.equals(header.digest)) {
    throw new CorpusIntegrityError(
      `corpus is damaged: its content does not match the SHA-256 digest in its header ` +
        `(expected ${header.digest.toString("hex", 0, 8)}..., computed ` +
        `${computed.toString("hex", 0, 8)}...)`,
    );
  }
}

/** Checks the whole corpus synchronously (before a server listens, or in the CLI). */
export function verifyCorpusDigest(
  header: CorpusHeader,
  fileBytes: number,
  readBytes: (target: Buffer, length: number, position: number) => void,
): void {
  const digest = startDigest(header);
  const buffer = Buffer.allocUnsafe(chunkBytes);
  for (let position = headerBytes; position < fileBytes; position += chunkBytes) {
    const length = Math.min(chunkBytes, fileBytes - position);
    readBytes(buffer, length, position);
    digest.update(buffer.subarray(0, length));
  }
  checkDigest(header, digest.digest());
}

/** The same check, yielding to the event loop between reads (a running server's swap). */
export async function verifyCorpusDigestAsync(
  header: CorpusHeader,
  fileBytes: number,
  readBytes: (target: Buffer, length: number, position: number) => Promise<void>,
): Promise<void> {
  const digest = startDigest(header);
  const buffer = Buffer.allocUnsafe(chunkBytes);
  for (let position = headerBytes; position < fileBytes; position += chunkBytes) {
    const length = Math.min(chunkBytes, fileBytes - position);
    await readBytes(buffer, length, position);
    digest.update(buffer.subarray(0, length));
  }
  checkDigest(header, digest.digest());
}
