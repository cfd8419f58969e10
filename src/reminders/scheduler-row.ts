import { eq } from "drizzle-orm";
import type { Database } from "../db/connection";
import { reminderScheduler } from "../db/schema";

export type SchedulerRow = typeof reminderScheduler.$inferSelect;

export async function findSchedulerRow(database: Database): Promise<SchedulerRow | undefined> {
  const [row] = await database
    .select()
    .from(reminderScheduler)
    .where(eq(reminderScheduler.id, 1))
    .limit(1);
  return row;
}

/**
 * Reads the scheduler's shared row, creating it on first use. The change cursors start now:
 * the planning sweep, which starts at the first member, covers everything before.
 */
export async function ensureSchedulerRow(database: Database, now: Date): Promise<SchedulerRow> {
  const existing = await findSchedulerRow(database);
  if (existing) return existing;
  await database
    .insert(reminderScheduler)
    .values({ id: 1, changedAfterAt: now, checkedAfterAt: now })
    .onConflictDoNothing();
  const created = await findSchedulerRow(database);
  if (!created) throw new Error("the reminder scheduler row could not be created");
  return created;
}

export async function updateSchedulerRow(
  database: Database,
  values: Partial<Omit<SchedulerRow, "id">>,
): Promise<void> {
  await database.update(reminderScheduler).set(values).where(eq(reminderScheduler.id, 1));
}
