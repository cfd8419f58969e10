import { availableParallelism, loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createStrengthEstimator } from "../../src/passwords/strength/estimator";
import { createStrengthChecker, defaultStrengthTuning } from "../../src/passwords/strength/options";
import { compareWithStock } from "./agreement";
import { longInputs, rockyouPasswords } from "./inputs";
import { summarise, timeEach } from "./stats";

/**
 * npm run bench:strength [-- --every 10]
 * Latency of the tuned zxcvbn-ts in this thread and through the worker pool, agreement with
 * stock zxcvbn-ts on the rockyou list (every Nth password with --every; the whole list takes
 * stock about 4 minutes here) and on long inputs, and the event loop's longest stall while
 * 50 evaluations are in flight.
 */
const { values } = parseArgs({ options: { every: { type: "string", default: "1" } } });
const every = Math.max(1, Number(values.every));
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");

console.log(`node ${process.version}, ${availableParallelism()} cores, load average ${load()}`);
console.log(`tuning: ${JSON.stringify(defaultStrengthTuning)}`);

const rockyou = rockyouPasswords();
const long = longInputs();
const userInputs = ["taro.yamada", "taro.yamada@example.jp", "taro", "yamada", "rekey"];

const startedAt = performance.now();
const checker = createStrengthChecker();
console.log(`\nindexing the word lists: ${(performance.now() - startedAt).toFixed(0)} ms`);
for (const password of rockyou.slice(0, 3000)) checker.check(password, userInputs);

console.log("\nraw, in this thread (after warm-up):");
const rawShort = await timeEach(rockyou, (password) => checker.check(password, userInputs));
console.log(`  rockyou (${rockyou.length}): ${summarise(rawShort)}`);
const rawLong = await timeEach([...long, ...long, ...long], ({ password }) =>
  checker.check(password, userInputs),
);
console.log(`  long inputs, 80-256 characters (${long.length} x 3): ${summarise(rawLong)}`);
const slowest = [...new Set(long.map((input) => input.kind))].map((kind) => {
  const inputs = long.filter((input) => input.kind === kind);
  const durations = inputs.map(({ password }) => {
    const start = performance.now();
    checker.check(password, userInputs);
    return performance.now() - start;
  });
  return `${kind} ${Math.max(...durations).toFixed(2)}`;
});
console.log(`  slowest per kind (ms): ${slowest.join(", ")}`);

const estimator = createStrengthEstimator();
await estimator.start();
console.log("\nend to end through the worker pool, one at a time:");
const sample = rockyou.filter((_, index) => index % 10 === 0);
const pooledShort = await timeEach(sample, (password) => estimator.estimate(password, userInputs));
console.log(`  rockyou (every 10th): ${summarise(pooledShort)}`);
const pooledLong = await timeEach(long, ({ password }) => estimator.estimate(password, userInputs));
console.log(`  long inputs: ${summarise(pooledLong)}`);

console.log("\nevent loop while 50 evaluations are in flight (100 rounds):");
const histogram = monitorEventLoopDelay({ resolution: 1 });
let longestTimerGap = 0;
let lastTick = performance.now();
const probe = setInterval(() => {
  const now = performance.now();
  longestTimerGap = Math.max(longestTimerGap, now - lastTick - 1);
  lastTick = now;
}, 1);
histogram.enable();
const inFlight: number[] = [];
for (let round = 0; round < 100; round += 1) {
  const batch = Array.from({ length: 50 }, (_, index) =>
    index % 5 === 0
      ? (long[(round * 50 + index) % long.length]?.password ?? "")
      : (rockyou[(round * 50 + index) % rockyou.length] ?? ""),
  );
  const start = performance.now();
  await Promise.all(
    batch.map((password) =>
      estimator.estimate(password, userInputs).then(() => inFlight.push(performance.now() - start)),
    ),
  );
}
histogram.disable();
clearInterval(probe);
await estimator.close();
const toMilliseconds = (nanoseconds: number) => (nanoseconds / 1e6).toFixed(2);
console.log(
  `  monitorEventLoopDelay: p99 ${toMilliseconds(histogram.percentile(99))} ms, max ${toMilliseconds(histogram.max)} ms`,
);
console.log(`  1 ms timer probe: longest gap ${longestTimerGap.toFixed(2)} ms`);
console.log(`  completion time of each evaluation in a burst of 50: ${summarise(inFlight)}`);

compareWithStock(
  `agreement with stock zxcvbn-ts on rockyou${every > 1 ? ` (every ${every}th)` : ""}:`,
  rockyou.filter((_, index) => index % every === 0),
  checker,
);
compareWithStock(
  "agreement on long inputs (tuned scores a prefix, stock the whole):",
  long.map((input) => input.password),
  checker,
);
console.log(`\nload average at the end: ${load()}`);
