import type { Member } from "../accounts/members";

/**
 * Side effects of the defence that leave the portal: e-mails to administrators and members.
 * The outbox-backed implementations are in mail-notifiers.ts; tests pass recording fakes.
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
 * Called after a member said "this wasn't me" and their sessions were revoked; the default
 * starts a forced password reset for the member.
 */
export interface UnrecognisedSignInHandler {
  handleUnrecognisedSignIn(member: Pick<Member, "id" | "loginId">): Promise<void>;
}
