import { and, count, eq } from "drizzle-orm";
import type { Member } from "../accounts/members";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log";
import type { Database } from "../db/connection";
import { member } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";

export type RoleChangeResult =
  | { outcome: "promoted" | "demoted" | "removed"; member: Member }
  | { outcome: "already-administrator" | "not-administrator" | "last-administrator" };

async function countAdministratorsIn(database: Database): Promise<number> {
  const [row] = await database
    .select({ total: count() })
    .from(member)
    .where(eq(member.role, "admin"));
  return row?.total ?? 0;
}

/** Gives a member the administrator role; audited in the same transaction. */
export async function promoteToAdministrator(
  deps: Pick<Deps, "database" | "clock">,
  target: Member,
  actor: AuditActor,
): Promise<RoleChangeResult> {
  return runInTransaction(deps.database, async (database) => {
    const [changed] = await database
      .update(member)
      .set({ role: "admin" })
      .where(and(eq(member.id, target.id), eq(member.role, "member")))
      .returning();
    if (!changed) return { outcome: "already-administrator" };
    await recordAuditEvent(database, deps.clock, {
      actor,
      action: "administrator.promoted",
      details: { memberId: changed.id, loginId: changed.loginId },
    });
    return { outcome: "promoted", member: changed };
  });
}

/**
 * Makes an administrator an ordinary member again, never the last one. The count and the change
 * happen in one write transaction, so two administrators demoting each other cannot both win.
 * The role is read on every request, so the console closes to them at once.
 */
export async function demoteAdministrator(
  deps: Pick<Deps, "database" | "clock">,
  target: Member,
  actor: AuditActor,
): Promise<RoleChangeResult> {
  return runInTransaction(deps.database, async (database) => {
    if ((await countAdministratorsIn(database)) <= 1) return { outcome: "last-administrator" };
    const [changed] = await database
      .update(member)
      .set({ role: "member" })
      .where(and(eq(member.id, target.id), eq(member.role, "admin")))
      .returning();
    if (!changed) return { outcome: "not-administrator" };
    await recordAuditEvent(database, deps.clock, {
      actor,
      action: "administrator.demoted",
      details: { memberId: changed.id, loginId: changed.loginId },
    });
    return { outcome: "demoted", member: changed };
  });
}

/**
 * Deletes an administrator's account (someone who left), never the last one. Sessions, passkeys
 * and tokens go with it (cascading keys); records they made keep their name (audit log labels)
 * with the member reference set to null.
 */
export async function removeAdministrator(
  deps: Pick<Deps, "database" | "clock">,
  target: Member,
  actor: AuditActor,
): Promise<RoleChangeResult> {
  return runInTransaction(deps.database, async (database) => {
    if ((await countAdministratorsIn(database)) <= 1) return { outcome: "last-administrator" };
    const [removed] = await database
      .delete(member)
      .where(and(eq(member.id, target.id), eq(member.role, "admin")))
      .returning();
    if (!removed) return { outcome: "not-administrator" };
    await recordAuditEvent(database, deps.clock, {
      actor,
      action: "administrator.removed",
      details: { memberId: removed.id, loginId: removed.loginId, email: removed.email },
    });
    return { outcome: "removed", member: removed };
  });
}

/** Every administrator, by login ID. */
export async function listAdministrators(database: Database): Promise<Member[]> {
  return database.select().from(member).where(eq(member.role, "admin")).orderBy(member.loginId);
}
