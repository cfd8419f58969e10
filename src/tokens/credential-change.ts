import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Database } from "../db/connection";
import { oneTimeToken } from "../db/schema";
import type { TokenPurpose } from "./one-time-tokens";

/**
 * Links that grant a change of credentials. Every change of credentials (password set, changed
 * or removed; e-mail address changed; passkeys confirmed or removed by a reset) withdraws all of
 * them, so a link requested or stolen before the change cannot undo it (ASVS 6.3.x, the token
 * invariant in the README's security model).
 */
export const credentialGrantingPurposes: readonly TokenPurpose[] = [
  "password-reset",
  "passkey-enrolment-grant",
  "email-verification",
  // Activates a passkey enrolled from a password-only session.
  "passkey-confirmation",
];

/** Withdraws every outstanding credential-granting link of a member; call it in the change's transaction. */
export async function revokeTokensAfterCredentialChange(
  database: Database,
  options: { memberId: number; now: Date },
): Promise<number> {
  const revoked = await database
    .update(oneTimeToken)
    .set({ usedAt: options.now })
    .where(
      and(
        eq(oneTimeToken.memberId, options.memberId),
        inArray(oneTimeToken.purpose, [...credentialGrantingPurposes]),
        isNull(oneTimeToken.usedAt),
      ),
    )
    .returning({ id: oneTimeToken.id });
  return revoked.length;
}
