import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { Logger } from "drizzle-orm";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { projectPath } from "../runtime-paths";
import {
  type BackgroundCheckpoints,
  type CheckpointLogger,
  startBackgroundCheckpoints,
} from "./checkpoints";
import { checkMigrationState } from "./migration-state";
import * as schema from "./schema";

export type Database = BetterSQLite3Database<typeof schema> & { $client: BetterSqlite3.Database };

const checkpointers = new WeakMap<Database, BackgroundCheckpoints>();
const checkpointIntervalInMilliseconds = 200;
// Bulk work waits for a checkpoint beyond ~80 MB of WAL; the main connection checkpoints
// itself only beyond ~160 MB, which bulk work therefore never reaches.
const catchUpAtWalFrames = 20_000;
const autoCheckpointAtWalFrames = 40_000;

const migrationsFolder = projectPath("migrations");

/**
 * Opens the one SQLite connection of this process and brings its schema up to date.
 * `:memory:` gives tests a fresh database with the same migrations as production; a test that
 * counts the statements a request runs passes a drizzle `queryLogger`; `logger` receives the
 * checkpoint thread's failures and recoveries.
 */
export function openDatabase(
  path: string,
  options: { logger?: CheckpointLogger; queryLogger?: Logger } = {},
): Database {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const client = new BetterSqlite3(path);
  // WAL lets readers proceed during a write; the busy timeout makes a second process (the CLI
  // next to the server) wait for the lock instead of failing at once.
  client.pragma("journal_mode = WAL");
  client.pragma("synchronous = NORMAL");
  client.pragma("foreign_keys = ON");
  client.pragma("busy_timeout = 5000");
  // A thread of its own checkpoints the WAL (checkpoints.ts). This connection's auto-checkpoint,
  // which makes a commit wait for the disk, is the backstop for when that thread is behind.
  client.pragma(`wal_autocheckpoint = ${autoCheckpointAtWalFrames}`);
  const database = drizzle({ client, schema, casing: "snake_case", logger: options.queryLogger });
  try {
    checkMigrationState(client, { path, migrationsFolder });
  } catch (error) {
    client.close();
    throw error;
  }
  migrate(database, { migrationsFolder });
  if (path !== ":memory:") {
    const checkpoints = startBackgroundCheckpoints(path, {
      intervalInMilliseconds: checkpointIntervalInMilliseconds,
      logger: options.logger ?? stderrJsonLogger,
    });
    checkpointers.set(database, checkpoints);
  }
  return database;
}

/** Without a logger (tests, scripts): the same JSON shape on standard error. */
const stderrJsonLogger: CheckpointLogger = {
  error: (details, message) =>
    process.stderr.write(
      `${JSON.stringify({ level: 50, time: Date.now(), ...details, msg: message })}\n`,
    ),
  info: (details, message) =>
    process.stderr.write(
      `${JSON.stringify({ level: 30, time: Date.now(), ...details, msg: message })}\n`,
    ),
};

/**
 * For bulk work between batches: when the WAL has grown large, waits (without blocking the
 * event loop) until the background checkpointer has copied all of it, so the next write starts
 * the WAL over and no commit ever has to checkpoint. Immediate for an in-memory database.
 */
export async function letCheckpointsCatchUp(
  database: Database,
  options: { atWalFrames?: number } = {},
): Promise<void> {
  await checkpointers.get(database)?.catchUp({
    atWalFrames: options.atWalFrames ?? catchUpAtWalFrames,
  });
}

/**
 * Stops the background checkpointer first, so this connection is the last one and SQLite folds
 * the WAL back into the database file as it closes: the shutdown path of a server.
 */
export async function closeDatabaseAfterCheckpoints(database: Database): Promise<void> {
  await checkpointers.get(database)?.stop();
  database.$client.close();
}

export function closeDatabase(database: Database): void {
  // The checkpointer closes its own connection as soon as it reads the message.
  void checkpointers.get(database)?.stop();
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
