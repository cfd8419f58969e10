import assert from "node:assert/strict";
import { hash, randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { packagedLists } from "../src/breach/packaged-lists";
import { sha1PrefixOfShortPassword } from "../src/breach/sha1-prefix";

function prefixOf(password: string): [number, number] | null {
  const out = new Uint32Array(2);
  return sha1PrefixOfShortPassword(password, out) ? [out[0] as number, out[1] as number] : null;
}

function nodePrefix(password: string): [number, number] {
  const sha1 = hash("sha1", Buffer.from(password, "utf8"), "buffer");
  return [sha1.readUInt32BE(0), sha1.readUInt32BE(4)];
}

describe("the first 64 bits of SHA-1 for the packaged default", () => {
  test("known answers (FIPS 180-4 examples and the empty string)", () => {
    assert.deepEqual(prefixOf("abc"), [0xa9993e36, 0x4706816a]);
    assert.deepEqual(prefixOf(""), [0xda39a3ee, 0x5e6b4b0d]);
    assert.deepEqual(prefixOf("password"), [0x5baa61e4, 0xc9b93f3f]);
  });

  test("equals node:crypto for every length that fits one block, in ASCII and multi-byte UTF-8", () => {
    for (let length = 0; length <= 55; length++) {
      const ascii = randomBytes(length).toString("base64").slice(0, length);
      assert.deepEqual(prefixOf(ascii), nodePrefix(ascii), `ascii ${length}`);
    }
    for (const password of [
      "パスワード１２３",
      "mañana-ünïcode",
      "🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑",
      "\ud800lone",
    ]) {
      assert.deepEqual(prefixOf(password), nodePrefix(password), password);
    }
  });

  test("declines what does not fit one block, so the caller uses node:crypto", () => {
    assert.equal(prefixOf("a".repeat(56)), null);
    assert.equal(prefixOf("é".repeat(28)), null, "56 UTF-8 bytes from 28 characters");
    assert.notEqual(prefixOf("é".repeat(27)), null);
  });

  test("equals node:crypto on the packaged passwords", () => {
    let compared = 0;
    for (const list of packagedLists) {
      const passwords = list.readPasswords();
      // Every 5th line of each list: 300,000 passwords of every shape the lists hold.
      for (let line = 0; line < passwords.length; line += 5) {
        const password = (passwords[line] as string).normalize("NFKC");
        const fast = prefixOf(password);
        if (fast === null) continue;
        assert.deepEqual(fast, nodePrefix(password), `${list.name} line ${line + 1}`);
        compared++;
      }
    }
    assert.ok(compared > 300_000, `${compared}`);
  });
});
