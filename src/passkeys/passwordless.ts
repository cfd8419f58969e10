import { and, eq, exists, isNotNull, isNull } from "drizzle-orm";
import { member, passkey } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { revokeTokensAfterCredentialChange } from "../tokens/credential-change";

/**
 * Removes the member's password when they have a passkey to sign in with. The passkey's
 * existence is checked inside the UPDATE, so a passkey deleted at the same moment cannot leave
 * the member with no way in. Afterwards password sign-in fails exactly like a wrong password,
 * and no reset link requested before can give the account a password again.
 */
export async function removeMemberPassword(
  deps: Pick<Deps, "database" | "clock" | "logger">,
  memberId: number,
): Promise<boolean> {
  const removed = await runInTransaction(deps.database, async (database) => {
    const hasPasskey = exists(
      // Only a passkey that can sign in: not one waiting for its e-mail confirmation, nor suspended.
      database
        .select({ id: passkey.id })
        .from(passkey)
        .where(
          and(
            eq(passkey.memberId, memberId),
            isNotNull(passkey.confirmedAt),
            isNull(passkey.suspendedAt),
          ),
        ),
    );
    const updated = await database
      .update(member)
      .set({ passwordHash: null, passwordChangedAt: null })
      .where(and(eq(member.id, memberId), hasPasskey))
      .returning({ id: member.id });
    if (updated.length === 0) return false;
    await revokeTokensAfterCredentialChange(database, { memberId, now: deps.clock.now() });
    return true;
  });
  if (!removed) return false;
  deps.logger.info({ event: "password removed", memberId }, "password removed");
  return true;
}
