import { type Placeholder, sql } from "drizzle-orm";
import type { Database } from "./connection";

const statements = new WeakMap<Database, Map<string, unknown>>();

/**
 * Builds a drizzle prepared statement once per database and reuses it. Bulk paths (a reset of
 * 100k members) execute one statement per row with placeholders instead of building a large
 * multi-row query, whose construction costs more than the database work itself.
 */
export function reusePreparedStatement<T>(database: Database, key: string, build: () => T): T {
  let cache = statements.get(database);
  if (!cache) {
    cache = new Map();
    statements.set(database, cache);
  }
  let statement = cache.get(key) as T | undefined;
  if (statement === undefined) {
    statement = build();
    cache.set(key, statement);
  }
  return statement;
}

/** How many values the IN list of a reusable statement holds; longer lists run in chunks. */
export const inListSlotCount = 250;
const slotNames = Array.from({ length: inListSlotCount }, (_, index) => `in${index}`);

/** The placeholders of a fixed-size IN list, for a statement built once with `inArray`. */
export function inListSlots(): Placeholder[] {
  return slotNames.map((name) => sql.placeholder(name));
}

/**
 * Runs a statement built with `inListSlots()` over `values`, one chunk of slots at a time. drizzle
 * takes longer to build a 250-value IN list than SQLite takes to run it, so bulk paths prepare
 * the list once; slots left over hold NULL, which IN never matches (standard SQL, as portable
 * as the rest). `run` receives the filled slots and adds its other placeholders to them.
 */
export async function forEachInListChunk(
  values: readonly unknown[],
  run: (slots: Record<string, unknown>) => Promise<unknown>,
): Promise<void> {
  for (let start = 0; start < values.length; start += inListSlotCount) {
    const slots: Record<string, unknown> = {};
    for (const [index, name] of slotNames.entries()) slots[name] = values[start + index] ?? null;
    await run(slots);
  }
}
