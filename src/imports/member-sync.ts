import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log";
import { member, outboxMessage, session } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { endOidcSessionsOfMember } from "../oidc/member-sign-out";
import { revokeTokensAfterCredentialChange } from "../tokens/credential-change";
import { recordMemberEvent, recordMembersDeleted } from "../webhooks/events";
import { checkImportRecords, type MemberImportOptions } from "./member-import";
import { wrapLegacyHash } from "./prepare-password";
import { evictNewlyResetRequired } from "./reset-on-reimport";
import { storeImportBatch } from "./store-batch";

/**
 * Keeping rekey in step with the service after the import, one member at a time, keyed by the
 * service's own ID: upsert, deactivate, reactivate, delete. Every change is audited; ending an
 * account ends its sessions and withdraws its outstanding links in the same transaction.
 */
export type UpsertOutcome =
  | { ok: true; created: boolean; memberId: number }
  | { ok: false; message: string };

export async function upsertMemberByExternalId(
  deps: Pick<Deps, "database" | "clock" | "config" | "passwordHasher">,
  options: {
    externalId: string;
    fields: Record<string, unknown>;
    importOptions: MemberImportOptions;
    actor: AuditActor;
  },
): Promise<UpsertOutcome> {
  const { ready, problems, toWrap } = checkImportRecords(
    [{ lineNumber: 1, record: { ...options.fields, externalId: options.externalId } }],
    options.importOptions,
  );
  if (problems[0]) return { ok: false, message: problems[0].message };
  for (const { row, scheme } of toWrap)
    row.storedHash = await wrapLegacyHash(deps.passwordHasher, scheme);
  return runInTransaction(deps.database, async (database) => {
    const stored = await storeImportBatch(database, {
      importId: null,
      rows: ready,
      problems: [],
      lastLine: 1,
      now: deps.clock.now(),
    });
    if (stored.problems[0]) return { ok: false, message: stored.problems[0].message };
    await evictNewlyResetRequired(database, deps, stored.newlyResetRequired);
    const [found] = await database
      .select({ id: member.id })
      .from(member)
      .where(eq(member.externalId, options.externalId));
    if (!found) throw new Error("upserted member not found");
    const created = stored.counts.created === 1;
    await recordAuditEvent(database, deps.clock, {
      actor: options.actor,
      action: created ? "members.create" : "members.update",
      details: { memberId: found.id, externalId: options.externalId },
    });
    return { ok: true, created, memberId: found.id };
  });
}

/** Closes the account: no sign-in, no session, no outstanding link. Null: no such member. */
export async function deactivateMemberByExternalId(
  deps: Pick<Deps, "database" | "clock">,
  externalId: string,
  actor: AuditActor,
): Promise<{ memberId: number; sessionsEnded: number } | null> {
  return runInTransaction(deps.database, async (database) => {
    const now = deps.clock.now();
    const target = await findByExternalId(database, externalId);
    if (!target) return null;
    await database
      .update(member)
      .set({ deactivatedAt: now })
      .where(and(eq(member.id, target.id), isNull(member.deactivatedAt)));
    const ended = await database
      .delete(session)
      .where(eq(session.memberId, target.id))
      .returning({ id: session.id });
    await revokeTokensAfterCredentialChange(database, { memberId: target.id, now });
    await endOidcSessionsOfMember(database, target.id);
    // The service that asked is told too, like every other end of a member's sessions.
    await recordMemberEvent(database, deps.clock, {
      type: "member.sessions_revoked",
      memberId: target.id,
      facts: { reason: "deactivated" },
    });
    await recordAuditEvent(database, deps.clock, {
      actor,
      action: "members.deactivate",
      details: { memberId: target.id, externalId, sessionsEnded: ended.length },
    });
    return { memberId: target.id, sessionsEnded: ended.length };
  });
}

export async function reactivateMemberByExternalId(
  deps: Pick<Deps, "database" | "clock">,
  externalId: string,
  actor: AuditActor,
): Promise<{ memberId: number } | null> {
  return runInTransaction(deps.database, async (database) => {
    const target = await findByExternalId(database, externalId);
    if (!target) return null;
    await database
      .update(member)
      .set({ deactivatedAt: null })
      .where(and(eq(member.id, target.id), isNotNull(member.deactivatedAt)));
    await recordAuditEvent(database, deps.clock, {
      actor,
      action: "members.reactivate",
      details: { memberId: target.id, externalId },
    });
    return { memberId: target.id };
  });
}

export type DeleteOutcome = "deleted" | "not-found" | "administrator";

/**
 * Deletes the member and everything they own (sessions, tokens, passkeys cascade); mail not yet
 * sent to them is dropped. Administrators are managed in the console, never by a service's key.
 */
export async function deleteMemberByExternalId(
  deps: Pick<Deps, "database" | "clock">,
  externalId: string,
  actor: AuditActor,
): Promise<DeleteOutcome> {
  return runInTransaction(deps.database, async (database) => {
    const target = await findByExternalId(database, externalId);
    if (!target) return "not-found";
    if (target.role === "admin") return "administrator";
    await database
      .delete(outboxMessage)
      .where(
        and(
          eq(outboxMessage.memberId, target.id),
          inArray(outboxMessage.status, ["pending", "failed"]),
        ),
      );
    // Recorded before the row goes, so the event still carries the member's externalId.
    await recordMembersDeleted(database, deps.clock, [target.id], { reason: "members-api" });
    await endOidcSessionsOfMember(database, target.id);
    await database.delete(session).where(eq(session.memberId, target.id));
    await database.delete(member).where(eq(member.id, target.id));
    await recordAuditEvent(database, deps.clock, {
      actor,
      action: "members.delete",
      details: { memberId: target.id, externalId },
    });
    return "deleted";
  });
}

async function findByExternalId(database: Deps["database"], externalId: string) {
  const [found] = await database
    .select({ id: member.id, role: member.role })
    .from(member)
    .where(eq(member.externalId, externalId))
    .limit(1);
  return found;
}
