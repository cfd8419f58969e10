import { mkdirSync, rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { asc } from "drizzle-orm";
import { pino } from "pino";
import { createDeps } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import { waveDetection } from "../../src/db/schema";
import { runInTransaction } from "../../src/db/transaction";
import { insertSignInEvents } from "../../src/defence/sign-in-events";
import { listWaveMembers, waveWindowOf } from "../../src/defence/waves/wave-members";
import { runWavePassNow } from "../../src/defence/waves/wave-monitor";
import type { Clock } from "../../src/deps";
import { seedMembers } from "../bulk-reset/seed";
import {
  createMembers,
  createRandom,
  generateOrdinaryDay,
  generateWave,
  type TimedEvent,
} from "./traffic";

/**
 * The slow-wave benchmark (issue 23): a simulated clock, a week of ordinary sign-ins for 100k
 * members, then a day with a six-hour wave from 5,000 addresses below every limit. The
 * detection job runs every five simulated minutes, as its loop would. Reports time to
 * detection, the share of the wave's successful sign-ins listed for the reset, false alarms in
 * the quiet week and the job's cost per sign-in.
 */
const { values: options } = parseArgs({
  options: {
    members: { type: "string", default: "100000" },
    days: { type: "string", default: "7" },
    addresses: { type: "string", default: "5000" },
    "wave-attempts": { type: "string", default: "20000" },
    "valid-share": { type: "string", default: "0.02" },
    "wave-hour": { type: "string", default: "10.25" },
    seed: { type: "string", default: "23" },
    keep: { type: "boolean", default: false },
  },
});
const memberCount = Number(options.members);
const quietDays = Number(options.days);
const dayInMilliseconds = 86_400_000;
const bucketInMilliseconds = 5 * 60_000;

class SimulatedClock implements Clock {
  constructor(public current: number) {}
  now(): Date {
    return new Date(this.current);
  }
}

const start = Date.parse("2026-11-02T00:00:00Z");
const clock = new SimulatedClock(start);
const folder = join(import.meta.dirname, "../.work/slow-wave");
rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });
const config = loadConfig({
  NODE_ENV: "production",
  REKEY_ORIGIN: "https://portal.example.jp",
  REKEY_DB: join(folder, "rekey.db"),
  LOG_LEVEL: "silent",
  PORT: "0",
});
const deps = createDeps(config, { logger: pino({ level: "silent" }), clock });
const loadAtStart = loadavg();

console.log(`slow-wave bench: ${memberCount} members, ${quietDays} quiet days, then a wave`);
seedMembers(deps.database, { count: memberCount, passwordHash: "$argon2id$bench", now: start });
const random = createRandom(Number(options.seed));
const members = createMembers({ count: memberCount, firstMemberId: 1, random });
const waveStart = start + quietDays * dayInMilliseconds + Number(options["wave-hour"]) * 3_600_000;
const waveEvents = generateWave(
  members,
  {
    startAt: waveStart,
    durationInMinutes: 360,
    addresses: Number(options.addresses),
    attempts: Number(options["wave-attempts"]),
    validShare: Number(options["valid-share"]),
    memberShare: 0.6,
  },
  random,
);

let pending: TimedEvent[] = [];
let jobCpuMicroseconds = 0;
let longestPassMilliseconds = 0;
let eventsLogged = 0;
let passes = 0;
const end = start + (quietDays + 1) * dayInMilliseconds;
for (let day = 0; day <= quietDays; day++) {
  const dayStart = start + day * dayInMilliseconds;
  const dayEvents = generateOrdinaryDay(members, dayStart, random);
  pending = [...pending, ...dayEvents, ...(day === quietDays ? waveEvents : [])].sort(
    (left, right) => left.at - right.at,
  );
  for (
    let stepEnd = dayStart + bucketInMilliseconds;
    stepEnd <= dayStart + dayInMilliseconds;
    stepEnd += bucketInMilliseconds
  ) {
    const due = pending.filter((event) => event.at < stepEnd);
    pending = pending.slice(due.length);
    await runInTransaction(deps.database, (database) =>
      insertSignInEvents(
        database,
        due.map((event) => event.row),
      ),
    );
    eventsLogged += due.length;
    // The loop runs every 30 s; the first run after a bucket completes measures it.
    clock.current = stepEnd + 30_000;
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await runWavePassNow(deps);
    const used = process.cpuUsage(cpuBefore);
    jobCpuMicroseconds += used.user + used.system;
    longestPassMilliseconds = Math.max(longestPassMilliseconds, performance.now() - wallBefore);
    passes++;
  }
  console.log(
    `  day ${day + 1}: ${dayEvents.length} ordinary sign-ins${day === quietDays ? ` + ${waveEvents.length} wave attempts` : ""}`,
  );
}
clock.current = end;

const waves = await deps.database
  .select()
  .from(waveDetection)
  .orderBy(asc(waveDetection.detectedAt));
const falseAlarms = waves.filter((wave) => wave.detectedAt.getTime() < waveStart);
const detected = waves.find((wave) => wave.detectedAt.getTime() >= waveStart);
const waveSuccessMembers = new Set(
  waveEvents.filter((event) => event.row.result === "success").map((event) => event.row.memberId),
);
const listed = detected ? await listWaveMembers(deps, waveWindowOf(detected, clock.now())) : [];
const listedIds = new Set(listed.map((found) => found.memberId));
const caught = [...waveSuccessMembers].filter((memberId) => listedIds.has(memberId as number));
const severalIds = listed.filter((found) => found.identifiersFromAddress >= 2);
const severalIdsCaught = severalIds.filter((found) => waveSuccessMembers.has(found.memberId));
const loadAtEnd = loadavg();

const minutes = (milliseconds: number) => (milliseconds / 60_000).toFixed(1);
console.log("");
console.log(`events logged: ${eventsLogged} in ${passes} passes of the job`);
console.log(
  `false alarms in the ${quietDays} quiet days: ${falseAlarms.length}` +
    (falseAlarms.length > 0
      ? ` (${falseAlarms.map((wave) => wave.detectedAt.toISOString()).join(", ")}; ${falseAlarms.map((wave) => wave.evidence).join(" | ")})`
      : "") +
    " (goal 0)",
);
if (detected) {
  console.log(
    `time to detection: ${minutes(detected.detectedAt.getTime() - waveStart)} min after the onset (goal <= 15); estimated onset ${minutes(detected.onsetAt.getTime() - waveStart)} min from the true one`,
  );
  const signals = (JSON.parse(detected.evidence) as { signal: string; windowInMinutes: number }[])
    .map((reading) => `${reading.signal} (${reading.windowInMinutes} min)`)
    .join(", ");
  console.log(`signals at the last evaluation: ${signals}`);
  console.log(
    `wave ended: ${detected.endedAt ? `${minutes(detected.endedAt.getTime() - waveStart)} min after onset` : "still open"}; IDs touched: ${detected.identifiersTouched}`,
  );
} else {
  console.log("time to detection: NOT DETECTED");
}
console.log(
  `wave's successful sign-ins listed: ${caught.length} of ${waveSuccessMembers.size} members (${((100 * caught.length) / Math.max(waveSuccessMembers.size, 1)).toFixed(1)} %, goal >= 90 %); ${listed.length - caught.length} other members listed`,
);
console.log(
  `  of those, from addresses that tried several IDs: ${severalIdsCaught.length} (${((100 * severalIdsCaught.length) / Math.max(waveSuccessMembers.size, 1)).toFixed(1)} % of the wave's), ${severalIds.length - severalIdsCaught.length} other members`,
);
console.log(
  `signal cost: ${(jobCpuMicroseconds / Math.max(eventsLogged, 1)).toFixed(1)} us CPU per sign-in in the job (nothing added to the sign-in request); longest pass ${longestPassMilliseconds.toFixed(0)} ms`,
);
console.log(
  `machine: ${cpus().length} cores, load ${loadAtStart.map((value) => value.toFixed(1)).join(" ")} at start, ${loadAtEnd.map((value) => value.toFixed(1)).join(" ")} at end`,
);
deps.database.$client.close();
if (!options.keep) rmSync(folder, { recursive: true, force: true });
