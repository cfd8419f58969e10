import type { Config } from "../../src/config";
import { closeDatabase, openDatabase } from "../../src/db/connection";
import { outboxMessage } from "../../src/db/schema";
import { planPendingReminders } from "../../src/reminders/planner";
import { defaultReminderPolicy, saveReminderPolicy } from "../../src/reminders/policy";
import { runReminderRound } from "../../src/reminders/scheduler";
import { countDueReminders } from "../../src/reminders/summary";

export interface PhaseFigures {
  seconds: number;
  /** User plus system CPU time: steadier than wall time on a machine shared with others. */
  cpuSeconds: number;
  sent: number;
  planned: number;
  changed: number;
  rounds: number;
  /** RSS when 0, 25, 50, 75 and 100% of the rounds were done. */
  rssByProgress: number[];
  rssPeak: number;
  maximumRss: number;
  /** V8's heap at the end, to tell JavaScript objects from SQLite's and the runtime's memory. */
  heapUsed: number;
  heapTotal: number;
}

interface BenchDay {
  start: number;
  end: number;
}

/** Samples RSS on a timer and at each round, so the peak is seen even inside long rounds. */
function createRssSampler() {
  const samples: number[] = [];
  const sample = () => samples.push(process.memoryUsage().rss);
  sample();
  const timer = setInterval(sample, 25);
  return {
    sample,
    stop(): { byRound: number[]; peak: number } {
      clearInterval(timer);
      sample();
      return { byRound: samples, peak: Math.max(...samples) };
    },
  };
}

async function measureRounds(
  round: () => Promise<{ sent: number; planned: number; changed: number; moreWork: boolean }>,
): Promise<PhaseFigures> {
  const sampler = createRssSampler();
  const atRound: number[] = [process.memoryUsage().rss];
  const totals = { sent: 0, planned: 0, changed: 0, rounds: 0 };
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  for (;;) {
    const result = await round();
    totals.sent += result.sent;
    totals.planned += result.planned;
    totals.changed += result.changed;
    totals.rounds++;
    atRound.push(process.memoryUsage().rss);
    sampler.sample();
    if (!result.moreWork) break;
    // As the server's loop does: let timers (here the sampler) run between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const { peak } = sampler.stop();
  const at = (fraction: number) => atRound[Math.round(fraction * (atRound.length - 1))] ?? 0;
  return {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    ...totals,
    rssByProgress: [0, 0.25, 0.5, 0.75, 1].map(at),
    rssPeak: peak,
    maximumRss: process.resourceUsage().maxRSS * 1024,
    heapUsed: process.memoryUsage().heapUsed,
    heapTotal: process.memoryUsage().heapTotal,
  };
}

export async function runDayPhase(config: Config, day: BenchDay): Promise<PhaseFigures> {
  const database = openDatabase(config.databasePath);
  const deps = { database, config, clock: { now: () => new Date(day.end) } };
  const figures = await measureRounds(async () => {
    const result = await runReminderRound(deps, { workerId: "bench" });
    return { ...result, changed: 0 };
  });
  const left = await countDueReminders(database, new Date(day.end));
  const queued = await database.$count(outboxMessage);
  if (left.risk + left.age > 0 || queued !== figures.sent)
    throw new Error(`${left.risk + left.age} still due, ${queued} queued`);
  closeDatabase(database);
  return figures;
}

export async function runReplanPhase(config: Config, day: BenchDay): Promise<PhaseFigures> {
  const database = openDatabase(config.databasePath);
  const deps = { database, config, clock: { now: () => new Date(day.end) } };
  // Age reminders after 300 days instead of 365: most members' next reminder moves.
  await saveReminderPolicy(
    deps,
    { ...defaultReminderPolicy, ageReminderAfterDays: 300 },
    { kind: "cli" },
  );
  const figures = await measureRounds(async () => {
    const result = await planPendingReminders(deps, { batchSize: 500 });
    return { ...result, sent: 0 };
  });
  closeDatabase(database);
  return figures;
}
