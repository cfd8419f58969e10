import assert from "node:assert/strict";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import BetterSqlite3 from "better-sqlite3";
import { pino } from "pino";
import { startBackgroundCheckpoints } from "../src/db/checkpoints";
import {
  closeDatabase,
  closeDatabaseAfterCheckpoints,
  type Database,
  letCheckpointsCatchUp,
  openDatabase,
} from "../src/db/connection";
import { DatabaseStateError } from "../src/db/migration-state";
import { auditEvent } from "../src/db/schema";
import { runInTransaction } from "../src/db/transaction";

const folder = mkdtempSync(join(tmpdir(), "rekey-database-"));
after(() => rmSync(folder, { recursive: true, force: true }));

/** About one WAL page per row. */
async function writePages(database: Database, pages: number) {
  await runInTransaction(database, async (transaction) => {
    for (let index = 0; index < pages; index++) {
      await transaction.insert(auditEvent).values({
        actorLabel: "test",
        action: "fill",
        details: "x".repeat(3500) + index,
        createdAt: new Date(),
      });
    }
  });
}

/** The WAL header's checkpoint sequence and salts: they change each time the WAL starts over. */
function readWalGeneration(path: string): string {
  const header = Buffer.alloc(32);
  const file = openSync(`${path}-wal`, "r");
  try {
    readSync(file, header, 0, 32, 0);
  } finally {
    closeSync(file);
  }
  return header.subarray(12, 24).toString("hex");
}

describe("the database file", () => {
  test("a thread of its own copies the WAL into the database file, without the writer checkpointing", async () => {
    const path = join(folder, "background.db");
    const database = openDatabase(path);
    const sizeBefore = statSync(path).size;
    // ~2 MB: far below the ~160 MB at which the writer's own auto-checkpoint would run.
    await writePages(database, 500);
    const deadline = Date.now() + 10_000;
    while (statSync(path).size <= sizeBefore && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(statSync(path).size > sizeBefore + 1_000_000, "the pages reached the file");
    closeDatabase(database);
  });

  test("bulk work that lets checkpoints catch up starts the WAL over", async () => {
    const path = join(folder, "catch-up.db");
    const database = openDatabase(path);
    await writePages(database, 300);
    const generation = readWalGeneration(path);
    await letCheckpointsCatchUp(database, { atWalFrames: 0 });
    await writePages(database, 1);
    assert.notEqual(readWalGeneration(path), generation, "the WAL started over");
    closeDatabase(database);
  });

  test("a reader holding an old snapshot delays the WAL's restart but never blocks the writer", async () => {
    const path = join(folder, "reader.db");
    const database = openDatabase(path);
    await writePages(database, 10);
    const reader = new BetterSqlite3(path, { readonly: true });
    reader.exec("begin");
    reader.prepare("select count(*) from audit_event").get();
    await writePages(database, 300);
    const generation = readWalGeneration(path);
    await letCheckpointsCatchUp(database, { atWalFrames: 0 });
    await writePages(database, 1);
    assert.equal(readWalGeneration(path), generation, "the reader's pages are still in the WAL");
    reader.exec("commit");
    reader.close();
    await letCheckpointsCatchUp(database, { atWalFrames: 0 });
    await writePages(database, 1);
    assert.notEqual(readWalGeneration(path), generation, "then the WAL started over");
    closeDatabase(database);
  });

  test("closing after the checkpointer stops folds the WAL back into the file", async () => {
    const path = join(folder, "closing.db");
    const database = openDatabase(path);
    await writePages(database, 50);
    assert.ok(existsSync(`${path}-wal`));
    await closeDatabaseAfterCheckpoints(database);
    assert.equal(existsSync(`${path}-wal`), false, "the last connection removed the WAL");
  });

  test("an in-memory database has nothing to catch up with", async () => {
    const database = openDatabase(":memory:");
    await letCheckpointsCatchUp(database, { atWalFrames: 0 });
    closeDatabase(database);
  });
});

describe("the migration state at start", () => {
  test("a database whose migration record is gone is refused with what is wrong and what to do, not 'table already exists'", async () => {
    const path = join(folder, "lost-record.db");
    await closeDatabaseAfterCheckpoints(openDatabase(path));
    const client = new BetterSqlite3(path);
    client.exec("drop table __drizzle_migrations");
    client.close();
    assert.throws(
      () => openDatabase(path),
      (error: Error) =>
        error instanceof DatabaseStateError &&
        /__drizzle_migrations/.test(error.message) &&
        /Restore the database from a backup/.test(error.message) &&
        /Nothing was changed/.test(error.message) &&
        !/already exists/.test(error.message),
    );
    // Refused before anything ran: the tables are untouched and the record is still missing.
    const after = new BetterSqlite3(path);
    const tables = after.prepare("select name from sqlite_master where type = 'table'").all();
    after.close();
    assert.ok(tables.some((table) => (table as { name: string }).name === "member"));
    assert.ok(!tables.some((table) => (table as { name: string }).name === "__drizzle_migrations"));
  });

  test("a database migrated by a newer release is refused instead of being used with an unknown schema", async () => {
    const path = join(folder, "newer.db");
    await closeDatabaseAfterCheckpoints(openDatabase(path));
    const client = new BetterSqlite3(path);
    client
      .prepare("insert into __drizzle_migrations (hash, created_at) values (?, ?)")
      .run("from-the-future", Date.UTC(2100, 0, 1));
    client.close();
    assert.throws(() => openDatabase(path), /was migrated by a newer release of rekey/);
  });

  test("an empty database file is migrated as a fresh install", async () => {
    const path = join(folder, "fresh.db");
    new BetterSqlite3(path).close();
    const database = openDatabase(path);
    await closeDatabaseAfterCheckpoints(database);
  });
});

describe("the background checkpoint thread", () => {
  test("is started again with backoff after it fails, logging each failure and the recovery as JSON", async () => {
    const path = join(folder, "failing.db");
    // A file that is not a database: every checkpoint fails (SQLITE_NOTADB), as on a bad disk.
    writeFileSync(path, Buffer.alloc(8192, 7));
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: "info" },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    const checkpoints = startBackgroundCheckpoints(path, {
      intervalInMilliseconds: 10,
      logger,
      restart: { initialDelayInMilliseconds: 20, maximumDelayInMilliseconds: 80 },
    });
    try {
      const failures = () =>
        lines.filter((line) => line.msg === "background checkpoints failed; restarting the thread");
      const deadline = Date.now() + 10_000;
      while (failures().length < 3 && Date.now() < deadline) await sleep(20);
      assert.ok(failures().length >= 3, "started again after each failure");
      const delays = failures().map((line) => line.restartInMilliseconds);
      assert.deepEqual(delays.slice(0, 3), [20, 40, 80], "with exponential backoff");
      assert.match(String(failures()[0]?.error), /not a database/);

      // Space comes back (here: a sound database takes the broken file's place).
      const sound = join(folder, "sound.db");
      const client = new BetterSqlite3(sound);
      client.pragma("journal_mode = WAL");
      client.exec("create table t (x)");
      client.close();
      renameSync(sound, path);
      while (
        !lines.some((line) => line.msg === "background checkpoints running again") &&
        Date.now() < deadline
      ) {
        await sleep(20);
      }
      assert.ok(lines.some((line) => line.msg === "background checkpoints running again"));
    } finally {
      await checkpoints.stop();
    }
  });
});
