import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { forEachInListChunk, inListSlots, reusePreparedStatement } from "../db/prepared";
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
  // Approving a move of the address is granting one; the undo link is deliberately absent:
  // it must outlive the credential changes an attacker makes after moving the address.
  "email-change-approval",
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

/**
 * The same for many members at once (a bulk forced reset): one prepared statement per chunk of
 * IDs, so a reset of 100k members does not build a query per member. Run it before issuing the
 * reset's own links, which it would otherwise withdraw too.
 */
export async function revokeTokensAfterCredentialChanges(
  database: Database,
  options: { memberIds: readonly number[]; now: Date },
): Promise<void> {
  const revoke = reusePreparedStatement(database, "one-time-token.revoke-after-change", () =>
    database
      .update(oneTimeToken)
      .set({ usedAt: sql`${sql.placeholder("now")}` })
      .where(
        and(
          inArray(oneTimeToken.memberId, inListSlots()),
          inArray(oneTimeToken.purpose, [...credentialGrantingPurposes]),
          isNull(oneTimeToken.usedAt),
        ),
      )
      .prepare(),
  );
  const now = options.now.getTime();
  await forEachInListChunk(options.memberIds, async (slots) => revoke.run({ ...slots, now }));
}
