import type { DictionaryMatch } from "@zxcvbn-ts/core";
import {
  type DictionaryIndex,
  findDictionaryMatches,
  findReversedDictionaryMatches,
} from "./dictionary-index";
import { findL33tMatches } from "./l33t-matches";
import type { L33tTrieNode } from "./l33t-variants";

/**
 * Which part of a long password is scored. Guessing a password means guessing its prefix
 * too, so the whole is at least as strong as any prefix, and scoring a prefix can only
 * understate strength. zxcvbn's model has one exception: a word cut in two is valued as
 * random letters, so "aaaaaaaaaaaaaaaacongratu" would rate far above the whole
 * "aaaaaaaaaaaaaaaacongratulations". So the cut moves back to the start of any list word,
 * l33t or reversed word, or the member's own data that it would split.
 */
export interface PrefixOptions {
  length: number;
  index: DictionaryIndex;
  l33t: { limit: number; trieRoot: L33tTrieNode };
  userInputs: readonly string[];
}

/** How much past the cut must be seen to find the words it splits (user inputs are longest). */
export const lookaheadLength = 128;

/** The cut never moves below this, so a long first word cannot leave nothing to score. */
const minimumCut = 8;

export function choosePrefix(password: string, options: PrefixOptions): string {
  if (password.length <= options.length) return password;
  const cut = withoutSplitSurrogate(password, options.length);
  const from = Math.max(0, cut - options.index.maxWordLength + 1);
  const around = password.slice(from, cut + options.index.maxWordLength - 1);
  // Only substrings that cross the cut: from before it to at or after it, in any reading.
  const crossing = (cutInText: number) => (i: number) =>
    i < cutInText ? cutInText : Number.POSITIVE_INFINITY;
  const words: DictionaryMatch[] = [
    ...findDictionaryMatches([options.index], around, crossing(cut - from)),
    ...findReversedDictionaryMatches(
      [options.index],
      around,
      crossing(around.length - (cut - from)),
    ),
    ...findL33tMatches([options.index], around, { ...options.l33t, crossing: cut - from }),
  ];
  let earliest = cut;
  for (const word of words) {
    if (from + word.i < cut && from + word.j >= cut) earliest = Math.min(earliest, from + word.i);
  }
  const lower = password.toLowerCase();
  for (const input of options.userInputs) {
    if (!input) continue;
    for (let at = lower.indexOf(input); at >= 0 && at < cut; at = lower.indexOf(input, at + 1)) {
      if (at + input.length > cut) earliest = Math.min(earliest, at);
    }
  }
  return password.slice(0, earliest >= minimumCut ? earliest : cut);
}

/** The first `length` UTF-16 units, without splitting a surrogate pair. */
export function withoutSplitSurrogate(password: string, length: number): number {
  if (password.length <= length) return password.length;
  const last = password.charCodeAt(length - 1);
  return last >= 0xd800 && last <= 0xdbff ? length - 1 : length;
}
