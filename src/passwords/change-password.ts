import { eq } from "drizzle-orm";
import type { Member } from "../accounts/members";
import type { Database } from "../db/connection";
import { member } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { queueEmail } from "../mail/outbox";
import { endOidcSessionsOfMember } from "../oidc/member-sign-out";
import { invalidateMemberSessions } from "../sessions/sessions";
import { revokeTokensAfterCredentialChange } from "../tokens/credential-change";
import { recordMemberEvent } from "../webhooks/events";
import { rememberPassword } from "./history";

/**
 * Sets a member's new password (already accepted by the policy) and tells them by e-mail. The
 * reset state ends here too: a member who signed in with a passkey while their password was
 * compromised replaces it this way.
 */
/**
 * Records a member's new password (already accepted by the policy and hashed): the reset state
 * ends, the hash joins the history, the verdict is "ok" until the next sign-in re-checks it,
 * every outstanding reset link (and passkey grant) of the member is withdrawn, and the member is
 * told by e-mail. Call inside the transaction that makes the change.
 */
export async function storeNewPassword(
  database: Database,
  deps: Pick<Deps, "clock" | "config">,
  owner: Member,
  options: { passwordHash: string; idempotencyKey: string; via: "change" | "reset" },
): Promise<void> {
  const now = deps.clock.now();
  await database
    .update(member)
    .set({
      passwordHash: options.passwordHash,
      passwordChangedAt: now,
      resetRequiredAt: null,
      resetReason: null,
      resetJobId: null,
      passwordHealth: "ok",
      passwordHealthReasons: null,
      passwordCheckedAt: now,
    })
    .where(eq(member.id, owner.id));
  // Every way a password is set passes here, so none can leave an older link able to undo it.
  await revokeTokensAfterCredentialChange(database, { memberId: owner.id, now });
  // Grants made under the old password (perhaps by whoever knew it) end at every service.
  await endOidcSessionsOfMember(database, owner.id);
  await rememberPassword(database, deps.clock, {
    memberId: owner.id,
    passwordHash: options.passwordHash,
  });
  await recordMemberEvent(database, deps.clock, {
    type: "member.password_changed",
    memberId: owner.id,
    facts: { via: options.via },
  });
  await queueEmail(database, deps.clock, {
    idempotencyKey: options.idempotencyKey,
    memberId: owner.id,
    recipient: owner.email,
    language: owner.language ?? "en",
    template: {
      kind: "password-changed",
      loginId: owner.loginId,
      securityUrl: new URL("/account/security", deps.config.origin).href,
    },
  });
}

/** The change-password page: optionally signs the member's other sessions out. */
export async function changeMemberPassword(
  deps: Pick<Deps, "database" | "clock" | "config" | "passwordHasher">,
  owner: Member,
  options: { newPassword: string; keepSessionId: string; signOutOtherSessions: boolean },
): Promise<{ otherSessionsSignedOut: number }> {
  const passwordHash = await deps.passwordHasher.hashPassword(options.newPassword);
  return runInTransaction(deps.database, async (database) => {
    await storeNewPassword(database, deps, owner, {
      passwordHash,
      idempotencyKey: `password-changed:${owner.id}:${deps.clock.now().getTime()}`,
      via: "change",
    });
    const otherSessionsSignedOut = options.signOutOtherSessions
      ? await invalidateMemberSessions(database, owner.id, {
          clock: deps.clock,
          reason: "password-changed",
          exceptSessionId: options.keepSessionId,
        })
      : 0;
    return { otherSessionsSignedOut };
  });
}
