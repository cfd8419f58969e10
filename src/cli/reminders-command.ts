import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { count, gt } from "drizzle-orm";
import { member } from "../db/schema";
import type { Deps } from "../deps";
import { loadReminderPolicy, sendWindowOf } from "../reminders/policy";
import { runReminderRound } from "../reminders/scheduler";
import { findSchedulerRow } from "../reminders/scheduler-row";
import { isInSendWindow } from "../reminders/send-window";
import { countDueReminders } from "../reminders/summary";
import type { CommandIo } from "./main";
import { withDeps } from "./with-deps";

export const remindersUsage = `  reminders run [--dry-run]
      Plan and queue due rotation reminders now, for operators who prefer cron to the
      scheduler inside the server: at most REKEY_REMINDERS_PER_MINUTE a minute, until none is
      due or the send window closes. --dry-run only reports what is due and changes nothing.
`;

/** `rekey reminders run [--dry-run]`. */
export async function remindersCommand(
  argv: string[],
  io: CommandIo,
  usage: string,
): Promise<number> {
  let dryRun: boolean;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { "dry-run": { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1 || positionals[0] !== "run") throw new Error("Unknown command.");
    dryRun = values["dry-run"] ?? false;
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  return withDeps(io, (deps) =>
    dryRun ? reportDueReminders(deps, io) : sendDueReminders(deps, io),
  );
}

async function reportDueReminders(deps: Deps, io: CommandIo): Promise<number> {
  const now = deps.clock.now();
  const policy = await loadReminderPolicy(deps.database);
  const due = await countDueReminders(deps.database, now);
  const open = isInSendWindow(now, sendWindowOf(policy), deps.config.timeZone);
  const scheduler = await findSchedulerRow(deps.database);
  const [unplanned] = await deps.database
    .select({ total: count() })
    .from(member)
    .where(gt(member.id, scheduler?.sweepAfterMemberId ?? 0));
  const total = due.risk + due.age;
  const perMinute = deps.config.reminders.perMinute;
  io.stdout.write(
    `Due now: ${total} (password at risk: ${due.risk}, by age: ${due.age}), from the stored plans.\n` +
      `Send window ${policy.sendWindowStartHour}:00-${policy.sendWindowEndHour}:00 ${deps.config.timeZone}: ${open ? "open" : "closed"} now.\n` +
      `A run now would queue ${open ? Math.min(total, perMinute) : 0} in its first minute (at most ${perMinute} a minute).\n` +
      `Members still to plan: ${unplanned?.total ?? 0}.\n` +
      "Dry run: nothing was changed.\n",
  );
  return 0;
}

async function sendDueReminders(deps: Deps, io: CommandIo): Promise<number> {
  const workerId = randomUUID();
  let planned = 0;
  let sent = 0;
  for (;;) {
    const round = await runReminderRound(deps, { workerId });
    planned += round.planned;
    sent += round.sent;
    if (round.moreWork) continue;
    if (!round.windowOpen) {
      io.stderr.write("The send window is closed; due reminders wait for it to open.\n");
      break;
    }
    const due = await countDueReminders(deps.database, deps.clock.now());
    if (!round.rateLimited || due.risk + due.age === 0) break;
    if (deps.config.reminders.perMinute === 0) {
      io.stderr.write("REKEY_REMINDERS_PER_MINUTE=0: sending is paused.\n");
      break;
    }
    // The shared budget of this minute is spent (perhaps by the server): wait for the next.
    const waitInMilliseconds = 60_000 - (Date.now() % 60_000) + 100;
    io.stderr.write(
      `queued ${sent} so far; ${due.risk + due.age} due; next minute in ${Math.ceil(waitInMilliseconds / 1000)} s\n`,
    );
    await new Promise((resolve) => setTimeout(resolve, waitInMilliseconds));
  }
  const left = await countDueReminders(deps.database, deps.clock.now());
  io.stdout.write(
    `Planned ${planned} member(s); queued ${sent} reminder(s) in the outbox; ${left.risk + left.age} still due.\n`,
  );
  return 0;
}
