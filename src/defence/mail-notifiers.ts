import { eq } from "drizzle-orm";
import { member as memberTable } from "../db/schema";
import type { Deps } from "../deps";
import { queueEmail, queueEmails } from "../mail/outbox";
import { createBulkResetJob } from "../resets/bulk-reset-jobs";
import { runBulkResetJob } from "../resets/bulk-reset-runner";
import type { AlertNotifier, SignInNotifier, UnrecognisedSignInHandler } from "./notifiers";

type MailDeps = Pick<Deps, "database" | "clock" | "config">;

/** Spike alerts to every administrator, through the outbox. */
export function createOutboxAlertNotifier(deps: MailDeps): AlertNotifier {
  return {
    async notifyAlert(notice) {
      const administrators = await deps.database
        .select()
        .from(memberTable)
        .where(eq(memberTable.role, "admin"));
      await queueEmails(
        deps.database,
        deps.clock,
        administrators.map((administrator) => ({
          idempotencyKey: `security-alert:${notice.kinds.join("+")}:${notice.raisedAt.getTime()}:${administrator.id}`,
          memberId: administrator.id,
          recipient: administrator.email,
          language: administrator.language ?? "en",
          template: {
            kind: "security-alert",
            loginId: administrator.loginId,
            raisedAt: notice.raisedAt.toISOString(),
            attemptsPerMinute: notice.attemptsPerMinute,
            baselineAttemptsPerMinute: notice.baselineAttemptsPerMinute,
            failureRatio: notice.failureRatio,
            attackViewUrl: notice.attackViewUrl.href,
          },
        })),
      );
    },
  };
}

/** New-device and new-network sign-in notices to the member, through the outbox. */
export function createOutboxSignInNotifier(deps: MailDeps): SignInNotifier {
  return {
    async notifyNewSignIn(notice) {
      await queueEmail(deps.database, deps.clock, {
        idempotencyKey: `new-sign-in:${notice.member.id}:${notice.occurredAt.getTime()}`,
        memberId: notice.member.id,
        recipient: notice.member.email,
        language: notice.member.language ?? "en",
        template: {
          kind: "new-sign-in",
          loginId: notice.member.loginId,
          occurredAt: notice.occurredAt.toISOString().replace("T", " ").slice(0, 16).concat(" UTC"),
          device: notice.device,
          ipAddress: notice.ipAddress,
          unrecognisedUrl: notice.unrecognisedUrl.href,
        },
      });
    },
  };
}

/**
 * "This wasn't me": the member's word is evidence of compromise, so the account gets the same
 * forced reset as a listed ID (the bulk engine with a list of one), e-mailed link included.
 */
export function createForcedResetOnUnrecognisedSignIn(deps: MailDeps): UnrecognisedSignInHandler {
  return {
    async handleUnrecognisedSignIn(owner) {
      const job = await createBulkResetJob(deps, {
        identifiers: [owner.loginId],
        reason: "the member reported a sign-in that was not theirs",
        dryRun: false,
        revokeSessions: true,
        invalidatePassword: true,
        notifyMembers: true,
        source: "web",
        actor: { kind: "member", memberId: owner.id, loginId: owner.loginId },
      });
      await runBulkResetJob(deps, { jobId: job.id });
    },
  };
}
