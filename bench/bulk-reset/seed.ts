import type { Database } from "../../src/db/connection";

/**
 * Inserts members straight through the driver: a million argon2 hashes would take hours, and
 * the bench measures resets, not hashing. Every member shares one real hash.
 */
export function seedMembers(
  database: Database,
  options: { count: number; passwordHash: string; now: number },
): void {
  const client = database.$client;
  const insert = client.prepare(
    "insert into member (login_id, email, email_verified_at, password_hash, password_changed_at, role, language, created_at) values (?, ?, ?, ?, ?, 'member', ?, ?)",
  );
  const insertAll = client.transaction((from: number, to: number) => {
    for (let index = from; index < to; index++) {
      insert.run(
        `member${index}`,
        `member${index}@example.jp`,
        options.now,
        options.passwordHash,
        options.now,
        index % 5 === 0 ? "ja" : "en",
        options.now,
      );
    }
  });
  for (let start = 0; start < options.count; start += 50_000)
    insertAll(start, Math.min(start + 50_000, options.count));
}
