import {
  type FeedbackType,
  type MatchEstimated,
  type Matcher,
  MatcherBaseClass,
  type MatchOptions,
  type Options,
  type OptionsGraphEntry,
  type SpatialMatch,
} from "@zxcvbn-ts/core";
import { type Estimated, spatialGuesses, withSpatialGuesses } from "./guess-estimates";

const shiftedCharacter = /[~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:"ZXCVBNM<>?]/;

/**
 * zxcvbn-ts 4.2's `MatchSpatial` (keyboard walks such as "qwerty" or "7410"; MIT, zxcvbn-ts
 * authors), finding the same matches in the same order, each with its guesses already
 * estimated (see guess-estimates.ts). Registered under the built-in's name, it takes the
 * built-in's place.
 */
export class EstimatedSpatialMatcher extends MatcherBaseClass {
  match({ password }: MatchOptions): (SpatialMatch & Estimated)[] {
    const matches: (SpatialMatch & Estimated)[] = [];
    for (const [name, graph] of Object.entries(this.options.graphs)) {
      for (const match of findWalks(password, graph, name)) {
        matches.push(withSpatialGuesses(match, this.options.graphs, password.length));
      }
    }
    return matches.sort((a, b) => a.i - b.i || a.j - b.j);
  }
}

function findWalks(password: string, graph: OptionsGraphEntry, graphName: string): SpatialMatch[] {
  const matches: SpatialMatch[] = [];
  const isKeypad = graphName.includes("keypad");
  let i = 0;
  while (i < password.length - 1) {
    let j = i + 1;
    let lastDirection: number | null = null;
    let turns = 0;
    let shiftedCount = !isKeypad && shiftedCharacter.test(password.charAt(i)) ? 1 : 0;
    for (;;) {
      const adjacents = graph[password.charAt(j - 1)] ?? [];
      let found = false;
      if (j < password.length) {
        const current = password.charAt(j);
        for (let direction = 0; direction < adjacents.length; direction += 1) {
          const adjacent = adjacents[direction];
          const at = adjacent ? adjacent.indexOf(current) : -1;
          if (at === -1) continue;
          found = true;
          // Index 1 in an adjacency is the shifted key: "@" in "2@".
          if (at === 1) shiftedCount += 1;
          // Every walk starts with a turn, so the first direction counts as one.
          if (lastDirection !== direction) {
            turns += 1;
            lastDirection = direction;
          }
          break;
        }
      }
      if (found) {
        j += 1;
        continue;
      }
      if (j - i > 2) {
        const token = password.slice(i, j);
        matches.push({
          pattern: "spatial",
          i,
          j: j - 1,
          token,
          graph: graphName,
          turns,
          shiftedCount,
        });
      }
      i = j;
      break;
    }
  }
  return matches;
}

/**
 * The custom matcher to register as "spatial". A matcher registered under a pattern's name
 * supplies that pattern's feedback, so it brings zxcvbn-ts's own. zxcvbn-ts's built-in scorer
 * comes before a custom one and the matches arrive estimated, so its scoring is a fallback
 * that gives the same guesses.
 */
export const estimatedSpatialMatcher: Matcher = {
  Matching: EstimatedSpatialMatcher,
  feedback: spatialFeedback,
  scoring: (match, options) => spatialGuesses(match as SpatialMatch, options.graphs),
};

/** zxcvbn-ts's spatial feedback (`warnings.straightRow`, `warnings.keyPattern`). */
export function spatialFeedback(options: Options, match: MatchEstimated): FeedbackType {
  const spatial = match as SpatialMatch;
  return {
    warning:
      spatial.turns === 1
        ? options.translations.warnings.straightRow
        : options.translations.warnings.keyPattern,
    suggestions: [options.translations.suggestions.longerKeyboardPattern],
  };
}
