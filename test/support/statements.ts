import { openDatabase } from "../../src/db/connection";

/**
 * A fresh in-memory database (real migrations) that records the SQL of every statement it runs,
 * for tests that prove two requests do the same database work: pass it as the portal's
 * `database` override, then compare what `during` recorded.
 */
export function createRecordingDatabase() {
  let recording: string[] | null = null;
  const database = openDatabase(":memory:", {
    queryLogger: { logQuery: (query) => recording?.push(query) },
  });
  return {
    database,
    /** The statements `work` ran, in order. */
    async during(work: () => Promise<unknown>): Promise<string[]> {
      const statements: string[] = [];
      recording = statements;
      try {
        await work();
      } finally {
        recording = null;
      }
      return statements;
    },
  };
}
