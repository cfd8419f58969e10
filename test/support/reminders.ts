import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { insertMember } from "../../src/accounts/members";
import { member, outboxMessage, reminderLink, reminderState } from "../../src/db/schema";
import {
  defaultReminderPolicy,
  type ReminderPolicy,
  saveReminderPolicy,
} from "../../src/reminders/policy";
import { runReminderRound } from "../../src/reminders/scheduler";
import type { TestPortal } from "./harness";
import { messageText } from "./mail";

export const dayInMilliseconds = 86_400_000;

export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * dayInMilliseconds);
}

export function advanceByDays(portal: TestPortal, days: number): void {
  portal.clock.advanceByMinutes(days * 24 * 60);
}

/** A member written straight to the table (no argon2): the scheduler reads only these columns. */
export async function addMember(
  portal: TestPortal,
  loginId: string,
  facts: Partial<typeof member.$inferInsert> = {},
): Promise<number> {
  const now = portal.clock.now();
  const created = await insertMember(portal.deps.database, {
    loginId,
    email: `${loginId}@example.jp`,
    passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
    passwordChangedAt: now,
    createdAt: now,
    language: "en",
    ...facts,
  });
  assert.ok(created, `member ${loginId} inserted`);
  return created.id;
}

export async function updateMember(
  portal: TestPortal,
  memberId: number,
  values: Partial<typeof member.$inferInsert>,
): Promise<void> {
  await portal.deps.database.update(member).set(values).where(eq(member.id, memberId));
}

/** Runs scheduler rounds until one reports no more work; answers how many reminders it queued. */
export async function runScheduler(portal: TestPortal, workerId = "worker-a"): Promise<number> {
  let sent = 0;
  for (let round = 0; round < 1000; round++) {
    const result = await runReminderRound(portal.deps, { workerId, batchSize: 10 });
    sent += result.sent;
    if (!result.moreWork) return sent;
  }
  throw new Error("the scheduler never ran out of work");
}

export async function setPolicy(portal: TestPortal, changes: Partial<ReminderPolicy>) {
  await saveReminderPolicy(portal.deps, { ...defaultReminderPolicy, ...changes }, { kind: "cli" });
}

export async function reminderEmails(portal: TestPortal) {
  return portal.deps.database
    .select()
    .from(outboxMessage)
    .where(eq(outboxMessage.kind, "password-reminder"))
    .orderBy(outboxMessage.id);
}

export async function reminderStateOf(portal: TestPortal, memberId: number) {
  const [row] = await portal.deps.database
    .select()
    .from(reminderState)
    .where(eq(reminderState.memberId, memberId));
  return row;
}

/** The path of a link in a queued reminder, e.g. "/reminders/snooze/". */
export function linkPathIn(message: Parameters<typeof messageText>[0], prefix: string): string {
  const match = new RegExp(`http://localhost:3000(${prefix}[^\\s]*)`).exec(messageText(message));
  assert.ok(match?.[1], `a ${prefix} link in the reminder`);
  return match[1];
}

/** Everything a link could change, to prove a GET changed none of it. */
export async function snapshotReminderTables(portal: TestPortal) {
  const database = portal.deps.database;
  return {
    states: await database.select().from(reminderState).orderBy(reminderState.memberId),
    links: await database.select().from(reminderLink).orderBy(reminderLink.id),
    messages: await database.select({ id: outboxMessage.id }).from(outboxMessage),
    members: await database.select().from(member).orderBy(member.id),
  };
}
