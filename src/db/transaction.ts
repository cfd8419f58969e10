import { sql } from "drizzle-orm";
import type { Database } from "./connection";

const queues = new WeakMap<Database, Promise<unknown>>();

/**
 * Runs `work` in one database transaction, for changes that must land together (a reset and
 * the e-mail it causes, in the transactional-outbox sense).
 *
 * better-sqlite3 transactions are synchronous, but rekey's query functions are async so a
 * PostgreSQL backend can replace it. On the single SQLite connection transactions are therefore
 * serialised here, and `work` must await only database calls: awaiting other I/O (argon2, SMTP)
 * would let unrelated requests run inside the open transaction. Do slow work before or after.
 */
export async function runInTransaction<T>(
  database: Database,
  work: (transaction: Database) => Promise<T>,
): Promise<T> {
  const previous = queues.get(database) ?? Promise.resolve();
  let release: () => void = () => {};
  const turn = new Promise<void>((resolve) => {
    release = resolve;
  });
  queues.set(
    database,
    previous.then(() => turn),
  );
  await previous.catch(() => undefined);
  try {
    // IMMEDIATE takes the write lock up front, so a second process waits (busy_timeout)
    // instead of failing half-way through with SQLITE_BUSY on upgrade.
    await database.run(sql`begin immediate`);
    try {
      const result = await work(database);
      await database.run(sql`commit`);
      return result;
    } catch (error) {
      await database.run(sql`rollback`);
      throw error;
    }
  } finally {
    release();
  }
}
