import type { Member } from "../accounts/members";
import { findMemberById } from "../accounts/members";
import type { Deps } from "../deps";
import {
  consumeOneTimeToken,
  findUsableOneTimeToken,
  issueOneTimeToken,
  revokeOneTimeTokens,
} from "../tokens/one-time-tokens";

/** Long enough to enrol a passkey right after the reset, short enough to be no standing credential. */
export const passkeyGrantLifetimeInSeconds = 10 * 60;

/**
 * After a reset the member has just proven they hold the mailbox; that permits enrolling one
 * passkey now, as the stronger replacement, but it is not a session. The grant lives in an
 * HttpOnly cookie and is spent by a successful enrolment.
 */
export async function issuePasskeyEnrolmentGrant(
  deps: Pick<Deps, "database" | "clock">,
  memberId: number,
): Promise<string> {
  await revokeOneTimeTokens(deps, { purpose: "passkey-enrolment-grant", memberId });
  const grant = await issueOneTimeToken(deps, {
    purpose: "passkey-enrolment-grant",
    memberId,
    expiresInSeconds: passkeyGrantLifetimeInSeconds,
  });
  return grant.value;
}

export async function findPasskeyGrantOwner(
  deps: Pick<Deps, "database" | "clock">,
  grant: string | undefined,
): Promise<Member | null> {
  if (!grant) return null;
  const token = await findUsableOneTimeToken(deps, "passkey-enrolment-grant", grant);
  return token?.memberId ? ((await findMemberById(deps.database, token.memberId)) ?? null) : null;
}

export async function spendPasskeyGrant(
  deps: Pick<Deps, "database" | "clock">,
  grant: string,
): Promise<boolean> {
  return (await consumeOneTimeToken(deps, "passkey-enrolment-grant", grant)) !== null;
}
