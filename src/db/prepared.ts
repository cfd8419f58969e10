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
