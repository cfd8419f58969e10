/**
 * The first 64 bits of SHA-1 (FIPS 180-4 s6.1) of a short password's UTF-8 bytes, for building
 * the packaged default at first start. Written by hand for one reason: node:crypto's one-shot
 * `hash()` spends most of its time crossing into C++ and allocating a Buffer for each of the
 * 1.5 million 8-byte passwords (4.7 µs a call on the loaded 2-core machine, 7 of the 16 s of a
 * first start); this loop over one 64-byte block takes a third of that. It is not used where a
 * secret is involved, only to compute lookup keys, and the tests check it against node:crypto
 * on every packaged password (test/breach-sha1-prefix.test.ts).
 *
 * Answers false, leaving `out` alone, when the password does not fit in one block (more than
 * 55 UTF-8 bytes); callers then use node:crypto. A lone surrogate becomes U+FFFD here as in
 * `Buffer.from(password, "utf8")`, so both give the same bytes.
 */
const block = new Uint8Array(64);
const schedule = new Int32Array(80);
const encoder = new TextEncoder();

export function sha1PrefixOfShortPassword(password: string, out: Uint32Array): boolean {
  if (password.length > 55) return false;
  const { read, written } = encoder.encodeInto(password, block);
  if (read !== password.length || written > 55) return false;
  block.fill(0, written);
  block[written] = 0x80;
  const w = schedule;
  for (let i = 0; i < 14; i++) {
    const at = 4 * i;
    w[i] =
      ((block[at] as number) << 24) |
      ((block[at + 1] as number) << 16) |
      ((block[at + 2] as number) << 8) |
      (block[at + 3] as number);
  }
  w[14] = 0;
  w[15] = written * 8;
  for (let i = 16; i < 80; i++) {
    const x =
      (w[i - 3] as number) ^ (w[i - 8] as number) ^ (w[i - 14] as number) ^ (w[i - 16] as number);
    w[i] = (x << 1) | (x >>> 31);
  }
  let a = 0x67452301;
  let b = 0xefcdab89 | 0;
  let c = 0x98badcfe | 0;
  let d = 0x10325476;
  let e = 0xc3d2e1f0 | 0;
  for (let i = 0; i < 80; i++) {
    let mixed: number;
    let constant: number;
    if (i < 20) {
      mixed = (b & c) | (~b & d);
      constant = 0x5a827999;
    } else if (i < 40) {
      mixed = b ^ c ^ d;
      constant = 0x6ed9eba1;
    } else if (i < 60) {
      mixed = (b & c) | (b & d) | (c & d);
      constant = 0x8f1bbcdc | 0;
    } else {
      mixed = b ^ c ^ d;
      constant = 0xca62c1d6 | 0;
    }
    const next = (((a << 5) | (a >>> 27)) + mixed + e + constant + (w[i] as number)) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = next;
  }
  out[0] = (0x67452301 + a) >>> 0;
  out[1] = ((0xefcdab89 | 0) + b) >>> 0;
  return true;
}
