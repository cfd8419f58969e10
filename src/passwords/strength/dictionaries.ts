import { Options } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
import { dictionary as englishDictionary } from "@zxcvbn-ts/language-en";
import { dictionary as japaneseDictionary } from "@zxcvbn-ts/language-ja";

/**
 * The word lists zxcvbn-ts scores against: common passwords and diceware, English, and
 * Japanese. Browser-safe (no Node imports): the live meter bundles this same module.
 */
export type StrengthDictionaries = Record<string, readonly (string | number)[]>;

/**
 * @zxcvbn-ts/language-ja 3.x names its lists `commonWords`, `firstnames`, ... without the
 * language suffix that the 4.x packages use; suffixing them keeps every list's name unique
 * and tells the lists apart in feedback and in the benchmark.
 */
function suffixJapaneseNames(lists: Record<string, string[]>): StrengthDictionaries {
  return Object.fromEntries(Object.entries(lists).map(([name, words]) => [`${name}-ja`, words]));
}

/** Common, then English, then Japanese: the order zxcvbn-ts lists its matches in. */
export const strengthDictionaries: StrengthDictionaries = {
  ...commonDictionary,
  ...englishDictionary,
  ...suffixJapaneseNames(japaneseDictionary),
};

/** Keyboard layouts for the spatial matcher (qwerty, azerty, dvorak, keypads...). */
export const strengthKeyboardGraphs = adjacencyGraphs;

/** zxcvbn-ts's own test for its word-sequence lists (numbers, days, months...): `months-en`. */
const defaultOptions = new Options();

export function isWordSequenceDictionary(name: string): boolean {
  return defaultOptions.isWordSequence(name);
}
