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
      passwordMatched: boolean;
    };

/**
 * Checks a login ID (or e-mail) and password. Unknown IDs pay for one dummy verification, and
 * every failure has the same shape, so neither timing nor the answer reveals which IDs exist.
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
  // The attacker may know this password: right or wrong, the answer is the reset page and no
  // session. Verifying it anyway keeps the timing, and tells the log whether the password was known.
  if (candidate.resetRequiredAt) {
    return {
      ok: false,
      resetRequired: true,
      reason: "reset-required",
      member: candidate,
      memberId: candidate.id,
      passwordMatched: matches,
    };
  }
  if (!matches) return { ok: false, reason: "wrong-password", memberId: candidate.id };

  if (deps.passwordHasher.needsRehash(candidate.passwordHash)) {
    // The only moment the server holds the password: upgrade to the current parameters.
    const upgraded = await deps.passwordHasher.hashPassword(input.password);
    await updateMemberPasswordHash(deps.database, candidate.id, upgraded);
    deps.logger.info({ memberId: candidate.id }, "password hash upgraded to current parameters");
  }
  return { ok: true, member: candidate };
}
