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
  /**
   * One bit per word hash: a substring whose bit is clear is in no list, so the scan skips
   * building and looking up that string, which is most of the work (about 1 in 16 misses
   * still reaches the Map with 260,000 words in 2^22 bits).
   */
  hashBits: Uint32Array;
}

const rankLimit = 2 ** 20;
const hashBitCount = 2 ** 22;

/** A polynomial hash over UTF-16 units, extended one unit at a time during the scan. */
function extendHash(hash: number, unit: number): number {
  return (Math.imul(hash, 0x01000193) ^ unit) | 0;
}

function hashBit(hash: number): number {
  return (hash ^ (hash >>> 16)) & (hashBitCount - 1);
}

export function buildDictionaryIndex(dictionaries: StrengthDictionaries): DictionaryIndex {
  const names = Object.keys(dictionaries);
  if (names.length * rankLimit > 2 ** 30) throw new TypeError("too many word lists");
  const entries = new Map<string, number | number[]>();
  const hashBits = new Uint32Array(hashBitCount / 32);
  let maxWordLength = 0;
  names.forEach((name, listIndex) => {
    const words = dictionaries[name] ?? [];
    if (words.length >= rankLimit) throw new TypeError(`word list ${name} is too long`);
    words.forEach((entry, position) => {
      // As zxcvbn-ts's buildRankedDictionary: ranks start at 1, a repeated word keeps its last rank.
      const word = String(entry);
      const code = listIndex * rankLimit + position + 1;
      maxWordLength = Math.max(maxWordLength, word.length);
      let hash = 0;
      for (let k = 0; k < word.length; k += 1) hash = extendHash(hash, word.charCodeAt(k));
      const bit = hashBit(hash);
      hashBits[bit >>> 5] = (hashBits[bit >>> 5] ?? 0) | (1 << (bit & 31));
      const existing = entries.get(word);
      if (existing === undefined) entries.set(word, code);
      else entries.set(word, mergeCode(existing, code, listIndex));
    });
  });
  return { names, entries, maxWordLength, hashBits };
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
  const { hashBits } = index;
  for (let i = 0; i < length; i += 1) {
    const lastEnd = Math.min(length, i + index.maxWordLength) - 1;
    const first = firstEnd(i);
    let hash = 0;
    for (let k = i; k < first && k <= lastEnd; k += 1) {
      hash = extendHash(hash, passwordLower.charCodeAt(k));
    }
    for (let j = first; j <= lastEnd; j += 1) {
      hash = extendHash(hash, passwordLower.charCodeAt(j));
      const bit = hashBit(hash);
      if ((((hashBits[bit >>> 5] ?? 0) >>> (bit & 31)) & 1) === 0) continue;
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
  firstEnd?: (i: number) => number,
): DictionaryMatch[] {
  const reverse = (text: string) => text.split("").reverse().join("");
  const last = password.length - 1;
  return findDictionaryMatches(index, reverse(password), firstEnd).map((match) => ({
    ...match,
    token: reverse(match.token),
    reversed: true,
    i: last - match.j,
    j: last - match.i,
  }));
}
