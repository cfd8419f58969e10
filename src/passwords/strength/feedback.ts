import { translations as englishTranslations } from "@zxcvbn-ts/language-en";
import { translations as japaneseTranslations } from "@zxcvbn-ts/language-ja";
import type { Language } from "../../i18n";

/**
 * zxcvbn-ts's feedback stays as keys ("warnings.topTen", "suggestions.l33t") until a page
 * shows it in the member's language. The kind is part of the key because some names
 * (`dates`, `sequences`, `pwned`) are both a warning and a suggestion with different text.
 */
type Catalogue = Pick<typeof englishTranslations, "warnings" | "suggestions">;

const catalogues: Record<Language, Catalogue> = {
  en: englishTranslations,
  // Typed against the English catalogue: language-ja 3.0.2 has every key core 4.2 uses.
  ja: japaneseTranslations,
};

export type StrengthFeedbackKind = keyof Catalogue;

/** zxcvbn-ts's `translations` option that makes its feedback these qualified keys. */
export const strengthFeedbackKeys = {
  warnings: qualify("warnings"),
  suggestions: qualify("suggestions"),
  // Crack-time texts are not shown; zxcvbn-ts only requires them to be present.
  timeEstimation: englishTranslations.timeEstimation,
};

function qualify<Kind extends StrengthFeedbackKind>(
  kind: Kind,
): Record<keyof Catalogue[Kind], string> {
  const keys = Object.keys(englishTranslations[kind]) as (keyof Catalogue[Kind])[];
  return Object.fromEntries(keys.map((key) => [key, `${kind}.${String(key)}`])) as Record<
    keyof Catalogue[Kind],
    string
  >;
}

/** Every key zxcvbn-ts can return, qualified by kind. */
export const strengthFeedbackKeyList: readonly string[] = [
  ...Object.values(strengthFeedbackKeys.warnings),
  ...Object.values(strengthFeedbackKeys.suggestions),
];

/** A zxcvbn-ts warning or suggestion key as a sentence in English or Japanese. */
export function describeStrengthFeedback(key: string, language: Language): string {
  const [kind, name = ""] = key.split(".", 2);
  if (kind !== "warnings" && kind !== "suggestions") {
    throw new TypeError(`not a password strength feedback key: ${key}`);
  }
  const sentences: Record<string, string> = catalogues[language][kind];
  // Own keys only: "constructor" is no feedback key.
  const sentence = Object.hasOwn(sentences, name) ? sentences[name] : undefined;
  if (sentence === undefined) throw new TypeError(`not a password strength feedback key: ${key}`);
  return endSentence(sentence, language);
}

/**
 * zxcvbn-ts's Japanese sentences have no closing 。 (and a few English ones no full stop), so
 * they would run into the next sentence on a page; every sentence rekey shows ends properly.
 */
function endSentence(sentence: string, language: Language): string {
  const text = sentence.trim();
  if (language === "ja") return /[。？！]$/.test(text) ? text : `${text.replace(/[.．]$/, "")}。`;
  return /[.?!]$/.test(text) ? text : `${text}.`;
}
