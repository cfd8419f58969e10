import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { maximumPasswordCharacters } from "../src/passwords/input";
import {
  createStrengthEstimator,
  type StrengthEvaluationTiming,
} from "../src/passwords/strength/estimator";
import {
  createStrengthChecker,
  defaultStrengthTuning,
  readablePrefix,
} from "../src/passwords/strength/options";
import { strengthUserInputs } from "../src/passwords/strength/user-inputs";
import { resetStrengthWork, strengthWork } from "../src/passwords/strength/work-counters";

const checker = createStrengthChecker();
const taro = strengthUserInputs(["taro.yamada", "taro.yamada@example.jp"]);

function workOf(password: string, userInputs: readonly string[] = taro) {
  resetStrengthWork();
  checker.check(password, userInputs);
  return { ...strengthWork };
}

/** The shapes that cost the checker most (see bench/strength), each up to the length cap. */
const costliestUnits = [
  "9876543210",
  "19700101",
  "1/1/11",
  "p@$$w0rd",
  "4@!|3$0",
  "0()",
  "t@r0.y@m@d@",
  "taro.yamada@example.jp",
  "a",
  "パスワードあいうえお漢字",
  "😀🔑",
];
const repeatTo = (unit: string, length: number) => {
  const units = [...unit];
  return Array.from({ length }, (_, index) => units[index % units.length]).join("");
};

describe("what a password strength check may cost", () => {
  test("the costliest shapes, at every length up to the cap, stay within a fixed amount of work", () => {
    // Counted, not timed: about 10 times what a typical rockyou password takes, and the
    // most the benchmark's worst-case and long inputs reach with some room (3,656 substrings,
    // 343 lookups, 9 l33t readings, 172 matches).
    const bound = {
      substringsScanned: 5000,
      wordLookups: 600,
      l33tReadings: 12,
      dictionaryMatchesScored: 250,
    };
    for (const unit of costliestUnits) {
      for (const length of [24, 40, 152, maximumPasswordCharacters]) {
        const work = workOf(repeatTo(unit, length));
        for (const [measure, limit] of Object.entries(bound)) {
          const done = work[measure as keyof typeof work];
          assert.ok(done <= limit, `${unit} x ${length}: ${measure} ${done} > ${limit}`);
        }
      }
    }
    const typical = workOf("iloveyou2");
    assert.ok(
      typical.substringsScanned > 0 && typical.substringsScanned * 10 < bound.substringsScanned,
    );
  });

  test("nothing past what the thread reads costs anything, whatever the input's length", () => {
    const readable = defaultStrengthTuning.evaluatedLength + 128;
    for (const unit of costliestUnits) {
      const huge = repeatTo(unit, 100_000);
      assert.equal(readablePrefix(huge, defaultStrengthTuning).length <= readable, true);
      assert.deepEqual(workOf(huge), workOf(readablePrefix(huge, defaultStrengthTuning)), unit);
    }
  });

  test("the member's own data cost at most their first 16 values of 128 characters", () => {
    const many = Array.from({ length: 1000 }, (_, index) => `${"x".repeat(500)}${index}`);
    assert.deepEqual(
      workOf("correct horse battery staple", many),
      workOf(
        "correct horse battery staple",
        many.slice(0, 16).map((input) => input.slice(0, 128)),
      ),
    );
  });
});

describe("strength evaluation timing", () => {
  const timings: StrengthEvaluationTiming[] = [];
  const estimator = createStrengthEstimator({
    threads: 1,
    onEvaluated: (timing) => timings.push(timing),
  });
  after(() => estimator.close());

  test("each evaluation reports its time in the thread, in the queue and end to end", async () => {
    await Promise.all(
      ["password", "correct horse battery staple", "Tr0ub4dor&3"].map((password) =>
        estimator.estimate(password, taro),
      ),
    );
    assert.equal(timings.length, 3);
    for (const timing of timings) {
      assert.ok(timing.evaluationInMilliseconds > 0);
      assert.ok(timing.queuedInMilliseconds >= 0);
      assert.ok(
        timing.roundTripInMilliseconds >=
          timing.evaluationInMilliseconds + timing.queuedInMilliseconds - 0.001,
      );
    }
    // One thread: the later evaluations waited for the first.
    assert.ok(Math.max(...timings.map((timing) => timing.queuedInMilliseconds)) > 0);
  });
});
