import type { DictionaryMatch } from "@zxcvbn-ts/core";
import type { StrengthDictionaries } from "./dictionaries";

/**
 * All word lists in one Map, so a substring of the password costs one lookup instead of one
 * per list. zxcvbn-ts 4 probes each of its ~25 lists with an object lookup for every
 * substring, which is most of its 15 ms median; the matches found here are the same ones,
 * in the same order (list order within a substring), with the same ranks.
 */
export interface DictionaryIndex {
  names: readonly string[];
  /** Each word's (list, rank) pairs encoded as `listIndex * rankLimit + rank`. */
  entries: Map<string, number | number[]>;
  maxWordLength: number;
}

const rankLimit = 2 ** 20;

export function buildDictionaryIndex(dictionaries: StrengthDictionaries): DictionaryIndex {
  const names = Object.keys(dictionaries);
  if (names.length * rankLimit > 2 ** 30) throw new TypeError("too many word lists");
  const entries = new Map<string, number | number[]>();
  let maxWordLength = 0;
  names.forEach((name, listIndex) => {
    const words = dictionaries[name] ?? [];
    if (words.length >= rankLimit) throw new TypeError(`word list ${name} is too long`);
    words.forEach((entry, position) => {
      // As zxcvbn-ts's buildRankedDictionary: ranks start at 1, a repeated word keeps its last rank.
      const word = String(entry);
      const code = listIndex * rankLimit + position + 1;
      maxWordLength = Math.max(maxWordLength, word.length);
      const existing = entries.get(word);
      if (existing === undefined) entries.set(word, code);
      else entries.set(word, mergeCode(existing, code, listIndex));
    });
  });
  return { names, entries, maxWordLength };
}

function mergeCode(existing: number | number[], code: number, listIndex: number): number[] {
  const codes = (typeof existing === "number" ? [existing] : existing).filter(
    (other) => Math.floor(other / rankLimit) !== listIndex,
  );
  codes.push(code);
  return codes;
}

/**
 * zxcvbn-ts's dictionary matching (`MatchDictionary.match`, Levenshtein off) over the index:
 * every substring of the lower-cased password, shortest first from each start.
 * `firstEnd(i)` lets the l33t matcher skip substrings that hold no substitution.
 */
export function findDictionaryMatches(
  index: DictionaryIndex,
  password: string,
  firstEnd: (i: number) => number = (i) => i,
): DictionaryMatch[] {
  const matches: DictionaryMatch[] = [];
  const passwordLower = password.toLowerCase();
  const length = password.length;
  for (let i = 0; i < length; i += 1) {
    const lastEnd = Math.min(length, i + index.maxWordLength) - 1;
    for (let j = firstEnd(i); j <= lastEnd; j += 1) {
      const word = passwordLower.slice(i, j + 1);
      const found = index.entries.get(word);
      if (found === undefined) continue;
      const token = password.slice(i, j + 1);
      if (typeof found === "number") matches.push(toMatch(index, found, i, j, token, word));
      else for (const code of found) matches.push(toMatch(index, code, i, j, token, word));
    }
  }
  return matches;
}

function toMatch(
  index: DictionaryIndex,
  code: number,
  i: number,
  j: number,
  token: string,
  word: string,
): DictionaryMatch {
  return {
    pattern: "dictionary",
    i,
    j,
    token,
    matchedWord: word,
    rank: code % rankLimit,
    dictionaryName: index.names[Math.floor(code / rankLimit)] ?? "",
    reversed: false,
    l33t: false,
  };
}

/**
 * Of the matches on the same substring (one word in several lists), zxcvbn's search keeps
 * the first with the fewest guesses, and a match's guesses are `rank * variations` (the same
 * for the whole group; times 2 when reversed), raised to a floor of 50 (10 for one
 * character, 1 for the whole password). So a match is dropped when an earlier one has a
 * rank at most its own, and replaces the earlier one only when that one is above the floor;
 * when the floor could tie them, both stay. Scores and feedback stay exactly as zxcvbn's,
 * and its search is spared most of its work on digit runs and common words.
 */
export function keepBestPerSubstring(
  matches: readonly DictionaryMatch[],
  options: { passwordLength: number; reversedFactor: 1 | 2 },
): DictionaryMatch[] {
  const kept: DictionaryMatch[] = [];
  for (const match of matches) {
    const last = kept[kept.length - 1];
    if (!last || last.i !== match.i || last.j !== match.j) {
      kept.push(match);
      continue;
    }
    if (match.rank >= last.rank) continue;
    const floor =
      match.j - match.i + 1 === options.passwordLength ? 1 : match.i === match.j ? 10 : 50;
    if (last.rank * options.reversedFactor > floor) kept[kept.length - 1] = match;
    else kept.push(match);
  }
  return kept;
}

/** `MatchReverse`: the same lookup on the reversed password, mapped back. */
export function findReversedDictionaryMatches(
  index: DictionaryIndex,
  password: string,
): DictionaryMatch[] {
  const reverse = (text: string) => text.split("").reverse().join("");
  const last = password.length - 1;
  return findDictionaryMatches(index, reverse(password)).map((match) => ({
    ...match,
    token: reverse(match.token),
    reversed: true,
    i: last - match.j,
    j: last - match.i,
  }));
}
