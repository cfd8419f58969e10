import { readFileSync } from "node:fs";
import { join } from "node:path";
import type BetterSqlite3 from "better-sqlite3";

/**
 * The database is not in a state these migrations can start from. The message says what is
 * wrong and what the operator can do; it is printed instead of a stack trace.
 */
export class DatabaseStateError extends Error {
  override name = "DatabaseStateError";
}

// drizzle-orm's migrator records every applied migration here (hash, created_at = journal "when").
const migrationsTable = "__drizzle_migrations";

/**
 * Checks, before any migration runs, that the record of applied migrations agrees with what
 * the database holds. Without it, a lost record makes drizzle replay `create table member`
 * ("table member already exists") and a database from a newer release is silently left as is.
 */
export function checkMigrationState(
  client: BetterSqlite3.Database,
  options: { path: string; migrationsFolder: string },
): void {
  const tables = client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    .all() as { name: string }[];
  const hasRecord = tables.some((table) => table.name === migrationsTable);
  const applicationTables = tables.filter((table) => table.name !== migrationsTable);
  if (!hasRecord) {
    if (applicationTables.length === 0) return;
    throw new DatabaseStateError(
      `The database ${options.path} holds rekey's tables (${describeTables(applicationTables)}) ` +
        `but not the table ${migrationsTable} that records which migrations ran, so rekey cannot ` +
        "tell which schema version it has and will not guess. Restore the database from a backup " +
        `taken with it, or, if you know its tables match this release, recreate ${migrationsTable} ` +
        "from a database of the same release. Nothing was changed.",
    );
  }
  const journalMillis = readJournalMillis(options.migrationsFolder);
  const latestKnown = Math.max(...journalMillis);
  const latestApplied = (
    client.prepare(`select max(created_at) as latest from ${migrationsTable}`).get() as {
      latest: number | null;
    }
  ).latest;
  if (latestApplied === null && applicationTables.length > 0) {
    throw new DatabaseStateError(
      `The database ${options.path} holds rekey's tables but its ${migrationsTable} table is ` +
        "empty, so rekey cannot tell which schema version it has. Restore the database from a " +
        "backup. Nothing was changed.",
    );
  }
  if (latestApplied !== null && Number(latestApplied) > latestKnown) {
    throw new DatabaseStateError(
      `The database ${options.path} was migrated by a newer release of rekey than this one ` +
        `(its last migration is from ${new Date(Number(latestApplied)).toISOString()}, this ` +
        `release knows migrations up to ${new Date(latestKnown).toISOString()}). Run the newer ` +
        "release, or restore the backup taken before the upgrade. Nothing was changed.",
    );
  }
}

function readJournalMillis(migrationsFolder: string): number[] {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta/_journal.json"), "utf8"));
  return (journal.entries as { when: number }[]).map((entry) => entry.when);
}

function describeTables(tables: { name: string }[]): string {
  const names = tables.slice(0, 3).map((table) => table.name);
  return tables.length > 3 ? `${names.join(", ")}, ...` : names.join(", ");
}
