import { queueEmailVerification } from "../accounts/email-verification";
import type { Member } from "../accounts/members";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { type BulkResetJob, createBulkResetJob } from "../resets/bulk-reset-jobs";
import { runBulkResetJob } from "../resets/bulk-reset-runner";
import { invalidateMemberSessions } from "../sessions/sessions";

/**
 * One member, from the admin member page. An administrator can start a reset but never choose
 * or see the member's password (ASVS 6.4.6): the reset is the bulk engine with a list of one.
 */
export async function forceMemberReset(
  deps: Pick<Deps, "database" | "clock" | "config">,
  target: Member,
  options: { actor: AuditActor; reason: string },
): Promise<BulkResetJob | null> {
  const job = await createBulkResetJob(deps, {
    identifiers: [target.loginId],
    reason: options.reason,
    dryRun: false,
    revokeSessions: true,
    invalidatePassword: true,
    notifyMembers: true,
    source: "web",
    actor: options.actor,
  });
  return runBulkResetJob(deps, { jobId: job.id });
}

export async function revokeSessionsOfMember(
  deps: Pick<Deps, "database" | "clock">,
  target: Member,
  actor: AuditActor,
): Promise<number> {
  return runInTransaction(deps.database, async (database) => {
    const revoked = await invalidateMemberSessions(database, target.id, {
      clock: deps.clock,
      reason: "administrator",
    });
    await recordAuditEvent(database, deps.clock, {
      actor,
      action: "member.sessions-revoked",
      details: { memberId: target.id, loginId: target.loginId, sessions: revoked },
    });
    return revoked;
  });
}

export async function resendVerificationTo(
  deps: Pick<Deps, "database" | "clock" | "config">,
  target: Member,
  actor: AuditActor,
): Promise<boolean> {
  if (target.emailVerifiedAt !== null) return false;
  await runInTransaction(deps.database, async (database) => {
    await queueEmailVerification(database, deps, target, {
      address: target.email,
      language: target.language ?? "en",
    });
    await recordAuditEvent(database, deps.clock, {
      actor,
      action: "member.verification-resent",
      details: { memberId: target.id, loginId: target.loginId },
    });
  });
  return true;
}
