import { classifySignInIdentifier } from "../accounts/identifiers";
import {
  findMemberByEmail,
  findMemberByLoginId,
  type Member,
  updateMemberPasswordHash,
} from "../accounts/members";
import type { Deps } from "../deps";

/**
 * Checks a login ID (or e-mail) and password. Unknown IDs pay for one dummy verification, and
 * every failure has the same shape, so neither timing nor the answer reveals which IDs exist.
 */
export async function authenticateWithPassword(
  deps: Pick<Deps, "database" | "passwordHasher" | "logger">,
  input: { identifier: string; password: string },
): Promise<
  | { ok: true; member: Member }
  /** The reason is for the sign-in log only; the member always sees the same answer. */
  | { ok: false; reason: "unknown-id" | "wrong-password"; memberId: number | null }
> {
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
  if (!matches) return { ok: false, reason: "wrong-password", memberId: candidate.id };

  if (deps.passwordHasher.needsRehash(candidate.passwordHash)) {
    // The only moment the server holds the password: upgrade to the current parameters.
    const upgraded = await deps.passwordHasher.hashPassword(input.password);
    await updateMemberPasswordHash(deps.database, candidate.id, upgraded);
    deps.logger.info({ memberId: candidate.id }, "password hash upgraded to current parameters");
  }
  return { ok: true, member: candidate };
}
