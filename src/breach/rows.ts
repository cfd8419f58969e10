import { normalizePasswordInput } from "../passwords/input";
import { hashPasswordSha1 } from "./source";

/**
 * Parsers for one row of each import format. Each answers a key (the first 64 bits of the
 * SHA-1 as two u32) and a count, `null` for a row to skip, or a problem to report with the
 * line number. HIBP rows are `HEX:count` with upper- or lower-case hex.
 */
export type RowResult = { high: number; low: number; count: number } | null | { problem: string };

const hexValues = new Int8Array(256).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  hexValues["0123456789ABCDEF".charCodeAt(digit)] = digit;
  hexValues["0123456789abcdef".charCodeAt(digit)] = digit;
}
const colon = 58;
const zero = 48;
const maximumCountDigits = 15;
const maximumCount = 0xffff_ffff;
const row = { high: 0, low: 0, count: 0 };

/**
 * Parses `hex:count` where the hex completes a SHA-1 whose first `knownNibbles` nibbles are
 * `knownValue` (0 and 0 for a full hash, 5 and the file's prefix for the HIBP folder).
 * The returned object is reused between calls: copy what you keep.
 */
export function parseHashRow(
  bytes: Buffer,
  start: number,
  end: number,
  knownNibbles: number,
  knownValue: number,
): RowResult {
  const hexDigits = 40 - knownNibbles;
  if (end - start < hexDigits + 2 || bytes[start + hexDigits] !== colon) {
    return { problem: `expected ${hexDigits} hex digits, ':' and a count` };
  }
  let high = knownValue;
  let low = 0;
  for (let offset = 0; offset < hexDigits; offset++) {
    const digit = hexValues[bytes[start + offset] as number] as number;
    if (digit < 0) return { problem: `expected ${hexDigits} hex digits, ':' and a count` };
    const nibble = knownNibbles + offset;
    if (nibble < 8) high = high * 16 + digit;
    else if (nibble < 16) low = low * 16 + digit;
  }
  const countStart = start + hexDigits + 1;
  if (end - countStart > maximumCountDigits) return { problem: "count is too large" };
  let count = 0;
  for (let offset = countStart; offset < end; offset++) {
    const digit = (bytes[offset] as number) - zero;
    if (digit < 0 || digit > 9) return { problem: "count must be a whole number" };
    count = count * 10 + digit;
  }
  // Zero-count rows are HIBP's padding: present in the format, absent from the breach.
  if (count === 0) return null;
  row.high = high;
  row.low = low;
  row.count = Math.min(count, maximumCount);
  return row;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A password list row: UTF-8, NFKC-normalised like every password rekey checks. Rows no
 * member could enter (empty, too long, control characters) are skipped. Problems never quote
 * the row, which is a password.
 */
export function parsePasswordRow(bytes: Buffer, start: number, end: number): RowResult {
  if (start === end) return null;
  let text: string;
  try {
    text = utf8.decode(bytes.subarray(start, end));
  } catch {
    return { problem: "not valid UTF-8 (convert the list with iconv first)" };
  }
  const input = normalizePasswordInput(text);
  if (!input.ok) return null;
  const sha1 = hashPasswordSha1(input.password);
  row.high = sha1.readUInt32BE(0);
  row.low = sha1.readUInt32BE(4);
  row.count = 1;
  return row;
}

export function isProblem(result: RowResult): result is { problem: string } {
  return result !== null && "problem" in result;
}
