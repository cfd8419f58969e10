import { classifySignInIdentifier } from "../accounts/identifiers";
import {
  findMemberByEmail,
  findMemberByLoginId,
  type Member,
  updateMemberPasswordHash,
} from "../accounts/members";
import type { Deps } from "../deps";
import { memberPasswordNeedsRehash, verifyMemberPassword } from "../passwords/member-password";

/** The reason is for the sign-in log only; the member sees the same answer for both failures. */
export type PasswordSignInResult =
  | { ok: true; member: Member }
  | {
      ok: false;
      resetRequired?: undefined;
      reason: "unknown-id" | "wrong-password";
      memberId: number | null;
    }
  | {
      ok: false;
      resetRequired: true;
      reason: "reset-required";
      member: Member;
      memberId: number;
    };

/**
 * Checks a login ID (or e-mail) and password. Unknown IDs pay for one dummy verification, and
 * every failure has the same shape, so neither timing nor the answer reveals which IDs exist,
 * nor which of them wait for a forced reset.
 */
export async function authenticateWithPassword(
  deps: Pick<Deps, "database" | "passwordHasher" | "logger">,
  input: { identifier: string; password: string },
): Promise<PasswordSignInResult> {
  const identifier = classifySignInIdentifier(input.identifier);
  const candidate = !identifier
    ? undefined
    : identifier.kind === "email"
      ? await findMemberByEmail(deps.database, identifier.email)
      : await findMemberByLoginId(deps.database, identifier.loginId);

  // Legacy (imported) hashes are checked here too, at the same argon2 cost as native ones.
  const matches = await verifyMemberPassword(
    deps.passwordHasher,
    candidate?.passwordHash ?? null,
    input.password,
  );
  if (!candidate) return { ok: false, reason: "unknown-id", memberId: null };
  // A wrong password is a wrong password, whatever the account's state: the reset state must not
  // show to anyone who does not hold the password (README, "Forced resets"). A deactivated
  // member (the service closed the account) fails the same way, after the same work.
  if (!matches || !candidate.passwordHash || candidate.deactivatedAt)
    return { ok: false, reason: "wrong-password", memberId: candidate.id };
  // The right password of an account waiting for its reset: probably the attacker's. No session;
  // the sign-in log records that the compromised password was tried.
  if (candidate.resetRequiredAt) {
    return {
      ok: false,
      resetRequired: true,
      reason: "reset-required",
      member: candidate,
      memberId: candidate.id,
    };
  }

  if (memberPasswordNeedsRehash(deps.passwordHasher, candidate.passwordHash)) {
    // The only moment the server holds the password: upgrade an imported hash, or one made with
    // older parameters, to plain argon2id at today's. The caller's sign-in re-check then judges
    // the password against today's policy and breach corpus (breached -> forced reset).
    const upgraded = await deps.passwordHasher.hashPassword(input.password);
    await updateMemberPasswordHash(deps.database, candidate.id, upgraded);
    deps.logger.info({ memberId: candidate.id }, "password hash upgraded to current parameters");
    return { ok: true, member: { ...candidate, passwordHash: upgraded } };
  }
  return { ok: true, member: candidate };
}
