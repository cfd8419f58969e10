import { Options, ZxcvbnFactory } from "@zxcvbn-ts/core";
import { strengthDictionaries, strengthKeyboardGraphs } from "./dictionaries";
import { buildDictionaryIndex, buildUserInputIndex } from "./dictionary-index";
import { strengthFeedbackKeys } from "./feedback";
import { createIndexedMatchers } from "./indexed-matchers";
import { choosePrefix, lookaheadLength, withoutSplitSurrogate } from "./prefix";
import { estimatedSpatialMatcher } from "./spatial-matcher";

/**
 * The one zxcvbn-ts configuration, shared by the server's worker threads and the browser
 * meter so both give the same score. Stock zxcvbn-ts 4 with the same lists spends up to tens
 * of ms on a short password and hundreds on a long one; the indexed matchers
 * (indexed-matchers.ts), matches estimated once (guess-estimates.ts) and these two limits,
 * measured against stock in bench/strength (figures in the README), keep the score on
 * 99.99 % of the rockyou list at a fraction of the cost.
 */
export interface StrengthTuning {
  /**
   * Only this many leading UTF-16 units are scored. Guessing a password means guessing its
   * prefix too, so the whole is at least as strong as the prefix: scoring the prefix can
   * understate strength, never overstate it (see README for zxcvbn's one caveat).
   */
  evaluatedLength: number;
  /** How many l33t readings ("p@ss" -> "pass") to try; stock tries 100. */
  l33tMaxSubstitutions: number;
}

export const defaultStrengthTuning: StrengthTuning = {
  evaluatedLength: 24,
  l33tMaxSubstitutions: 2,
};

/** The member's own data (login ID, e-mail, name...) is scored as a dictionary of its own. */
export const maximumUserInputs = 16;
export const maximumUserInputLength = lookaheadLength;

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export interface StrengthResult {
  score: StrengthScore;
  guessesLog10: number;
  /** zxcvbn-ts translation keys (`warnings.*`, `suggestions.*`); see describeStrengthFeedback. */
  warning: string | null;
  suggestions: string[];
}

export interface StrengthChecker {
  check(password: string, userInputs: readonly string[]): StrengthResult;
}

/** Builds the checker: call once per thread or page, since it indexes ~260,000 words. */
export function createStrengthChecker(
  tuning: StrengthTuning = defaultStrengthTuning,
): StrengthChecker {
  const index = buildDictionaryIndex(strengthDictionaries);
  const indexed = createIndexedMatchers(index);
  const factory = new ZxcvbnFactory(
    {
      // The lists and the member's data live in the indexes; zxcvbn's own matchers get neither.
      dictionary: {},
      graphs: strengthKeyboardGraphs,
      translations: strengthFeedbackKeys,
      l33tMaxSubstitutions: tuning.l33tMaxSubstitutions,
      maxLength: tuning.evaluatedLength,
    },
    { ...indexed.matchers, spatial: estimatedSpatialMatcher },
  );
  const l33t = { limit: tuning.l33tMaxSubstitutions, trieRoot: new Options().trieNodeRoot };
  return {
    check(password, userInputs) {
      const inputs = userInputs
        .slice(0, maximumUserInputs)
        .map((input) => input.slice(0, maximumUserInputLength));
      const prefix = choosePrefix(password, {
        length: tuning.evaluatedLength,
        index,
        l33t,
        userInputs: inputs.map((input) => input.toLowerCase()),
      });
      // The member's data reaches zxcvbn-ts through the indexed matchers (see there).
      indexed.startCheck(buildUserInputIndex(inputs));
      let result: ReturnType<ZxcvbnFactory["check"]>;
      try {
        result = factory.check(prefix);
      } finally {
        indexed.startCheck(null);
      }
      return {
        score: result.score,
        guessesLog10: result.guessesLog10,
        warning: result.feedback.warning,
        suggestions: result.feedback.suggestions,
      };
    },
  };
}

/** What the checker may read of a password: the scored prefix and enough past it to cut well. */
export function readablePrefix(password: string, tuning: StrengthTuning): string {
  return password.slice(
    0,
    withoutSplitSurrogate(password, tuning.evaluatedLength + lookaheadLength),
  );
}
