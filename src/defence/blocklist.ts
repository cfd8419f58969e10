import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { sourceBlock } from "../db/schema";
import type { Deps } from "../deps";
import { activeCondition, forgetLoadedBlocklist } from "./blocklist-match";
import type { CidrRange } from "./ip-address";

export type SourceBlock = typeof sourceBlock.$inferSelect;

/** A manual block that nobody remembers outlives the attack: it expires unless asked not to. */
export const defaultManualBlockInHours = 24;
export type BlockOrigin = SourceBlock["origin"];

export interface NewBlock {
  range: CidrRange;
  reason: string;
  origin: BlockOrigin;
  expiresAt: Date | null;
  createdBy: number | null;
}

/**
 * Adds or renews blocks. An administrator's entry replaces what was there; an automatic one
 * never shortens or weakens an existing block.
 */
export async function addSourceBlocks(
  deps: Pick<Deps, "database" | "clock">,
  blocks: readonly NewBlock[],
): Promise<number> {
  const now = deps.clock.now();
  let written = 0;
  // Chunks keep each statement under SQLite's variable limit.
  for (let index = 0; index < blocks.length; index += 500) {
    const values = blocks.slice(index, index + 500).map((block) => ({
      cidr: block.range.cidr,
      rangeStart: block.range.start,
      rangeEnd: block.range.end,
      reason: block.reason.slice(0, 200),
      origin: block.origin,
      createdAt: now,
      expiresAt: block.expiresAt,
      createdBy: block.createdBy,
    }));
    const automatic = values[0]?.origin === "automatic";
    const insert = deps.database.insert(sourceBlock).values(values);
    const rows = automatic
      ? await insert.onConflictDoNothing().returning({ id: sourceBlock.id })
      : await insert
          .onConflictDoUpdate({
            target: sourceBlock.cidr,
            set: {
              reason: sql`excluded.reason`,
              origin: sql`excluded.origin`,
              expiresAt: sql`excluded.expires_at`,
              createdBy: sql`excluded.created_by`,
              createdAt: sql`excluded.created_at`,
            },
          })
          .returning({ id: sourceBlock.id });
    written += rows.length;
  }
  forgetLoadedBlocklist(deps.database);
  return written;
}

export async function findSourceBlock(
  database: Database,
  blockId: number,
): Promise<SourceBlock | undefined> {
  const [row] = await database.select().from(sourceBlock).where(eq(sourceBlock.id, blockId));
  return row;
}

export async function removeSourceBlock(database: Database, blockId: number): Promise<boolean> {
  const removed = await database
    .delete(sourceBlock)
    .where(eq(sourceBlock.id, blockId))
    .returning({ id: sourceBlock.id });
  forgetLoadedBlocklist(database);
  return removed.length > 0;
}

export async function listActiveSourceBlocks(
  deps: Pick<Deps, "database" | "clock">,
  limit: number,
): Promise<SourceBlock[]> {
  return deps.database
    .select()
    .from(sourceBlock)
    .where(activeCondition(deps.clock.now()))
    .orderBy(desc(sourceBlock.createdAt), desc(sourceBlock.id))
    .limit(limit);
}

export async function deleteExpiredSourceBlocks(
  deps: Pick<Deps, "database" | "clock">,
): Promise<void> {
  await deps.database.delete(sourceBlock).where(and(lt(sourceBlock.expiresAt, deps.clock.now())));
}

export async function countActiveSourceBlocks(
  deps: Pick<Deps, "database" | "clock">,
): Promise<number> {
  const [row] = await deps.database
    .select({ total: sql<number>`count(*)` })
    .from(sourceBlock)
    .where(activeCondition(deps.clock.now()));
  return row?.total ?? 0;
}
