import { classifySignInIdentifier } from "../accounts/identifiers";
import {
  findMemberByEmail,
  findMemberByLoginId,
  type Member,
  updateMemberPasswordHash,
} from "../accounts/members";
import type { Deps } from "../deps";

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

  if (!candidate?.passwordHash) {
    await deps.passwordHasher.verifyDummyPassword(input.password);
    return candidate
      ? { ok: false, reason: "wrong-password", memberId: candidate.id }
      : { ok: false, reason: "unknown-id", memberId: null };
  }
  const matches = await deps.passwordHasher.verifyPassword(candidate.passwordHash, input.password);
  // A wrong password is a wrong password, whatever the account's state: the reset state must not
  // show to anyone who does not hold the password (README, "Forced resets").
  if (!matches) return { ok: false, reason: "wrong-password", memberId: candidate.id };
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

  if (deps.passwordHasher.needsRehash(candidate.passwordHash)) {
    // The only moment the server holds the password: upgrade to the current parameters.
    const upgraded = await deps.passwordHasher.hashPassword(input.password);
    await updateMemberPasswordHash(deps.database, candidate.id, upgraded);
    deps.logger.info({ memberId: candidate.id }, "password hash upgraded to current parameters");
  }
  return { ok: true, member: candidate };
}
