import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { chooseLanguage, languages, messagesFor } from "../src/i18n";
import { describePasswordFinding } from "../src/passwords/describe";
import { strengthFeedbackKeyList } from "../src/passwords/strength/feedback";

describe("language choice", () => {
  const cases: [string | undefined, string | undefined, string][] = [
    [undefined, "ja-JP,ja;q=0.9,en-US;q=0.8", "ja"],
    [undefined, "en-US,en;q=0.9,ja;q=0.8", "en"],
    [undefined, "fr-FR,ja;q=0.5", "ja"],
    [undefined, "fr-FR,de;q=0.5", "en"],
    [undefined, "en;q=0.1,ja;q=0.9", "ja"],
    [undefined, "ja;q=0", "en"],
    [undefined, undefined, "en"],
    ["en", "ja", "en"],
    ["xx", "ja", "ja"],
  ];
  for (const [chosen, acceptLanguage, expected] of cases) {
    test(`choice ${chosen} with Accept-Language ${acceptLanguage} gives ${expected}`, () => {
      assert.equal(chooseLanguage({ chosen, acceptLanguage }), expected);
    });
  }
});

describe("message catalogues", () => {
  test("every language has every message, and none is empty", () => {
    const reference = Object.keys(messagesFor("en")).sort();
    for (const language of languages) {
      const messages = messagesFor(language);
      assert.deepEqual(Object.keys(messages).sort(), reference, language);
      for (const [key, value] of Object.entries(messages)) {
        // Message functions take numbers or short strings; the zxcvbn one takes a feedback key.
        const argument = key === "strengthFeedback" ? strengthFeedbackKeyList[0] : 3;
        const text =
          typeof value === "function"
            ? (value as (...args: unknown[]) => string)(argument, 3)
            : value;
        assert.ok(String(text).trim().length > 0, `${language}.${key}`);
      }
    }
  });

  test("Japanese messages are really Japanese", () => {
    const ja = messagesFor("ja");
    const en = messagesFor("en");
    const untranslated = Object.keys(en).filter(
      (key) =>
        key !== "siteName" &&
        typeof en[key as keyof typeof en] === "string" &&
        en[key as keyof typeof en] === ja[key as keyof typeof ja],
    );
    assert.deepEqual(untranslated, []);
  });
});

describe("the catalogues follow the house rules for words", () => {
  const en = messagesFor("en") as unknown as Record<string, unknown>;
  const ja = messagesFor("ja") as unknown as Record<string, unknown>;
  // Every message with sample arguments: numbers, short strings or a zxcvbn feedback key.
  const samples = (language: Record<string, unknown>) =>
    Object.entries(language).flatMap(([key, value]) => {
      if (typeof value === "string") return [[key, value] as const];
      // A table of names (job states, scan statuses): each name is a message of its own.
      if (typeof value === "object" && value !== null)
        return Object.entries(value).map(
          ([name, text]) => [`${key}.${name}`, String(text)] as const,
        );
      const call = value as (...args: unknown[]) => string;
      if (key === "strengthFeedback")
        return strengthFeedbackKeyList.map((feedback) => [key, call(feedback)] as const);
      return [
        [key, String(call(3, 3, 3, 3))] as const,
        [key, String(call(0, 0, "x", "y"))] as const,
      ];
    });
  // Link prompts that read as a label in Japanese ("パスワードをお忘れの方").
  const promptLabels = new Set(["loginNoAccount", "forgotLink"]);

  test("Japanese says ログイン and ログアウト, never サインイン or サインアウト", () => {
    const offending = samples(ja).filter(([, text]) => /サインイン|サインアウト/.test(text));
    assert.deepEqual(offending, []);
  });

  test("a Japanese message ends with 。 wherever the English one ends a sentence", () => {
    const englishSentences = new Set(
      samples(en)
        .filter(([, text]) => /[.?!]["”)]?$/.test(text.trim()))
        .map(([key]) => key),
    );
    const unended = samples(ja).filter(
      ([key, text]) =>
        englishSentences.has(key) &&
        !promptLabels.has(key) &&
        !/[。？！]([）」』])?$/.test(text.trim()),
    );
    assert.deepEqual(unended, []);
  });

  test("Japanese sentences are joined without spaces, and zxcvbn's feedback ends with 。", () => {
    assert.deepEqual(
      samples(ja).filter(([, text]) => /。 /.test(text)),
      [],
    );
    const messages = messagesFor("ja");
    const weak = describePasswordFinding(
      {
        code: "weak",
        severity: "block",
        warning: "warnings.straightRow",
        suggestions: ["suggestions.longerKeyboardPattern", "suggestions.anotherWord"],
      } as never,
      messages,
    );
    assert.doesNotMatch(weak, /\s/);
    assert.equal(weak.split("。").filter(Boolean).length, 4, weak);
    assert.match(weak, /。$/);
    const english = describePasswordFinding(
      {
        code: "weak",
        severity: "block",
        warning: "warnings.straightRow",
        suggestions: ["suggestions.anotherWord"],
      } as never,
      messagesFor("en"),
    );
    assert.match(english, /^This password is easy to guess\. \S.*\. \S.*\.$/);
  });

  test("no day count of zero: a password set today says so", () => {
    assert.equal(messagesFor("en").securityPasswordAge(0), "set today");
    assert.equal(messagesFor("ja").securityPasswordAge(0), "今日設定");
    assert.equal(messagesFor("en").adminMemberPasswordAgeDays(0), "set today");
    assert.equal(messagesFor("ja").adminMemberPasswordAgeDays(0), "今日設定");
    const zeroDays = samples(ja).filter(([, text]) => /(^|[^0-9])0\s?日前/.test(text));
    assert.deepEqual(zeroDays, []);
  });
});
