import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  generateSplitToken,
  generateTimeOrderedId,
  parseSplitToken,
  verifySecret,
} from "../src/tokens/split-token";

describe("split tokens", () => {
  test("carry a 22-character ID and 256 bits of secret, and only a 32-byte hash is kept", () => {
    const token = generateSplitToken();
    assert.match(token.id, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(Buffer.from(token.secret, "base64url").length, 32);
    assert.equal(token.secretHash.length, 32);
    assert.ok(!token.secretHash.equals(Buffer.from(token.secret)));
    assert.equal(token.value, `${token.id}.${token.secret}`);
  });

  test("IDs sort by time of issue, then carry 84 random bits", () => {
    const issuedAt = Date.UTC(2026, 10, 21, 9, 0, 0);
    const first = generateTimeOrderedId(issuedAt);
    const sameMillisecond = generateTimeOrderedId(issuedAt);
    const later = generateTimeOrderedId(issuedAt + 1);
    assert.equal(first.slice(0, 8), sameMillisecond.slice(0, 8), "the time comes first");
    assert.notEqual(first.slice(8), sameMillisecond.slice(8), "the rest is random");
    assert.ok(first < later && sameMillisecond < later);
    // Known answer: 64 ms is "10" in the sortable base-64 digits ("-" is zero).
    assert.equal(generateTimeOrderedId(64).slice(0, 8), "------0-");
    const times = [0, 63, 64, 4095, 4096, 1_000_000, issuedAt, 2 ** 48 - 1];
    const ids = times.map((time) => generateTimeOrderedId(time).slice(0, 8));
    assert.deepEqual([...ids].sort(), ids, "string order is time order");
  });

  test("two tokens never repeat", () => {
    const values = new Set(Array.from({ length: 1000 }, () => generateSplitToken().value));
    assert.equal(values.size, 1000);
  });

  test("a presented token verifies against its hash, a changed one does not", () => {
    const token = generateSplitToken();
    const parsed = parseSplitToken(token.value);
    assert.ok(parsed);
    assert.equal(verifySecret(parsed.secret, token.secretHash), true);
    const flipped = `${parsed.secret.slice(0, -1)}${parsed.secret.endsWith("A") ? "B" : "A"}`;
    assert.equal(verifySecret(flipped, token.secretHash), false);
  });

  test("anything not of the exact shape is refused before a lookup", () => {
    for (const value of [
      undefined,
      "",
      "abc",
      "a.b",
      `${"A".repeat(22)}.${"B".repeat(42)}`,
      `${"A".repeat(22)}.${"B".repeat(43)}.x`,
      `${"A".repeat(22)}.${"B".repeat(42)}=`,
    ]) {
      assert.equal(parseSplitToken(value), null, String(value));
    }
  });
});
