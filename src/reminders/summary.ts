import { and, count, eq, gt, gte, inArray, isNotNull, lt, lte, max, type SQL } from "drizzle-orm";
import type { Database } from "../db/connection";
import { member, reminderState } from "../db/schema";
import type { Deps } from "../deps";
import { findSchedulerRow } from "./scheduler-row";
import { localDayBoundaries } from "./send-window";

export interface ReminderOverview {
  dueNow: number;
  remindedLast30Days: number;
  snoozed: number;
  unsubscribed: number;
  /** Planned reminders per local day, today first. */
  schedule: { dayStart: Date; count: number }[];
  /** How far the planning sweep has come (it starts over after a policy change). */
  planning: { plannedUpToMemberId: number; lastMemberId: number };
}

const dayInMilliseconds = 86_400_000;
const planned = inArray(reminderState.reason, ["risk", "age"]);

async function countWhere(database: Database, condition: SQL | undefined): Promise<number> {
  const [row] = await database.select({ total: count() }).from(reminderState).where(condition);
  return row?.total ?? 0;
}

/** Due reminders by reason, each counted from the (reason, nextReminderAt) index. */
export async function countDueReminders(
  database: Database,
  now: Date,
): Promise<{ risk: number; age: number }> {
  const due = (reason: "risk" | "age") =>
    countWhere(
      database,
      and(eq(reminderState.reason, reason), lte(reminderState.nextReminderAt, now)),
    );
  return { risk: await due("risk"), age: await due("age") };
}

/** The administrator's figures; every count is an indexed range, never a scan of members. */
export async function summarizeReminders(
  deps: Pick<Deps, "database" | "clock" | "config">,
  options: { days: number },
): Promise<ReminderOverview> {
  const { database } = deps;
  const now = deps.clock.now();
  const due = await countDueReminders(database, now);
  const boundaries = localDayBoundaries(now, options.days, deps.config.timeZone);
  const schedule: ReminderOverview["schedule"] = [];
  for (let day = 0; day < options.days; day++) {
    const [start, end] = [boundaries[day] as Date, boundaries[day + 1] as Date];
    const inDay = and(
      planned,
      gte(reminderState.nextReminderAt, start),
      lt(reminderState.nextReminderAt, end),
    );
    schedule.push({ dayStart: start, count: await countWhere(database, inDay) });
  }
  const scheduler = await findSchedulerRow(database);
  const [last] = await database.select({ id: max(member.id) }).from(member);
  return {
    dueNow: due.risk + due.age,
    remindedLast30Days: await countWhere(
      database,
      gte(reminderState.lastSentAt, new Date(now.getTime() - 30 * dayInMilliseconds)),
    ),
    snoozed: await countWhere(database, gt(reminderState.snoozedUntil, now)),
    unsubscribed: await countWhere(database, isNotNull(reminderState.unsubscribedAt)),
    schedule,
    planning: {
      plannedUpToMemberId: scheduler?.sweepAfterMemberId ?? 0,
      lastMemberId: last?.id ?? 0,
    },
  };
}
