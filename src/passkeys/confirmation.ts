import { and, eq, isNull } from "drizzle-orm";
import { recordEmailProof } from "../accounts/email-proof";
import { findMemberById, type Member } from "../accounts/members";
import type { Database } from "../db/connection";
import { passkey } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { queueEmail } from "../mail/outbox";
import { describeDevice } from "../sessions/device";
import { invalidateMemberSessions } from "../sessions/sessions";
import { revokeTokensAfterCredentialChange } from "../tokens/credential-change";
import {
  consumeOneTimeToken,
  findUsableOneTimeToken,
  issueOneTimeToken,
} from "../tokens/one-time-tokens";
import type { Passkey } from "./credentials";

/** A day to confirm, as for an address confirmation; the "this wasn't me" link lasts a week. */
export const passkeyConfirmationLifetimeInHours = 24;
const disownLinkLifetimeInSeconds = 7 * 24 * 3600;

/**
 * Tells the member a passkey was added, in the enrolment's transaction. A passkey enrolled from a
 * password-only session waits for the member to confirm it from this e-mail (the mailbox is the
 * second proof the attacker with a leaked password lacks); every notice carries a "this wasn't me"
 * link that removes the passkey and forces a reset.
 */
export async function queuePasskeyAddedNotice(
  database: Database,
  deps: Pick<Deps, "clock" | "config">,
  owner: Pick<Member, "id" | "loginId" | "email" | "language">,
  added: Pick<Passkey, "id" | "name" | "confirmedAt" | "enrolledIpAddress" | "enrolledUserAgent">,
): Promise<void> {
  const tokenDeps = { database, clock: deps.clock };
  const payload = String(added.id);
  const confirmation =
    added.confirmedAt === null
      ? await issueOneTimeToken(tokenDeps, {
          purpose: "passkey-confirmation",
          memberId: owner.id,
          expiresInSeconds: passkeyConfirmationLifetimeInHours * 3600,
          payload,
        })
      : null;
  const disown = await issueOneTimeToken(tokenDeps, {
    purpose: "passkey-disowned",
    memberId: owner.id,
    expiresInSeconds: disownLinkLifetimeInSeconds,
    payload,
  });
  const linkTo = (path: string) => new URL(path, deps.config.origin).href;
  await queueEmail(database, deps.clock, {
    idempotencyKey: `passkey-added:${added.id}`,
    memberId: owner.id,
    recipient: owner.email,
    language: owner.language ?? "en",
    template: {
      kind: "passkey-added",
      loginId: owner.loginId,
      passkeyName: added.name,
      enrolledFrom:
        [describeDevice(added.enrolledUserAgent), added.enrolledIpAddress]
          .filter(Boolean)
          .join(", ") || null,
      passkeysUrl: linkTo("/account/passkeys"),
      confirmUrl: confirmation ? linkTo(`/passkeys/confirm/${confirmation.value}`) : null,
      confirmExpiresInHours: passkeyConfirmationLifetimeInHours,
      disownUrl: linkTo(`/passkeys/not-mine/${disown.value}`),
    },
  });
}

type LinkPurpose = "passkey-confirmation" | "passkey-disowned";

/** For the GET that shows the button: whose passkey the link names, without using the link. */
export async function findPasskeyOfLink(
  deps: Pick<Deps, "database" | "clock">,
  purpose: LinkPurpose,
  tokenValue: string,
): Promise<{ owner: Member; passkey: Passkey } | null> {
  const token = await findUsableOneTimeToken(deps, purpose, tokenValue);
  if (!token?.memberId || !token.payload) return null;
  const [named] = await deps.database
    .select()
    .from(passkey)
    .where(and(eq(passkey.id, Number(token.payload)), eq(passkey.memberId, token.memberId)));
  const owner = await findMemberById(deps.database, token.memberId);
  return named && owner ? { owner, passkey: named } : null;
}

/**
 * Confirms a waiting passkey from the e-mailed link (POST only). The link went to the member's
 * address, so following it is also a proof of the mailbox. A passkey suspended by a forced reset
 * in the meantime is not confirmed this way: the member reviews it after the reset instead.
 */
export async function confirmPasskeyFromLink(
  deps: Pick<Deps, "database" | "clock">,
  tokenValue: string,
): Promise<boolean> {
  return runInTransaction(deps.database, async (database) => {
    const token = await consumeOneTimeToken(
      { database, clock: deps.clock },
      "passkey-confirmation",
      tokenValue,
    );
    if (!token?.memberId || !token.payload) return false;
    const now = deps.clock.now();
    const confirmed = await database
      .update(passkey)
      .set({ confirmedAt: now, enrolmentProof: "email" })
      .where(
        and(
          eq(passkey.id, Number(token.payload)),
          eq(passkey.memberId, token.memberId),
          isNull(passkey.confirmedAt),
          isNull(passkey.suspendedAt),
        ),
      )
      .returning({ id: passkey.id });
    if (confirmed.length === 0) return false;
    await recordEmailProof(database, token.memberId, now);
    return true;
  });
}

/**
 * "This wasn't me" from the passkey-added e-mail: the passkey goes, every session ends and every
 * credential-granting link is withdrawn. The caller then forces a reset (the password that let
 * the passkey in is presumed known to someone else).
 */
export async function disownPasskeyFromLink(
  deps: Pick<Deps, "database" | "clock">,
  tokenValue: string,
): Promise<Member | null> {
  const memberId = await runInTransaction(deps.database, async (database) => {
    const token = await consumeOneTimeToken(
      { database, clock: deps.clock },
      "passkey-disowned",
      tokenValue,
    );
    if (!token?.memberId || !token.payload) return null;
    await database
      .delete(passkey)
      .where(and(eq(passkey.id, Number(token.payload)), eq(passkey.memberId, token.memberId)));
    await invalidateMemberSessions(database, token.memberId, {
      clock: deps.clock,
      reason: "passkey-disowned",
    });
    await revokeTokensAfterCredentialChange(database, {
      memberId: token.memberId,
      now: deps.clock.now(),
    });
    return token.memberId;
  });
  return memberId === null ? null : ((await findMemberById(deps.database, memberId)) ?? null);
}
