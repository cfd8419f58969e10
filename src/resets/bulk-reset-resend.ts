import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { recentEmailChangeCutoff } from "../accounts/email-change-history";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log";
import { bulkResetFollowUp, oneTimeToken } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { listFollowedMembers } from "./bulk-reset-follow-up";
import type { BulkResetJob } from "./bulk-reset-jobs";
import { resolveTargets } from "./bulk-reset-targets";
import { issueResetLinks } from "./reset-links";

/** A member sent the link again is not sent it again within this time (a double click, two tabs). */
const resendIntervalInMinutes = 60;
const membersPerTransaction = 250;

/**
 * Sends a fresh reset link to every member of a started job who has neither set a new password
 * nor added a passkey: one e-mail each, the previous link withdrawn so only the newest works, and
 * one audit record for the action. Members sent one within the last hour are skipped, so a
 * repeated submit sends nothing twice.
 */
export async function resendLinksToPendingMembers(
  deps: Pick<Deps, "database" | "clock" | "config">,
  job: BulkResetJob,
  actor: AuditActor,
): Promise<{ sent: number }> {
  if (job.dryRun || job.status !== "completed") return { sent: 0 };
  const now = deps.clock.now();
  const recent = now.getTime() - resendIntervalInMinutes * 60_000;
  const resentRecently = new Set(
    (
      await deps.database
        .select({ memberId: bulkResetFollowUp.memberId })
        .from(bulkResetFollowUp)
        .where(
          and(eq(bulkResetFollowUp.jobId, job.id), sql`${bulkResetFollowUp.resentAt} > ${recent}`),
        )
    ).map((row) => row.memberId),
  );
  const pending = (await listFollowedMembers(deps.database, job)).filter(
    (followed) =>
      followed.passwordSetAt === null &&
      followed.passkeyAddedAt === null &&
      !resentRecently.has(followed.memberId),
  );
  let sent = 0;
  for (let start = 0; start < pending.length; start += membersPerTransaction) {
    const chunk = pending.slice(start, start + membersPerTransaction);
    sent += await runInTransaction(deps.database, async (database) => {
      const targets = [
        ...(
          await resolveTargets(
            database,
            chunk.map((followed) => followed.loginId),
            { changedSince: recentEmailChangeCutoff(deps.config, now) },
          )
        ).values(),
      ].filter((target) => target.hasPassword);
      if (targets.length === 0) return 0;
      const memberIds = targets.map((target) => target.id);
      // The link sent before stops working: one live link per member, in the newest e-mail.
      await database
        .update(oneTimeToken)
        .set({ usedAt: now })
        .where(
          and(
            inArray(oneTimeToken.memberId, memberIds),
            eq(oneTimeToken.purpose, "password-reset"),
            isNull(oneTimeToken.usedAt),
          ),
        );
      await issueResetLinks(database, deps, targets, { kind: "forced", notify: true });
      for (const memberId of memberIds) {
        await database
          .insert(bulkResetFollowUp)
          .values({ jobId: job.id, memberId, resentAt: now, resendCount: 1 })
          .onConflictDoUpdate({
            target: [bulkResetFollowUp.jobId, bulkResetFollowUp.memberId],
            set: {
              resentAt: now,
              resendCount: sql`${bulkResetFollowUp.resendCount} + 1`,
            },
          });
      }
      return targets.length;
    });
    await new Promise((resolve) => setImmediate(resolve));
  }
  await recordAuditEvent(deps.database, deps.clock, {
    actor,
    action: "bulk-reset.resent",
    details: { jobId: job.id, members: sent, reason: job.reason },
  });
  return { sent };
}
