import { createHash } from "node:crypto";

/**
 * phpass "portable" hashes ($P$ WordPress, $H$ phpBB), from Openwall's PasswordHash.php 0.5
 * (crypt_private and encode64). Written here because the npm ports (`phpass`,
 * `wordpress-hash-node`) have not been released for years; the algorithm is twenty lines.
 */
const itoa64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function computePhpassHash(password: string, storedHash: string): string {
  const setting = storedHash.slice(0, 12);
  const countLog2 = itoa64.indexOf(setting[3] ?? "");
  // The reference refuses counts outside 2^7..2^30; so do we, with a value that never matches.
  if (countLog2 < 7 || countLog2 > 30) return "*0";
  const salt = setting.slice(4, 12);
  const passwordBytes = Buffer.from(password, "utf8");
  let hash = createHash("md5").update(salt, "latin1").update(passwordBytes).digest();
  for (let count = 2 ** countLog2; count > 0; count--) {
    hash = createHash("md5").update(hash).update(passwordBytes).digest();
  }
  return setting + encode64(hash, 16);
}

function encode64(input: Buffer, count: number): string {
  let output = "";
  let i = 0;
  do {
    let value = input[i++] ?? 0;
    output += itoa64[value & 0x3f];
    if (i < count) value |= (input[i] ?? 0) << 8;
    output += itoa64[(value >> 6) & 0x3f];
    if (i++ >= count) break;
    if (i < count) value |= (input[i] ?? 0) << 16;
    output += itoa64[(value >> 12) & 0x3f];
    if (i++ >= count) break;
    output += itoa64[(value >> 18) & 0x3f];
  } while (i < count);
  return output;
}
