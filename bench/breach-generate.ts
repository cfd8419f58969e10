import { randomFillSync } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";
import { hashPasswordSha1 } from "../src/breach/source";

/**
 * Writes a synthetic file in the HIBP downloader's single-file format: `SHA1:count` lines with
 * CRLF endings, ordered by hash, with `hashes` random hashes plus the known passwords.
 * Counts follow a heavy tail like HIBP's (most are small, a few are in the millions).
 */

export interface KnownPassword {
  password: string;
  count: number;
}

export function knownPasswords(total: number): KnownPassword[] {
  return Array.from({ length: total }, (_, index) => ({
    password: `rekey-bench-known-${index}`,
    count: index === 0 ? 37_359_195 : ((index * 7919) % 100_000) + 1,
  }));
}

const prefixBuckets = 1 << 20;
const hexDigits = Buffer.from("0123456789ABCDEF", "latin1");

export function generateHibpFile(path: string, hashes: number, known: KnownPassword[]): number {
  const knownByPrefix = groupKnownByPrefix(known);
  const fd = openSync(path, "w");
  const output = Buffer.allocUnsafe(8 << 20);
  const tail = Buffer.allocUnsafe(12 * 4096);
  let used = 0;
  let written = 0;
  try {
    for (let prefix = 0; prefix < prefixBuckets; prefix++) {
      const randomRows =
        Math.floor(hashes / prefixBuckets) + (prefix < hashes % prefixBuckets ? 1 : 0);
      const extra = knownByPrefix.get(prefix) ?? [];
      const keys = new Float64Array(randomRows + extra.length);
      // The 44 bits after the 20-bit prefix, sorted: rows come out in hash order.
      for (let row = 0; row < randomRows; row++) keys[row] = Math.floor(Math.random() * 2 ** 44);
      extra.forEach((entry, index) => {
        keys[randomRows + index] = entry.key44;
      });
      keys.sort();
      if (tail.length < keys.length * 12) throw new RangeError("too many rows per prefix");
      randomFillSync(tail, 0, keys.length * 12);
      for (let row = 0; row < keys.length; row++) {
        if (used + 64 > output.length) {
          writeSync(fd, output, 0, used);
          written += used;
          used = 0;
        }
        const key44 = keys[row] as number;
        const knownRow = extra.find((entry) => entry.key44 === key44);
        used = writeHex(output, used, prefix, 5);
        used = writeHex(output, used, key44, 11);
        if (knownRow) {
          used += output.write(knownRow.tailHex, used, "latin1");
        } else {
          for (let byte = 0; byte < 12; byte++) {
            const value = tail[row * 12 + byte] as number;
            output[used++] = hexDigits[value >> 4] as number;
            output[used++] = hexDigits[value & 15] as number;
          }
        }
        const count = knownRow ? knownRow.count : heavyTailCount();
        used += output.write(`:${count}\r\n`, used, "latin1");
      }
    }
    writeSync(fd, output, 0, used);
    written += used;
  } finally {
    closeSync(fd);
  }
  return written;
}

function writeHex(output: Buffer, at: number, value: number, digits: number): number {
  let remaining = value;
  for (let digit = digits - 1; digit >= 0; digit--) {
    output[at + digit] = hexDigits[remaining % 16] as number;
    remaining = Math.floor(remaining / 16);
  }
  return at + digits;
}

/** P(count >= k) = 1/k: half the rows are seen once, a few millions of times. */
function heavyTailCount(): number {
  return Math.min(Math.floor(1 / (1 - Math.random())), 100_000_000);
}

function groupKnownByPrefix(
  known: KnownPassword[],
): Map<number, { key44: number; tailHex: string; count: number }[]> {
  const grouped = new Map<number, { key44: number; tailHex: string; count: number }[]>();
  for (const entry of known) {
    const hex = hashPasswordSha1(entry.password).toString("hex").toUpperCase();
    const prefix = Number.parseInt(hex.slice(0, 5), 16);
    const rows = grouped.get(prefix) ?? [];
    rows.push({
      key44: Number.parseInt(hex.slice(5, 16), 16),
      tailHex: hex.slice(16),
      count: entry.count,
    });
    grouped.set(prefix, rows);
  }
  return grouped;
}
