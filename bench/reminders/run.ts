/**
 * bench/reminders: `npm run bench:reminders [-- --members 1000000]`
 * Seeds a portal of N members with their reminder rows (4% due on the bench day; see seed.ts),
 * then, each in a fresh process so memory figures are the phase's own:
 *   day     the real scheduler rounds at 17:59 in Tokyo on the bench day: read the day's
 *           sign-in checks through the change feed, find the due reminders through the index,
 *           queue each in the outbox with its two links. Goal: <= 10 s, memory flat.
 *   replan  a policy change, then the sweep that re-plans every member.
 * Prints the time, the rate and RSS samples, then deletes its work folder (unless --keep).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Config, loadConfig } from "../../src/config";
import { closeDatabase, openDatabase } from "../../src/db/connection";
import { defaultReminderPolicy } from "../../src/reminders/policy";
import { startOfLocalDay } from "../../src/reminders/send-window";
import { type PhaseFigures, runDayPhase, runReplanPhase } from "./phases";
import { seedRemindersPortal } from "./seed";

const self = fileURLToPath(import.meta.url);
const timeZone = "Asia/Tokyo";
const hour = 3_600_000;
const { values } = parseArgs({
  options: {
    members: { type: "string", default: "1000000" },
    phase: { type: "string" },
    work: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});

// The bench day: 15 March 2027 in Tokyo, window 09:00-18:00, the clock at 17:59.
const midnight = startOfLocalDay(new Date("2027-03-15T03:00:00Z"), timeZone).getTime();
const day = { start: midnight + 9 * hour, end: midnight + 18 * hour - 60_000, midnight };

function benchConfig(work: string): Config {
  return loadConfig({
    NODE_ENV: "production",
    REKEY_ORIGIN: "https://portal.example.jp",
    REKEY_DB: join(work, "rekey.db"),
    REKEY_TIME_ZONE: timeZone,
    // The day's reminders in one go: the rate limit is tested, not benchmarked.
    REKEY_REMINDERS_PER_MINUTE: "1000000",
    LOG_LEVEL: "silent",
  });
}

if (values.phase) {
  const config = benchConfig(values.work as string);
  const figures =
    values.phase === "day" ? await runDayPhase(config, day) : await runReplanPhase(config, day);
  process.stdout.write(JSON.stringify(figures));
} else {
  await runBenchmark(Number(values.members), values.keep as boolean);
}

async function runBenchmark(members: number, keep: boolean): Promise<void> {
  if (!Number.isInteger(members) || members < 1000)
    throw new TypeError("--members must be >= 1000");
  const work = join(import.meta.dirname, "../.work", `reminders-${process.pid}`);
  mkdirSync(work, { recursive: true });
  try {
    const config = benchConfig(work);
    const database = openDatabase(config.databasePath);
    const started = performance.now();
    const { dueToday } = seedRemindersPortal(database, {
      count: members,
      dayStart: day.start,
      dayEnd: day.end,
      policy: defaultReminderPolicy,
      timeZone,
    });
    // Planning caught up with every member; the change feeds stand at the day's midnight.
    database.$client
      .prepare(
        "insert into reminder_scheduler (id, sweep_after_member_id, changed_after_at, checked_after_at) values (1, ?, ?, ?)",
      )
      .run(members, day.midnight, day.midnight);
    closeDatabase(database);
    console.log(
      `seeded ${count(members)} members, ${count(dueToday)} due on the bench day, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const dayFigures = runPhase("day", work);
    if (dayFigures.sent !== dueToday)
      throw new Error(`sent ${dayFigures.sent}, expected ${dueToday}`);
    printPhase("day: find and queue the day's reminders (goal <= 10 s, memory flat)", dayFigures);
    console.log(
      `  ${count(dayFigures.sent)} reminders queued (${count(dayFigures.sent / dayFigures.seconds)}/s), ${count(dayFigures.planned)} members re-read by the change feed`,
    );
    const replan = runPhase("replan", work);
    printPhase("re-plan every member after a policy change", replan);
    console.log(
      `  ${count(replan.planned)} members planned, ${count(replan.changed)} plans changed`,
    );
    console.log(
      `machine: ${cpus().length} cores, load average ${loadavg()
        .map((load) => load.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    if (keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

function runPhase(phase: string, work: string): PhaseFigures {
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, self, "--phase", phase, "--work", work],
    {
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 1 << 20,
    },
  );
  if (result.status !== 0) throw new Error(`the ${phase} phase failed (${result.status})`);
  return JSON.parse(result.stdout.toString()) as PhaseFigures;
}

function count(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

function printPhase(label: string, figures: PhaseFigures): void {
  const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)}`;
  console.log(label);
  console.log(
    `  ${figures.seconds.toFixed(2)} s wall, ${figures.cpuSeconds.toFixed(2)} s CPU, ${figures.rounds} rounds`,
  );
  console.log(
    `  RSS MiB at 0/25/50/75/100% of rounds: ${figures.rssByProgress.map(mebibytes).join(" / ")}; peak sampled ${mebibytes(figures.rssPeak)}, process max ${mebibytes(figures.maximumRss)}; V8 heap at the end ${mebibytes(figures.heapUsed)} used of ${mebibytes(figures.heapTotal)}`,
  );
}
