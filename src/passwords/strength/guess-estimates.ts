import type {
  DictionaryMatch,
  L33tMatch,
  OptionsGraph,
  OptionsGraphEntry,
  SpatialMatch,
} from "@zxcvbn-ts/core";

/**
 * zxcvbn-ts 4.2's guess estimates for dictionary and spatial matches (MIT, zxcvbn-ts authors),
 * applied by our matchers when they find a match instead of by zxcvbn-ts's search.
 *
 * zxcvbn-ts's `estimateGuesses` means to cache a match's estimate but returns a copy, so the
 * search estimates the same match again for every sequence length it tries it in, and the
 * spatial estimate walks the whole keyboard graph each time (about 25 KB of garbage, most of
 * what a digit run allocates). A match that arrives with `guesses` set is used as it is, so
 * estimating once here gives the same numbers for a third less time and garbage.
 * test/strength-ports.test.ts checks every estimate against zxcvbn-ts's own.
 */

export interface Estimated {
  guesses: number;
  guessesLog10: number;
}

/** zxcvbn-ts's floor: a part of the password costs at least 10 or 50 guesses, the whole 1. */
function minimumGuesses(tokenLength: number, passwordLength: number): number {
  if (tokenLength >= passwordLength) return 1;
  return tokenLength === 1 ? 10 : 50;
}

/** The same arithmetic as zxcvbn-ts's `log10`, so results match to the last bit. */
function log10(n: number): number {
  return n === 0 ? 0 : Math.log(n) / Math.LN10;
}

function nCk(n: number, k: number): number {
  let count = n;
  if (k > count) return 0;
  if (k === 0) return 1;
  let coefficient = 1;
  for (let i = 1; i <= k; i += 1) {
    coefficient *= count;
    coefficient /= i;
    count -= 1;
  }
  return coefficient;
}

const alphaInverted = /[^A-Za-z\xbf-\xdf]/gi;
const allLowerInverted = /^[^A-Z\xbf-\xdf]+$/;
const commonCases = [
  /^[A-Z\xbf-\xdf][^A-Z\xbf-\xdf]+$/,
  /^[^A-Z\xbf-\xdf]+[A-Z\xbf-\xdf]$/,
  /^[^a-z\xdf-\xff]+$/,
];
const oneLower = /[a-z\xdf-\xff]/;
const oneUpper = /[A-Z\xbf-\xdf]/;

function uppercaseVariations(token: string): number {
  // Most tokens have no capitals: their letters are a subset of the token's, none capital.
  if (token.toLowerCase() === token) return 1;
  const cleaned = token.replace(alphaInverted, "");
  if (allLowerInverted.test(cleaned) || cleaned.toLowerCase() === cleaned) return 1;
  if (commonCases.some((pattern) => pattern.test(cleaned))) return 2;
  let upper = 0;
  let lower = 0;
  for (const character of cleaned) {
    if (oneUpper.test(character)) upper += 1;
    if (oneLower.test(character)) lower += 1;
  }
  let variations = 0;
  for (let i = 1; i <= Math.min(upper, lower); i += 1) variations += nCk(upper + lower, i);
  return variations;
}

function countSubstring(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length)) count += 1;
  return count;
}

function l33tVariations(match: DictionaryMatch): number {
  if (!match.l33t) return 1;
  const tokenLower = match.token.toLowerCase();
  let variations = 1;
  for (const sub of (match as L33tMatch).subs) {
    const subbed = countSubstring(tokenLower, sub.substitution);
    const unsubbed = countSubstring(tokenLower, sub.letter);
    if (subbed === 0 || unsubbed === 0) {
      variations *= 2;
    } else {
      let possibilities = 0;
      for (let i = 1; i <= Math.min(unsubbed, subbed); i += 1) {
        possibilities += nCk(unsubbed + subbed, i);
      }
      variations *= possibilities;
    }
  }
  return variations;
}

export function withDictionaryGuesses<Match extends DictionaryMatch>(
  match: Match,
  passwordLength: number,
): Match & Estimated {
  const baseGuesses = match.rank;
  const uppercase = uppercaseVariations(match.token);
  const l33t = l33tVariations(match);
  const calculation =
    match.dictionaryName === "diceware"
      ? 6 ** 5 / 2
      : baseGuesses * uppercase * l33t * (match.reversed ? 2 : 1);
  const guesses = Math.max(calculation, minimumGuesses(match.token.length, passwordLength));
  const guessesLog10 = log10(guesses);
  const { pattern, i, j, token, matchedWord, rank, dictionaryName, reversed } = match;
  // Spelled out rather than spread: two fixed object shapes, no property store to grow.
  const estimated = match.l33t
    ? {
        pattern,
        i,
        j,
        token,
        matchedWord,
        rank,
        dictionaryName,
        reversed,
        l33t: true,
        subs: (match as unknown as L33tMatch).subs,
        subDisplay: (match as unknown as L33tMatch).subDisplay,
        baseGuesses,
        uppercaseVariations: uppercase,
        l33tVariations: l33t,
        guesses,
        guessesLog10,
      }
    : {
        pattern,
        i,
        j,
        token,
        matchedWord,
        rank,
        dictionaryName,
        reversed,
        l33t: false,
        baseGuesses,
        uppercaseVariations: uppercase,
        l33tVariations: l33t,
        guesses,
        guessesLog10,
      };
  return estimated as unknown as Match & Estimated;
}

/** The average number of neighbours per key: the same for every match on a graph. */
const averageDegrees = new WeakMap<OptionsGraphEntry, number>();

function averageDegree(graph: OptionsGraphEntry): number {
  let degree = averageDegrees.get(graph);
  if (degree !== undefined) return degree;
  let neighbours = 0;
  const keys = Object.keys(graph);
  for (const key of keys) {
    for (const neighbour of graph[key] ?? []) if (neighbour) neighbours += 1;
  }
  degree = neighbours / keys.length;
  averageDegrees.set(graph, degree);
  return degree;
}

export function withSpatialGuesses(
  match: SpatialMatch,
  graphs: OptionsGraph,
  passwordLength: number,
): SpatialMatch & Estimated {
  const length = match.token.length;
  const estimated = Math.max(spatialGuesses(match, graphs), minimumGuesses(length, passwordLength));
  const { pattern, i, j, token, graph: name, turns, shiftedCount } = match;
  return {
    pattern,
    i,
    j,
    token,
    graph: name,
    turns,
    shiftedCount,
    guesses: estimated,
    guessesLog10: log10(estimated),
  };
}

/** zxcvbn-ts's `spatialMatcher` scoring: the guesses before the floor for a part. */
export function spatialGuesses(match: SpatialMatch, graphs: OptionsGraph): number {
  const graph = graphs[match.graph] ?? {};
  const startingPositions = Object.keys(graph).length;
  const degree = averageDegree(graph);
  const length = match.token.length;
  let guesses = 0;
  for (let i = 2; i <= length; i += 1) {
    const possibleTurns = Math.min(match.turns, i - 1);
    for (let j = 1; j <= possibleTurns; j += 1) {
      guesses += nCk(i - 1, j - 1) * startingPositions * degree ** j;
    }
  }
  // Shifted keys (% for 5, A for a) are counted like capitals in a dictionary word.
  if (match.shiftedCount) {
    const unshifted = length - match.shiftedCount;
    if (unshifted === 0) {
      guesses *= 2;
    } else {
      let variations = 0;
      for (let i = 1; i <= Math.min(match.shiftedCount, unshifted); i += 1) {
        variations += nCk(match.shiftedCount + unshifted, i);
      }
      guesses *= variations;
    }
  }
  return Math.round(guesses);
}
