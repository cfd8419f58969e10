import type { DictionaryMatch } from "@zxcvbn-ts/core";
import type { StrengthDictionaries } from "./dictionaries";
import { strengthWork } from "./work-counters";

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
  hashMask: number;
}

/**
 * The indexes one scan looks words up in, in zxcvbn-ts's list order: the word lists, then
 * the member's own data (`userInputs`, which zxcvbn-ts merges in last).
 */
export type DictionaryIndexes = readonly DictionaryIndex[];

const rankLimit = 2 ** 20;
/** Enough for the ~260,000 words of the lists; the member's own data needs far fewer. */
const listHashBitCount = 2 ** 22;
const userInputHashBitCount = 2 ** 12;

/** A polynomial hash over UTF-16 units, extended one unit at a time during the scan. */
function extendHash(hash: number, unit: number): number {
  return (Math.imul(hash, 0x01000193) ^ unit) | 0;
}

function hasHashBit(index: DictionaryIndex, hash: number): boolean {
  const bit = (hash ^ (hash >>> 16)) & index.hashMask;
  return (((index.hashBits[bit >>> 5] ?? 0) >>> (bit & 31)) & 1) === 1;
}

export function buildDictionaryIndex(
  dictionaries: StrengthDictionaries,
  hashBitCount = listHashBitCount,
): DictionaryIndex {
  const names = Object.keys(dictionaries);
  if (names.length * rankLimit > 2 ** 30) throw new TypeError("too many word lists");
  const entries = new Map<string, number | number[]>();
  const hashBits = new Uint32Array(hashBitCount / 32);
  const hashMask = hashBitCount - 1;
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
      const bit = (hash ^ (hash >>> 16)) & hashMask;
      hashBits[bit >>> 5] = (hashBits[bit >>> 5] ?? 0) | (1 << (bit & 31));
      const existing = entries.get(word);
      if (existing === undefined) entries.set(word, code);
      else entries.set(word, mergeCode(existing, code, listIndex));
    });
  });
  return { names, entries, maxWordLength, hashBits, hashMask };
}

/**
 * The member's own data as zxcvbn-ts makes it a list (`getUserInputsOptions`): lower-cased,
 * ranked in order. Scanned with the lists instead of by zxcvbn-ts's own dictionary matchers,
 * which build and look up every substring up to the longest input, in every l33t reading.
 */
export function buildUserInputIndex(userInputs: readonly string[]): DictionaryIndex {
  const words = userInputs.map((input) => input.toLowerCase());
  return buildDictionaryIndex({ userInputs: words }, userInputHashBitCount);
}

function mergeCode(existing: number | number[], code: number, listIndex: number): number[] {
  const codes = (typeof existing === "number" ? [existing] : existing).filter(
    (other) => Math.floor(other / rankLimit) !== listIndex,
  );
  codes.push(code);
  return codes;
}

/**
 * zxcvbn-ts's dictionary matching (`MatchDictionary.match`, Levenshtein off) over the indexes:
 * every substring of the lower-cased password, shortest first from each start, each looked
 * up in every index in turn. `firstEnd(i)` lets the l33t matcher skip substrings that hold
 * no substitution.
 */
export function findDictionaryMatches(
  indexes: DictionaryIndexes,
  password: string,
  firstEnd: (i: number) => number = (i) => i,
): DictionaryMatch[] {
  const matches: DictionaryMatch[] = [];
  const passwordLower = password.toLowerCase();
  const length = password.length;
  const maxWordLength = Math.max(0, ...indexes.map((index) => index.maxWordLength));
  for (let i = 0; i < length; i += 1) {
    const lastEnd = Math.min(length, i + maxWordLength) - 1;
    const first = firstEnd(i);
    let hash = 0;
    for (let k = i; k < first && k <= lastEnd; k += 1) {
      hash = extendHash(hash, passwordLower.charCodeAt(k));
    }
    strengthWork.substringsScanned += Math.max(0, lastEnd - first + 1);
    for (let j = first; j <= lastEnd; j += 1) {
      hash = extendHash(hash, passwordLower.charCodeAt(j));
      let word: string | null = null;
      for (const index of indexes) {
        if (j - i >= index.maxWordLength || !hasHashBit(index, hash)) continue;
        strengthWork.wordLookups += 1;
        word ??= passwordLower.slice(i, j + 1);
        const found = index.entries.get(word);
        if (found === undefined) continue;
        const token = password.slice(i, j + 1);
        if (typeof found === "number") matches.push(toMatch(index, found, i, j, token, word));
        else for (const code of found) matches.push(toMatch(index, code, i, j, token, word));
      }
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

/** `MatchReverse`: the same lookup on the reversed password, mapped back. */
export function findReversedDictionaryMatches(
  indexes: DictionaryIndexes,
  password: string,
  firstEnd?: (i: number) => number,
): DictionaryMatch[] {
  const reverse = (text: string) => text.split("").reverse().join("");
  const last = password.length - 1;
  return findDictionaryMatches(indexes, reverse(password), firstEnd).map((match) => ({
    pattern: "dictionary",
    i: last - match.j,
    j: last - match.i,
    token: reverse(match.token),
    matchedWord: match.matchedWord,
    rank: match.rank,
    dictionaryName: match.dictionaryName,
    reversed: true,
    l33t: false,
  }));
}
