import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import {
  strengthDictionaries,
  strengthKeyboardGraphs,
} from "../../src/passwords/strength/dictionaries";
import type { StrengthChecker } from "../../src/passwords/strength/options";
import { summarise } from "./stats";

/** Stock zxcvbn-ts: the same lists and keyboards, every other option at its default. */
export function createStockZxcvbn(): ZxcvbnFactory {
  return new ZxcvbnFactory({
    dictionary: strengthDictionaries as Record<string, (string | number)[]>,
    graphs: strengthKeyboardGraphs,
  });
}

/**
 * Scores every password with stock zxcvbn-ts and the tuned checker, and prints how often the
 * scores agree, stock's own latency, and the disagreements by (stock -> tuned) score.
 */
export function compareWithStock(
  title: string,
  passwords: readonly string[],
  checker: StrengthChecker,
): void {
  const stock = createStockZxcvbn();
  const stockDurations: number[] = [];
  const differences = new Map<string, string[]>();
  let agreeing = 0;
  let tunedLower = 0;
  let laxer = 0;
  let stricter = 0;
  for (const password of passwords) {
    const start = performance.now();
    const expected = stock.check(password).score;
    stockDurations.push(performance.now() - start);
    const actual = checker.check(password, []).score;
    // The policy refuses a score below 3: what matters is whether that verdict changes.
    if (expected < 3 && actual >= 3) laxer += 1;
    if (expected >= 3 && actual < 3) stricter += 1;
    if (actual === expected) {
      agreeing += 1;
      continue;
    }
    if (actual < expected) tunedLower += 1;
    const key = `${expected} -> ${actual}`;
    differences.set(key, [...(differences.get(key) ?? []), password]);
  }
  const percent = ((100 * agreeing) / Math.max(1, passwords.length)).toFixed(3);
  console.log(`\n${title}`);
  console.log(`  stock zxcvbn-ts latency: ${summarise(stockDurations)}`);
  console.log(`  same score as stock: ${agreeing} of ${passwords.length} (${percent} %)`);
  const disagreeing = passwords.length - agreeing;
  console.log(`  disagreements: ${disagreeing} (tuned lower, i.e. stricter: ${tunedLower})`);
  console.log(
    `  verdict at the policy's threshold (score >= 3): tuned accepts what stock refuses ${laxer}, refuses what stock accepts ${stricter}`,
  );
  for (const [key, examples] of [...differences].sort((a, b) => b[1].length - a[1].length)) {
    const shown = examples.slice(0, 6).map((example) => JSON.stringify(example.slice(0, 40)));
    console.log(`    stock ${key}: ${examples.length}  e.g. ${shown.join(", ")}`);
  }
}
