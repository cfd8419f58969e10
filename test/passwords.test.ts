import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { messagesFor } from "../src/i18n";
import { describePasswordFinding } from "../src/passwords/describe";
import { createArgon2Hasher, owaspArgon2Parameters } from "../src/passwords/hashing";
import { maximumPasswordBytes, normalizePasswordInput } from "../src/passwords/input";
import { createPasswordPolicy } from "../src/passwords/policy";
import { createTestPortal } from "./support/harness";

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

describe("the password policy", () => {
  const context = { loginId: "taro", email: "taro@example.jp" };
  const policyOf = () => createTestPortal().deps.passwordPolicy;

  test("counts characters, not UTF-16 units, and stops at a length failure", async () => {
    const policy = policyOf();
    assert.deepEqual(await policy.evaluatePassword("🔑".repeat(11), context), [
      { code: "too-short", severity: "block", minimumLength: 12 },
    ]);
    const twelve = await policy.evaluatePassword("🔑🗝🔐🔒🔓🏠🚪🪟🛏🛋🪑🚽", context);
    assert.ok(!twelve.some((finding) => finding.code === "too-short"));
  });

  test("advises 15 characters where the password is the only factor, without refusing", async () => {
    const findings = await policyOf().evaluatePassword("umbrella-koi-42", context);
    assert.deepEqual(findings, []);
    const shorter = await policyOf().evaluatePassword("umbrella-koi4", context);
    assert.deepEqual(shorter, [
      { code: "short-for-single-factor", severity: "warn", recommendedLength: 15 },
    ]);
  });

  test("refuses a password built from the member's e-mail address", async () => {
    const findings = await policyOf().evaluatePassword("TaroYamada2024!", {
      loginId: "tyamada",
      email: "taro.yamada@example.jp",
    });
    assert.ok(findings.some((finding) => finding.code === "similar" && finding.to === "email"));
  });

  test("refuses a known leaked password and records the corpus version", async () => {
    const evaluation = await policyOf().evaluatePasswordWithVersion("iloveyou1234", context);
    assert.ok(evaluation.findings.some((finding) => finding.code === "breached"));
    assert.match(evaluation.breachCorpusVersion ?? "", /\S/);
  });

  test("treats NFKC variants as the same password", async () => {
    const input = normalizePasswordInput("ｉｌｏｖｅｙｏｕ１２３４");
    assert.ok(input.ok);
    const findings = await policyOf().evaluatePassword(input.password, context);
    assert.ok(findings.some((finding) => finding.code === "breached"));
  });

  test("refuses an easy-to-guess password with zxcvbn's reasons in English and Japanese", async () => {
    const findings = await policyOf().evaluatePassword("qwertyuiopasdf", context);
    const weak = findings.find((finding) => finding.code === "weak");
    assert.ok(weak, JSON.stringify(findings));
    assert.match(
      describePasswordFinding(weak, messagesFor("en")),
      /^This password is easy to guess\. \S/,
    );
    assert.match(
      describePasswordFinding(weak, messagesFor("ja")),
      /^このパスワードは推測されやすいです。\s?\S/,
    );
  });

  test("a passphrase unrelated to the member is not called weak", async () => {
    const strong = await policyOf().evaluatePassword("sakura-umbrella-1984", {
      loginId: "hanako",
      email: "hanako@example.jp",
    });
    assert.ok(!strong.some((finding) => finding.code === "weak"));
  });

  test("looks the password up and scores it at once, and reports both findings in order", async () => {
    const { deps } = createTestPortal();
    // Each answers only once the other has started: one after the other would never finish.
    let lookupStarted: () => void = () => {};
    const lookingUp = new Promise<void>((resolve) => {
      lookupStarted = resolve;
    });
    let scoringStarted: () => void = () => {};
    const scoring = new Promise<void>((resolve) => {
      scoringStarted = resolve;
    });
    const policy = createPasswordPolicy(
      {
        ...deps,
        breachSource: {
          version: "test",
          isBreached: async () => {
            lookupStarted();
            await scoring;
            return { breached: true, count: 3 };
          },
        },
        strengthEstimator: {
          ...deps.strengthEstimator,
          estimate: async () => {
            scoringStarted();
            await lookingUp;
            return { score: 1, guessesLog10: 4, warning: null, suggestions: [] };
          },
        },
      },
      { minimumLength: 12, serviceName: "rekey" },
    );
    const deadline = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("the checks ran one after the other")), 2000).unref(),
    );
    const findings = await Promise.race([
      policy.evaluatePassword("sakura-umbrella-1984", context),
      deadline,
    ]);
    assert.deepEqual(
      findings.map((finding) => finding.code),
      ["breached", "weak"],
    );
  });

  test("refuses a minimum below 8 as misuse", () => {
    const { deps } = createTestPortal();
    assert.throws(
      () => createPasswordPolicy(deps, { minimumLength: 6, serviceName: "rekey" }),
      TypeError,
    );
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
