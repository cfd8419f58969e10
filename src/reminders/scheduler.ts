import { randomUUID } from "node:crypto";
import { createPollingLoop } from "../background/polling-loop";
import type { Deps } from "../deps";
import { claimDueReminders } from "./claims";
import { planPendingReminders } from "./planner";
import { loadReminderPolicy, sendWindowOf } from "./policy";
import { isInSendWindow } from "./send-window";
import { sendClaimedReminders } from "./sender";

export interface ReminderRoundOptions {
  workerId: string;
  /** Members planned per source and reminders claimed per round. */
  batchSize?: number;
  leaseInSeconds?: number;
}

export interface ReminderRoundResult {
  planned: number;
  sent: number;
  /** Whether another round at once would find work (a full batch, budget left). */
  moreWork: boolean;
  /** This minute's budget is spent: the next reminders wait for the next minute. */
  rateLimited: boolean;
  windowOpen: boolean;
}

const defaultBatchSize = 500;

/**
 * One round of the scheduler: bring plans up to date, then, inside the send window, claim and
 * send one batch of due reminders. Safe to run in several processes at once.
 */
export async function runReminderRound(
  deps: Pick<Deps, "database" | "clock" | "config">,
  options: ReminderRoundOptions,
): Promise<ReminderRoundResult> {
  const batchSize = options.batchSize ?? defaultBatchSize;
  const planning = await planPendingReminders(deps, { batchSize });
  const policy = await loadReminderPolicy(deps.database);
  const now = deps.clock.now();
  const windowOpen = isInSendWindow(now, sendWindowOf(policy), deps.config.timeZone);
  const idle = { planned: planning.planned, sent: 0, rateLimited: false, windowOpen };
  if (!windowOpen) return { ...idle, moreWork: planning.moreWork };
  const { memberIds, budgetLeft } = await claimDueReminders(deps.database, {
    workerId: options.workerId,
    now,
    leaseInSeconds: options.leaseInSeconds ?? 300,
    limit: batchSize,
    perMinute: deps.config.reminders.perMinute,
  });
  const { sent } = await sendClaimedReminders(deps, {
    workerId: options.workerId,
    memberIds,
    claimedAt: now,
  });
  const rateLimited = budgetLeft <= 0;
  return {
    ...idle,
    sent,
    rateLimited,
    moreWork: planning.moreWork || (memberIds.length === batchSize && !rateLimited),
  };
}

/** The scheduler inside the server, started and stopped with it like the other workers. */
export function createReminderScheduler(
  deps: Pick<Deps, "database" | "clock" | "config" | "logger">,
  options: { idleInMilliseconds?: number } = {},
): { start(): void; stop(): Promise<void> } {
  const workerId = randomUUID();
  return createPollingLoop({
    name: "rotation reminders",
    logger: deps.logger,
    idleInMilliseconds: options.idleInMilliseconds ?? 20_000,
    round: async () => {
      const result = await runReminderRound(deps, { workerId });
      if (result.sent > 0) deps.logger.info({ sent: result.sent }, "rotation reminders queued");
      // SQLite calls are synchronous: give requests their turn between batches of a backlog.
      await new Promise((resolve) => setImmediate(resolve));
      return { moreWork: result.moreWork };
    },
  });
}
