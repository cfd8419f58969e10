import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import {
  createStrengthEstimator,
  defaultStrengthThreads,
  type StrengthEvaluationTiming,
} from "../../src/passwords/strength/estimator";
import { createStrengthChecker, defaultStrengthTuning } from "../../src/passwords/strength/options";
import { compareWithStock } from "./agreement";
import { measureEventLoop } from "./event-loop";
import {
  longInputs,
  passphrases,
  rockyouPasswords,
  strongPasswords,
  wordsAcrossTheCut,
  worstCaseInputs,
} from "./inputs";
import { cpuTimeEach, machineLoad, summarise, timeEach } from "./stats";

/**
 * npm run bench:strength [-- --every 10] [--threads 1] [--young-generation-mb 48] [--no-agreement]
 * 1. the work itself: the tuned checker in this thread, CPU and wall time per evaluation;
 * 2. as the server performs it: through the worker pool one at a time, the time in the
 *    thread and the round trip (queue, messages, wake-ups) apart;
 * 3. the main thread's event loop while 50 evaluations are in flight, against idle spells;
 * 4. agreement with stock zxcvbn-ts on the rockyou list (every Nth with --every; the whole
 *    list takes stock about 4 minutes here) and on long inputs.
 * Wall-clock figures depend on what else runs on the machine: each comes with the load.
 */
const { values } = parseArgs({
  options: {
    every: { type: "string", default: "1" },
    threads: { type: "string" },
    "young-generation-mb": { type: "string" },
    "no-agreement": { type: "boolean", default: false },
  },
});
const every = Math.max(1, Number(values.every));
const threads = values.threads ? Number(values.threads) : defaultStrengthThreads();
const youngGeneration = values["young-generation-mb"]
  ? { youngGenerationSizeInMegabytes: Number(values["young-generation-mb"]) }
  : {};

console.log(`node ${process.version}, ${availableParallelism()} cores ${machineLoad()}`);
console.log(`tuning: ${JSON.stringify(defaultStrengthTuning)}, ${threads} worker threads`);

const rockyou = rockyouPasswords();
const long = longInputs();
const worst = worstCaseInputs();
const strong = strongPasswords();
const userInputs = ["taro.yamada", "taro.yamada@example.jp", "taro", "yamada", "rekey"];
/**
 * Through the pool, rockyou is sampled (every 10th) and the two small sets go round 10 times,
 * so that their p99 is a percentile rather than the single slowest of 66 or 52.
 */
const sets = [
  { name: `rockyou (${rockyou.length})`, passwords: rockyou, pooled: 10, rounds: 1 },
  {
    name: `passwords the policy accepts (${strong.length})`,
    passwords: strong,
    pooled: 1,
    rounds: 1,
  },
  {
    name: `long inputs, 80-256 characters (${long.length})`,
    passwords: long.map((input) => input.password),
    pooled: 1,
    rounds: 10,
  },
  {
    name: `worst-case shapes, 24-256 characters (${worst.length})`,
    passwords: worst.map((input) => input.password),
    pooled: 1,
    rounds: 10,
  },
];

/**
 * Section 1 with its own checker, dropped afterwards: the server's main thread holds no word
 * lists, so neither should this one while it measures the event loop.
 */
function measureInThisThread(): void {
  const startedAt = performance.now();
  const checker = createStrengthChecker();
  console.log(`\nindexing the word lists: ${(performance.now() - startedAt).toFixed(0)} ms`);
  for (const password of rockyou.slice(0, 3000)) checker.check(password, userInputs);

  console.log(
    "\n1. The work itself, in this thread: CPU time per evaluation (not inflated by other processes), then wall time",
  );
  for (const { name, passwords } of sets) {
    const repeated =
      passwords.length < 1000 ? [...passwords, ...passwords, ...passwords] : passwords;
    const wall: number[] = [];
    const cpu = cpuTimeEach(repeated, (password) => {
      const start = performance.now();
      checker.check(password, userInputs);
      wall.push(performance.now() - start);
    });
    console.log(`  ${name}${repeated === passwords ? "" : " x 3"}:`);
    console.log(`    CPU   ${summarise(cpu)}`);
    console.log(`    wall  ${summarise(wall)}  ${machineLoad()}`);
  }
  const costliest = [...long, ...worst]
    .map(({ kind, password }) => ({
      kind,
      length: [...password].length,
      cpu: Math.min(
        ...cpuTimeEach([password, password, password], (p) => checker.check(p, userInputs)),
      ),
    }))
    .sort((a, b) => b.cpu - a.cpu)
    .slice(0, 5)
    .map(({ kind, length, cpu }) => `${kind} (${length}) ${cpu.toFixed(2)}`);
  console.log(`  costliest inputs, least CPU of 3 runs (ms): ${costliest.join(", ")}`);
}

measureInThisThread();

const timings: StrengthEvaluationTiming[] = [];
const estimator = createStrengthEstimator({
  threads,
  ...youngGeneration,
  onEvaluated: (timing) => timings.push(timing),
});
await estimator.start();
for (const password of rockyou.slice(0, 3000)) await estimator.estimate(password, userInputs);
console.log("\n2. As the server performs it: through the worker pool, one evaluation at a time");
const handOff = await timeEach(Array<string>(1000).fill(""), (password) =>
  estimator.estimate(password, userInputs),
);
console.log(`  the hand-off alone (an empty password):  ${machineLoad()}`);
console.log(`    round trip                             ${summarise(handOff)}`);
for (const { name, passwords, pooled, rounds } of sets) {
  timings.length = 0;
  const sampled = passwords.filter((_, index) => index % pooled === 0);
  const roundTrip: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    roundTrip.push(
      ...(await timeEach(sampled, (password) => estimator.estimate(password, userInputs))),
    );
  }
  const inThread = timings.map((timing) => timing.evaluationInMilliseconds);
  const how = pooled > 1 ? `, every ${pooled}th` : rounds > 1 ? ` x ${rounds}` : "";
  console.log(`  ${name}${how}:  ${machineLoad()}`);
  console.log(`    round trip (estimate() to its answer)  ${summarise(roundTrip)}`);
  if (inThread.length !== roundTrip.length) continue;
  console.log(`    of which in the thread                 ${summarise(inThread)}`);
  const rest = roundTrip.map((total, index) => total - (inThread[index] ?? 0));
  console.log(`    the rest (messages, wake-ups)          ${summarise(rest)}`);
}

console.log(
  `\n3. The main thread's event loop with 50 evaluations in flight (1 in 5 long or worst-case), each burst followed by an idle spell as long  ${machineLoad()}`,
);
const mixed = [...long, ...worst].map((input) => input.password);
const burst = async (round: number) => {
  const start = performance.now();
  return Promise.all(
    Array.from({ length: 50 }, (_, index) => {
      const at = round * 50 + index;
      const password = index % 5 === 0 ? mixed[at % mixed.length] : rockyou[at % rockyou.length];
      return estimator.estimate(password ?? "", userInputs).then(() => performance.now() - start);
    }),
  );
};
const untraced = await measureEventLoop({ rounds: 100, traceCallbacks: false, burst });
console.log(`  100 rounds, busy: ${untraced.busy}`);
console.log(`              idle: ${untraced.idle}`);
console.log(
  `  main thread CPU per evaluation: ${untraced.mainThreadCpuPerEvaluationInMicroseconds.toFixed(0)} µs`,
);
console.log(`  completion of each evaluation in its burst: ${summarise(untraced.completions)}`);
const traced = await measureEventLoop({ rounds: 30, traceCallbacks: true, burst });
console.log(`  30 rounds with every callback timed, busy: ${traced.busy}`);
console.log(`                                      idle: ${traced.idle}  ${machineLoad()}`);
await estimator.close();

if (!values["no-agreement"]) {
  const checker = createStrengthChecker();
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
}
console.log(`\nat the end ${machineLoad()}`);
