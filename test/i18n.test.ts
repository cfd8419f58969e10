import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { chooseLanguage, languages, messagesFor } from "../src/i18n";
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
