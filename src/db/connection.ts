import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Database = BetterSQLite3Database<typeof schema> & { $client: BetterSqlite3.Database };

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), "../../migrations");

/**
 * Opens the one SQLite connection of this process and brings its schema up to date.
 * `:memory:` gives tests a fresh database with the same migrations as production.
 */
export function openDatabase(path: string): Database {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const client = new BetterSqlite3(path);
  // WAL lets readers proceed during a write; the busy timeout makes a second process (the CLI
  // next to the server) wait for the lock instead of failing at once.
  client.pragma("journal_mode = WAL");
  client.pragma("synchronous = NORMAL");
  client.pragma("foreign_keys = ON");
  client.pragma("busy_timeout = 5000");
  // Checkpoint the WAL every ~40 MB rather than every 4 MB: bulk work (a reset of 100k members,
  // a day of reminders) then writes each page once instead of several times.
  client.pragma("wal_autocheckpoint = 10000");
  const database = drizzle({ client, schema, casing: "snake_case" });
  migrate(database, { migrationsFolder });
  return database;
}

export function closeDatabase(database: Database): void {
  database.$client.close();
}

/** Answers whether the database responds, for the health check. */
export async function pingDatabase(database: Database): Promise<boolean> {
  try {
    database.$client.prepare("select 1").get();
    return true;
  } catch {
    return false;
  }
}
