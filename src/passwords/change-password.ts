import { eq } from "drizzle-orm";
import type { Member } from "../accounts/members";
import { member } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { queueEmail } from "../mail/outbox";
import { invalidateMemberSessions } from "../sessions/sessions";
import { rememberPassword } from "./history";

/**
 * Sets a member's new password (already accepted by the policy) and tells them by e-mail. The
 * reset state ends here too: a member who signed in with a passkey while their password was
 * compromised replaces it this way.
 */
export async function changeMemberPassword(
  deps: Pick<Deps, "database" | "clock" | "config" | "passwordHasher">,
  owner: Member,
  options: { newPassword: string; keepSessionId: string; signOutOtherSessions: boolean },
): Promise<{ otherSessionsSignedOut: number }> {
  const passwordHash = await deps.passwordHasher.hashPassword(options.newPassword);
  return runInTransaction(deps.database, async (database) => {
    const now = deps.clock.now();
    await database
      .update(member)
      .set({
        passwordHash,
        passwordChangedAt: now,
        resetRequiredAt: null,
        resetReason: null,
        resetJobId: null,
        // The new password is judged at the next sign-in; until then it passed the policy.
        passwordHealth: "ok",
        passwordHealthReasons: null,
        passwordCheckedAt: now,
      })
      .where(eq(member.id, owner.id));
    await rememberPassword(database, deps.clock, { memberId: owner.id, passwordHash });
    const otherSessionsSignedOut = options.signOutOtherSessions
      ? await invalidateMemberSessions(database, owner.id, {
          exceptSessionId: options.keepSessionId,
        })
      : 0;
    await queueEmail(database, deps.clock, {
      idempotencyKey: `password-changed:${owner.id}:${now.getTime()}`,
      memberId: owner.id,
      recipient: owner.email,
      language: owner.language ?? "en",
      template: {
        kind: "password-changed",
        loginId: owner.loginId,
        securityUrl: new URL("/account/security", deps.config.origin).href,
      },
    });
    return { otherSessionsSignedOut };
  });
}
