import type { Logger } from "pino";
import type { Member } from "../accounts/members";

/**
 * Side effects of the defence that leave the portal: e-mails to administrators and members.
 * The mail outbox is another issue; until it lands these log, and main.ts wires the real ones.
 */

export type AlertKind = "attempt-rate" | "failure-ratio";

export interface AlertNotice {
  /** The kinds newly raised; one notice covers kinds that tripped together. */
  kinds: AlertKind[];
  raisedAt: Date;
  /** Attempts (and failure ratio) in the minute that tripped it, against the baseline. */
  attemptsPerMinute: number;
  baselineAttemptsPerMinute: number;
  failureRatio: number;
  baselineFailureRatio: number;
  attackViewUrl: URL;
}

/** Tells administrators about a spike; called at most once per 15 minutes per alert kind. */
export interface AlertNotifier {
  notifyAlert(notice: AlertNotice): Promise<void>;
}

export interface NewSignInNotice {
  member: Pick<Member, "id" | "loginId" | "email" | "language">;
  occurredAt: Date;
  ipAddress: string | null;
  device: string | null;
  newDevice: boolean;
  newNetwork: boolean;
  /** The "this wasn't me" link: signs the member out everywhere. A one-time secret. */
  unrecognisedUrl: URL;
}

/** Tells a member their account was entered from a device or network not seen before. */
export interface SignInNotifier {
  notifyNewSignIn(notice: NewSignInNotice): Promise<void>;
}

/**
 * Called after a member said "this wasn't me" and their sessions were revoked. The resets
 * issue replaces the default with one that starts a forced password reset for the member.
 */
export interface UnrecognisedSignInHandler {
  handleUnrecognisedSignIn(member: Pick<Member, "id" | "loginId">): Promise<void>;
}

export function createLoggingAlertNotifier(logger: Logger): AlertNotifier {
  return {
    async notifyAlert(notice) {
      const { attackViewUrl, ...figures } = notice;
      logger.warn(
        { alert: figures, attackView: attackViewUrl.href },
        "defence alert (administrator e-mail goes through the outbox once it exists)",
      );
    },
  };
}

export function createLoggingSignInNotifier(logger: Logger): SignInNotifier {
  return {
    async notifyNewSignIn(notice) {
      // The link is a credential of sorts, so it is not logged.
      logger.info(
        {
          memberId: notice.member.id,
          newDevice: notice.newDevice,
          newNetwork: notice.newNetwork,
          device: notice.device,
        },
        "new-device sign-in notice (member e-mail goes through the outbox once it exists)",
      );
    },
  };
}

export function createLoggingUnrecognisedSignInHandler(logger: Logger): UnrecognisedSignInHandler {
  return {
    async handleUnrecognisedSignIn(member) {
      logger.warn(
        { memberId: member.id },
        "member reported an unrecognised sign-in; sessions revoked (forced reset comes with the resets issue)",
      );
    },
  };
}
