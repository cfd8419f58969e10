import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { generateSplitToken, parseSplitToken, verifySecret } from "../src/tokens/split-token";

describe("split tokens", () => {
  test("carry 128 bits of ID and 256 bits of secret, and only a 32-byte hash is kept", () => {
    const token = generateSplitToken();
    assert.equal(Buffer.from(token.id, "base64url").length, 16);
    assert.equal(Buffer.from(token.secret, "base64url").length, 32);
    assert.equal(token.secretHash.length, 32);
    assert.ok(!token.secretHash.equals(Buffer.from(token.secret)));
    assert.equal(token.value, `${token.id}.${token.secret}`);
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
