import type { DictionaryMatch, L33tMatch } from "@zxcvbn-ts/core";
import { type DictionaryIndexes, findDictionaryMatches } from "./dictionary-index";
import { type L33tTrieNode, type L33tVariant, listL33tVariants } from "./l33t-variants";
import { strengthWork } from "./work-counters";

/**
 * zxcvbn-ts 4.2's `MatchL33t` over the index. One difference makes it fast, not different:
 * in each variant it looks up only substrings that hold a substitution (and the whole
 * variant), because zxcvbn-ts drops every other l33t match as "no actual substitution".
 */
export function findL33tMatches(
  indexes: DictionaryIndexes,
  password: string,
  options: { limit: number; trieRoot: L33tTrieNode; crossing?: number },
): L33tMatch[] {
  const matches: L33tMatch[] = [];
  // zxcvbn-ts keeps one match per substring, list and word, the first variant's.
  const included = new Set<string>();
  let hasFullMatch = false;
  for (const variant of listL33tVariants(password, options.limit, options.trieRoot)) {
    if (hasFullMatch) break;
    strengthWork.l33tReadings += 1;
    const firstEnd = firstEndWithChange(variant);
    const cut =
      options.crossing === undefined ? null : positionInVariant(variant, options.crossing);
    const found = findDictionaryMatches(
      indexes,
      variant.password,
      cut === null
        ? firstEnd
        : (i) => (i < cut ? Math.max(cut, firstEnd(i)) : Number.POSITIVE_INFINITY),
    );
    // Matches on one substring come together and share how it maps back.
    let previous: DictionaryMatch | null = null;
    let extras: L33tExtras = { i: 0, j: 0, subs: [], subDisplay: "" };
    let token = "";
    let tokenLower = "";
    for (const match of found) {
      if (previous?.i !== match.i || previous.j !== match.j) {
        extras = unsubstitutedExtras(variant, match);
        token = password.slice(extras.i, extras.j + 1);
        tokenLower = token.toLowerCase();
      }
      previous = match;
      hasFullMatch ||= extras.i === 0 && extras.j === password.length - 1;
      if (tokenLower === match.matchedWord) continue;
      const key = `${extras.i} ${extras.j} ${match.dictionaryName} ${match.matchedWord}`;
      if (included.has(key)) continue;
      included.add(key);
      matches.push({
        pattern: "dictionary",
        i: extras.i,
        j: extras.j,
        token,
        matchedWord: match.matchedWord,
        rank: match.rank,
        dictionaryName: match.dictionaryName,
        reversed: false,
        l33t: true,
        subs: extras.subs,
        subDisplay: extras.subDisplay,
      });
    }
  }
  // As zxcvbn-ts: single-character l33t matches ("4" as "a") are noise.
  return matches.filter((match) => match.token.length > 1);
}

/** The first substring end from `i` that covers a substitution; the whole variant from 0. */
function firstEndWithChange(variant: L33tVariant): (i: number) => number {
  const length = variant.password.length;
  // The first changed position at or after each position (changes come in order).
  const nextChange: number[] = [];
  for (let i = 0, change = 0; i < length; i += 1) {
    while ((variant.changes[change]?.i ?? Number.POSITIVE_INFINITY) < i) change += 1;
    nextChange.push(variant.changes[change]?.i ?? Number.POSITIVE_INFINITY);
  }
  return (i) => {
    const next = nextChange[i] ?? Number.POSITIVE_INFINITY;
    if (next !== Number.POSITIVE_INFINITY) return next;
    return i === 0 ? length - 1 : Number.POSITIVE_INFINITY;
  };
}

/** Where a position of the typed password falls in a variant (substitutions change lengths). */
function positionInVariant(variant: L33tVariant, position: number): number {
  let shift = 0;
  for (const change of variant.changes) {
    if (change.i + shift >= position) break;
    shift += change.substitution.length - change.letter.length;
  }
  return position - shift;
}

interface L33tExtras {
  i: number;
  j: number;
  subs: { letter: string; substitution: string }[];
  subDisplay: string;
}

/** zxcvbn-ts's `getExtras`: maps a variant's match back onto the typed password. */
function unsubstitutedExtras(variant: L33tVariant, match: DictionaryMatch): L33tExtras {
  let i = match.i;
  let j = match.j;
  const subs: { letter: string; substitution: string }[] = [];
  const subDisplay: string[] = [];
  const seen = new Set<string>();
  for (const change of variant.changes) {
    const widening = change.substitution.length - change.letter.length;
    if (change.i < match.i) {
      i += widening;
      j += widening;
    } else if (change.i <= match.j) {
      j += widening;
      const key = `${change.letter}-${change.substitution}`;
      if (!seen.has(key)) {
        seen.add(key);
        subs.push({ letter: change.letter, substitution: change.substitution });
        subDisplay.push(`${change.substitution} -> ${change.letter}`);
      }
    }
  }
  return { i, j, subs, subDisplay: subDisplay.join(", ") };
}
