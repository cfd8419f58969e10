import {
  type DictionaryMatch,
  type L33tMatch,
  type Matcher,
  MatcherBaseClass,
  type MatchOptions,
  type Options,
} from "@zxcvbn-ts/core";
import { isWordSequenceDictionary } from "./dictionaries";
import {
  type DictionaryIndex,
  findDictionaryMatches,
  findReversedDictionaryMatches,
} from "./dictionary-index";
import { withDictionaryGuesses } from "./guess-estimates";
import { findL33tMatches } from "./l33t-matches";
import { keepBestPerL33tReading, keepBestPerSubstring } from "./match-pruning";
import { findWordSequences } from "./word-sequences";
import { strengthWork } from "./work-counters";

interface FoundWords {
  plain: DictionaryMatch[];
  l33t: L33tMatch[];
  reversed: DictionaryMatch[];
}

/**
 * Custom matchers that take over zxcvbn-ts's dictionary, l33t, reversed and word-sequence
 * matching with the index. Their matches carry the built-in patterns (`dictionary`,
 * `wordSequence`), so zxcvbn-ts writes their feedback exactly as its own; dictionary matches
 * come with their guesses estimated (guess-estimates.ts).
 *
 * The member's own data (`userInputIndex`) is scanned with the lists, as stock zxcvbn-ts
 * does with its merged `userInputs` list, so the checker passes zxcvbn-ts no user inputs and
 * its built-in dictionary matchers find nothing. Like stock, the repeat matcher's look at a
 * repeated unit ("abc" in "abcabc") comes without user inputs (`userInputsOptions` unset).
 */
export function createIndexedMatchers(index: DictionaryIndex): {
  matchers: Record<string, Matcher>;
  /** Starts a check: the member's data for it, and a fresh cache of lookups. */
  startCheck(userInputIndex: DictionaryIndex | null): void;
} {
  const sequenceLists = new Set(index.names.filter(isWordSequenceDictionary));
  const unused = { feedback: () => null, scoring: () => 0 };
  let userInputs: DictionaryIndex | null = null;
  // Three matchers read the same lookups, and the repeat matcher runs them on the repeated
  // unit in between: one entry per password (and whether it had the member's data).
  const cache = new Map<string, FoundWords>();
  const findAll = (options: Options, { password, userInputsOptions }: MatchOptions) => {
    const indexes = userInputsOptions && userInputs ? [index, userInputs] : [index];
    const key = `${indexes.length} ${password}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const l33t = { limit: options.l33tMaxSubstitutions, trieRoot: options.trieNodeRoot };
    const found = {
      plain: findDictionaryMatches(indexes, password),
      l33t: findL33tMatches(indexes, password, l33t),
      reversed: findReversedDictionaryMatches(indexes, password),
    };
    cache.set(key, found);
    return found;
  };

  class IndexedDictionaryMatcher extends MatcherBaseClass {
    match(matchOptions: MatchOptions): DictionaryMatch[] {
      const { plain, l33t } = findAll(this.options, matchOptions);
      const passwordLength = matchOptions.password.length;
      const kept = [
        ...keepBestPerSubstring(plain, passwordLength),
        ...keepBestPerL33tReading(l33t, passwordLength),
      ];
      strengthWork.dictionaryMatchesScored += kept.length;
      return kept.map((match) => withDictionaryGuesses(match, passwordLength));
    }
  }
  class IndexedReversedMatcher extends MatcherBaseClass {
    match(matchOptions: MatchOptions): DictionaryMatch[] {
      const { reversed } = findAll(this.options, matchOptions);
      const passwordLength = matchOptions.password.length;
      const kept = keepBestPerSubstring(reversed, passwordLength);
      strengthWork.dictionaryMatchesScored += kept.length;
      return kept.map((match) => withDictionaryGuesses(match, passwordLength));
    }
  }
  class IndexedWordSequenceMatcher extends MatcherBaseClass {
    match(matchOptions: MatchOptions) {
      const { plain, l33t, reversed } = findAll(this.options, matchOptions);
      const words = [...plain, ...l33t, ...reversed].filter((match) =>
        sequenceLists.has(match.dictionaryName),
      );
      return findWordSequences(words, matchOptions.password);
    }
  }
  // A custom matcher named like a built-in one takes its place in zxcvbn-ts's matcher order,
  // so the matches reach the search in stock's order and ties (a word that is also a
  // sequence, "123456") are settled as stock settles them. These two names are no pattern
  // names, so zxcvbn-ts's own scoring and feedback still apply to the matches.
  const matchers = {
    dictionaryL33t: { ...unused, Matching: IndexedDictionaryMatcher },
    dictionaryReverse: { ...unused, Matching: IndexedReversedMatcher },
    indexedWordSequence: { ...unused, Matching: IndexedWordSequenceMatcher },
  };
  return {
    matchers,
    startCheck(userInputIndex) {
      userInputs = userInputIndex;
      cache.clear();
    },
  };
}
