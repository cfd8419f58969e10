import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import {
  createStrengthEstimator,
  defaultStrengthThreads,
} from "../../src/passwords/strength/estimator";
import { createStrengthChecker, defaultStrengthTuning } from "../../src/passwords/strength/options";
import { compareWithStock } from "./agreement";
import { longInputs, passphrases, rockyouPasswords, wordsAcrossTheCut } from "./inputs";
import { summarise, timeEach } from "./stats";

/**
 * npm run bench:strength [-- --every 10] [--threads 1]
 * Latency of the tuned zxcvbn-ts in this thread and through the worker pool, agreement with
 * stock zxcvbn-ts on the rockyou list (every Nth password with --every; the whole list takes
 * stock about 4 minutes here) and on long inputs, and the event loop's longest stall while
 * 50 evaluations are in flight.
 */
const { values } = parseArgs({
  options: { every: { type: "string", default: "1" }, threads: { type: "string" } },
});
const every = Math.max(1, Number(values.every));
const threads = values.threads ? Number(values.threads) : defaultStrengthThreads();
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");

console.log(`node ${process.version}, ${availableParallelism()} cores, load average ${load()}`);
console.log(`tuning: ${JSON.stringify(defaultStrengthTuning)}, ${threads} worker threads`);

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

const estimator = createStrengthEstimator({ threads });
await estimator.start();
console.log("\nend to end through the worker pool, one at a time:");
const sample = rockyou.filter((_, index) => index % 10 === 0);
const pooledShort = await timeEach(sample, (password) => estimator.estimate(password, userInputs));
console.log(`  rockyou (every 10th): ${summarise(pooledShort)}`);
const pooledLong = await timeEach(long, ({ password }) => estimator.estimate(password, userInputs));
console.log(`  long inputs: ${summarise(pooledLong)}`);

console.log("\nevent loop of this (main) thread, 100 rounds of 50 evaluations in flight:");
const stalls = await measureEventLoop(async (round) => {
  const batch = Array.from({ length: 50 }, (_, index) =>
    index % 5 === 0
      ? (long[(round * 50 + index) % long.length]?.password ?? "")
      : (rockyou[(round * 50 + index) % rockyou.length] ?? ""),
  );
  const start = performance.now();
  return Promise.all(
    batch.map((password) =>
      estimator.estimate(password, userInputs).then(() => performance.now() - start),
    ),
  );
});
console.log(`  ${stalls.summary}`);
console.log(`  completion time of each evaluation in a burst of 50: ${summarise(stalls.results)}`);
console.log("  baseline, the same probes with the pool idle for as long:");
const idle = await measureEventLoop(
  () => new Promise<number[]>((resolve) => setTimeout(() => resolve([]), stalls.roundMilliseconds)),
);
console.log(`  ${idle.summary}`);
await estimator.close();

/** CPU time of this process's main thread (Linux; 10 ms ticks), to tell stalls from work. */
function mainThreadCpuMilliseconds(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** The longest event-loop stalls (monitorEventLoopDelay and a 1 ms timer) during 100 rounds. */
async function measureEventLoop(round: (index: number) => Promise<number[]>) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let longestGap = 0;
  let lastTick = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - lastTick - 1);
    lastTick = now;
  }, 1);
  const utilisation = performance.eventLoopUtilization();
  const cpuBefore = mainThreadCpuMilliseconds();
  histogram.enable();
  const results: number[] = [];
  const startedAt = performance.now();
  for (let index = 0; index < 100; index += 1) results.push(...(await round(index)));
  histogram.disable();
  clearInterval(probe);
  const busy = performance.eventLoopUtilization(utilisation).utilization;
  const cpu = mainThreadCpuMilliseconds() - cpuBefore;
  const ms = (nanoseconds: number) => (nanoseconds / 1e6).toFixed(2);
  return {
    results,
    roundMilliseconds: (performance.now() - startedAt) / 100,
    summary:
      `monitorEventLoopDelay p99 ${ms(histogram.percentile(99))} ms, max ${ms(histogram.max)} ms; ` +
      `1 ms timer's longest gap ${longestGap.toFixed(2)} ms; event loop busy ${(100 * busy).toFixed(1)} %` +
      (results.length > 0
        ? `; main thread CPU ${((1000 * cpu) / results.length).toFixed(0)} µs per evaluation`
        : ""),
  };
}

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
compareWithStock("agreement on passphrases of 3 to 6 common words:", passphrases(), checker);
compareWithStock(
  "agreement on a weak start and a long word across the prefix's end:",
  wordsAcrossTheCut(),
  checker,
);
console.log(`\nload average at the end: ${load()}`);
