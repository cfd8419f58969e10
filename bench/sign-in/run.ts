import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { findMemberByLoginId } from "../../src/accounts/members";
import type { PasswordPolicy } from "../../src/passwords/policy";
import { recheckPasswordAtSignIn } from "../../src/passwords/sign-in-recheck";
import {
  createStrengthEstimator,
  type StrengthEvaluationTiming,
} from "../../src/passwords/strength/estimator";
import { machineLoad, summarise } from "../strength/stats";
import { type BenchMember, type BenchPortal, createBenchPortal, createBrowser } from "./portal";

/**
 * npm run bench:sign-in [-- --rounds 100 --members 10]
 * Password sign-in through the real app (app.request: every middleware, the throttles,
 * argon2id verification, the session) with the re-check on, and with it off: the policy it
 * calls answers at once with nothing found, so what remains of the re-check is recording the
 * verdict, which is then timed on its own. The two portals take turns, so they share the
 * machine's load; CPU time per sign-in (the whole process: argon2 and the strength threads
 * included) is printed next to wall time, since it does not grow with other processes' load.
 */
const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "100" },
    members: { type: "string", default: "10" },
  },
});
const rounds = Number(values.rounds);
const members: BenchMember[] = Array.from({ length: Number(values.members) }, (_, index) => ({
  loginId: `member${index}`,
  email: `member${index}@example.jp`,
  password: randomBytes(12).toString("base64url"),
}));

console.log(`node ${process.version}, ${availableParallelism()} cores ${machineLoad()}`);
const strengthTimings: StrengthEvaluationTiming[] = [];
const strengthEstimator = createStrengthEstimator({
  onEvaluated: (timing) => strengthTimings.push(timing),
});
await strengthEstimator.start();
const answersAtOnce: PasswordPolicy = {
  readMinimumLength: async () => 12,
  evaluatePassword: async () => [],
  evaluatePasswordWithVersion: async () => ({ findings: [], breachCorpusVersion: null }),
};
const portals: Record<"on" | "off", BenchPortal> = {
  on: await createBenchPortal({ strengthEstimator, members }),
  off: await createBenchPortal({
    strengthEstimator,
    members,
    overrides: { passwordPolicy: answersAtOnce },
  }),
};

interface Sample {
  wallInMilliseconds: number;
  cpuInMilliseconds: number;
}
const samples: Record<"on" | "off", Sample[]> = { on: [], off: [] };
const browsers = {
  on: members.map((_, index) => createBrowser(portals.on, `198.18.0.${index + 1}`)),
  off: members.map((_, index) => createBrowser(portals.off, `198.18.0.${index + 1}`)),
};
const signIn = async (mode: "on" | "off", index: number, record: boolean) => {
  const member = members[index] as BenchMember;
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const response = await (browsers[mode][index] as ReturnType<typeof createBrowser>).signIn(member);
  const wallInMilliseconds = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuBefore);
  if (response.status !== 303 || response.headers.get("location") !== "/account") {
    throw new Error(
      `sign-in ${mode} answered ${response.status} ${response.headers.get("location")}`,
    );
  }
  if (record)
    samples[mode].push({ wallInMilliseconds, cpuInMilliseconds: (cpu.user + cpu.system) / 1000 });
};

// Warm-up: every browser gets its CSRF and device cookies, argon2 and the threads warm up.
for (let index = 0; index < members.length; index += 1) {
  await signIn("on", index, false);
  await signIn("off", index, false);
}
strengthTimings.length = 0;
for (let round = 0; round < rounds; round += 1) {
  const index = round % members.length;
  const order: ("on" | "off")[] = round % 2 === 0 ? ["on", "off"] : ["off", "on"];
  for (const mode of order) await signIn(mode, index, true);
}

const mean = (numbers: readonly number[]) =>
  numbers.reduce((sum, value) => sum + value, 0) / Math.max(1, numbers.length);
const median = (numbers: readonly number[]) =>
  [...numbers].sort((a, b) => a - b)[numbers.length >> 1] ?? Number.NaN;
console.log(`\n${rounds} successful password sign-ins each, taking turns  ${machineLoad()}`);
for (const mode of ["on", "off"] as const) {
  const wall = samples[mode].map((sample) => sample.wallInMilliseconds);
  const cpu = samples[mode].map((sample) => sample.cpuInMilliseconds);
  console.log(
    `  re-check ${mode.padEnd(3)} wall ${summarise(wall)}; CPU mean ${mean(cpu).toFixed(2)} ms`,
  );
}
const wallOn = samples.on.map((sample) => sample.wallInMilliseconds);
const wallOff = samples.off.map((sample) => sample.wallInMilliseconds);
const cpuOn = mean(samples.on.map((sample) => sample.cpuInMilliseconds));
const cpuOff = mean(samples.off.map((sample) => sample.cpuInMilliseconds));
const percent = (added: number, base: number) => `${((100 * added) / base).toFixed(1)} %`;
const addedWall = median(wallOn) - median(wallOff);
console.log(
  `  the evaluation adds: wall ${addedWall.toFixed(2)} ms at the median (${percent(addedWall, median(wallOff))}); ` +
    `CPU ${(cpuOn - cpuOff).toFixed(2)} ms a sign-in (${percent(cpuOn - cpuOff, cpuOff)})`,
);
if (strengthTimings.length > 0) {
  const inThread = strengthTimings.map((timing) => timing.evaluationInMilliseconds);
  const roundTrip = strengthTimings.map((timing) => timing.roundTripInMilliseconds);
  console.log(`  strength scoring within those sign-ins, round trip: ${summarise(roundTrip)}`);
  console.log(`                                of which in the thread: ${summarise(inThread)}`);
}

console.log(
  `\nthe re-check alone (recheckPasswordAtSignIn, ${rounds} calls each)  ${machineLoad()}`,
);
for (const mode of ["on", "off"] as const) {
  const { deps } = portals[mode];
  const durations: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const member = members[round % members.length] as BenchMember;
    const owner = await findMemberByLoginId(deps.database, member.loginId);
    if (!owner) throw new Error("member missing");
    const startedAt = performance.now();
    await recheckPasswordAtSignIn(deps, owner, member.password);
    durations.push(performance.now() - startedAt);
  }
  const what = mode === "on" ? "evaluate and record" : "record only       ";
  console.log(`  ${what}  ${summarise(durations)}`);
}
const verifications: number[] = [];
const { deps } = portals.on;
const owner = await findMemberByLoginId(deps.database, members[0]?.loginId ?? "");
for (let round = 0; round < Math.min(rounds, 50); round += 1) {
  const startedAt = performance.now();
  await deps.passwordHasher.verifyPassword(owner?.passwordHash ?? "", members[0]?.password ?? "");
  verifications.push(performance.now() - startedAt);
}
console.log(`  for scale, one argon2id verification: ${summarise(verifications)}`);
console.log(`\nat the end ${machineLoad()}`);
await strengthEstimator.close();
process.exit(0);
