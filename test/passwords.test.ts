import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createArgon2Hasher, owaspArgon2Parameters } from "../src/passwords/hashing";
import { maximumPasswordBytes, normalizePasswordInput } from "../src/passwords/input";
import { createLengthPolicy } from "../src/passwords/policy";

describe("password input", () => {
  test("NFKC makes full-width and half-width input the same password", () => {
    const fullWidth = normalizePasswordInput("ｐａｓｓｗｏｒｄ１２３");
    const halfWidth = normalizePasswordInput("password123");
    assert.deepEqual(fullWidth, halfWidth);
    assert.deepEqual(normalizePasswordInput("ﾊﾟｽﾜｰﾄﾞ"), { ok: true, password: "パスワード" });
  });

  test("128 characters of four-byte text are accepted", () => {
    const emoji = "🔑".repeat(128);
    assert.deepEqual(normalizePasswordInput(emoji), { ok: true, password: emoji });
  });

  test("input over the byte cap is refused before normalisation", () => {
    assert.deepEqual(normalizePasswordInput("a".repeat(maximumPasswordBytes + 1)), {
      ok: false,
      problem: "too-long",
    });
    assert.deepEqual(normalizePasswordInput("a".repeat(1 << 20)), {
      ok: false,
      problem: "too-long",
    });
  });

  test("NUL, other control characters and lone surrogates are refused", () => {
    for (const raw of [
      "abc\u0000def",
      "tab\there",
      "line\nbreak",
      "del\u007f",
      "lone\ud800surrogate",
      "\udc00",
    ]) {
      assert.deepEqual(
        normalizePasswordInput(raw),
        { ok: false, problem: "forbidden-characters" },
        JSON.stringify(raw),
      );
    }
  });

  test("spaces are kept: passphrases are welcome", () => {
    assert.deepEqual(normalizePasswordInput("  a b  "), { ok: true, password: "  a b  " });
  });
});

describe("length policy", () => {
  test("counts characters, not UTF-16 units", async () => {
    const policy = createLengthPolicy({ minimumLength: 12 });
    assert.deepEqual(
      await policy.evaluatePassword("🔑".repeat(11), { loginId: "a", email: "a@b.jp" }),
      [{ code: "too-short", severity: "block", minimumLength: 12 }],
    );
    assert.deepEqual(
      await policy.evaluatePassword("🔑".repeat(12), { loginId: "a", email: "a@b.jp" }),
      [],
    );
  });

  test("refuses a minimum below 8 as misuse", () => {
    assert.throws(() => createLengthPolicy({ minimumLength: 6 }), TypeError);
  });
});

describe("argon2id hashing", () => {
  const hasher = createArgon2Hasher(owaspArgon2Parameters);

  test("produces argon2id hashes at OWASP parameters that verify only the right password", async () => {
    const hash = await hasher.hashPassword("correct horse battery staple");
    assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await hasher.verifyPassword(hash, "correct horse battery staple"), true);
    assert.equal(await hasher.verifyPassword(hash, "correct horse battery stapler"), false);
    assert.equal(hasher.needsRehash(hash), false);
  });

  test("asks for a rehash of weaker hashes and treats garbage as not verifying", async () => {
    const weak = await createArgon2Hasher({
      memoryCostInKibibytes: 8192,
      timeCost: 1,
      parallelism: 1,
    }).hashPassword("x");
    assert.equal(hasher.needsRehash(weak), true);
    assert.equal(hasher.needsRehash("not a hash"), true);
    assert.equal(await hasher.verifyPassword("not a hash", "x"), false);
  });
});
