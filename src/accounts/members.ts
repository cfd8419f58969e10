import { count, desc, eq } from "drizzle-orm";
import type { Database } from "../db/connection";
import { member } from "../db/schema";
import type { Language } from "../i18n";

// Queries await the builder (never SQLite's synchronous .get/.all) so they port to drizzle's
// PostgreSQL dialect unchanged.

export type Member = typeof member.$inferSelect;
export type Role = Member["role"];

export async function findMemberById(
  database: Database,
  memberId: number,
): Promise<Member | undefined> {
  const [row] = await database.select().from(member).where(eq(member.id, memberId)).limit(1);
  return row;
}

export async function findMemberByLoginId(
  database: Database,
  loginId: string,
): Promise<Member | undefined> {
  const [row] = await database.select().from(member).where(eq(member.loginId, loginId)).limit(1);
  return row;
}

export async function findMemberByEmail(
  database: Database,
  email: string,
): Promise<Member | undefined> {
  const [row] = await database.select().from(member).where(eq(member.email, email)).limit(1);
  return row;
}

/** Inserts a member, or answers undefined when the login ID or e-mail is already taken. */
export async function insertMember(
  database: Database,
  values: typeof member.$inferInsert,
): Promise<Member | undefined> {
  // The unique indexes decide races between two registrations of one ID or address.
  const [row] = await database.insert(member).values(values).onConflictDoNothing().returning();
  return row;
}

export async function updateMemberPasswordHash(
  database: Database,
  memberId: number,
  passwordHash: string,
): Promise<void> {
  await database.update(member).set({ passwordHash }).where(eq(member.id, memberId));
}

export async function updateMemberLanguage(
  database: Database,
  memberId: number,
  language: Language,
): Promise<void> {
  await database.update(member).set({ language }).where(eq(member.id, memberId));
}

export async function countAdministrators(database: Database): Promise<number> {
  const [row] = await database
    .select({ total: count() })
    .from(member)
    .where(eq(member.role, "admin"));
  return row?.total ?? 0;
}

export async function listNewestMembers(database: Database, limit: number): Promise<Member[]> {
  return (
    database
      .select()
      .from(member)
      // Ids grow with registration: the primary key gives the newest without sorting the table.
      .orderBy(desc(member.id))
      .limit(limit)
  );
}
