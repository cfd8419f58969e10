import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { recordEmailProof } from "../accounts/email-proof";
import type { Member } from "../accounts/members";
import { findMemberById } from "../accounts/members";
import type { Database } from "../db/connection";
import { forEachInListChunk, inListSlots, reusePreparedStatement } from "../db/prepared";
import { member, oneTimeToken } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { type QueuedEmail, queueEmails } from "../mail/outbox";
import { removeAllPasskeys } from "../passkeys/trust";
import { storeNewPassword } from "../passwords/change-password";
import { verifyMemberPassword } from "../passwords/member-password";
import { invalidateMemberSessions } from "../sessions/sessions";
import { consumeOneTimeToken, findUsableOneTimeToken } from "../tokens/one-time-tokens";
import { generateSplitToken } from "../tokens/split-token";

/** Admin-initiated links give the member a day; a self-service link is asked for and used at once. */
export const forcedResetLifetimeInHours = 24;
export const selfServiceResetLifetimeInMinutes = 60;

export type ResetKind = "forced" | "self-service";
/**
 * `previousEmail`: the address the member had before a recent change (email-change-history.ts),
 * or null. When set, the link goes there and the current address only hears that it did: an
 * attacker who moved the address must not receive the link that locks them out.
 */
type LinkOwner = Pick<Member, "id" | "loginId" | "email" | "language"> & {
  previousEmail: string | null;
};

/**
 * Issues one reset link per member and, when asked, queues the e-mail carrying it. Runs inside
 * the caller's transaction; set-based so a bulk reset handles thousands of members a second.
 */
export async function issueResetLinks(
  database: Database,
  deps: Pick<Deps, "clock" | "config">,
  owners: LinkOwner[],
  options: { kind: ResetKind; notify: boolean; cause?: "combo-list" },
): Promise<void> {
  const now = deps.clock.now();
  const lifetimeInMilliseconds =
    options.kind === "forced"
      ? forcedResetLifetimeInHours * 3_600_000
      : selfServiceResetLifetimeInMinutes * 60_000;
  const issued = owners.map((owner) => ({ owner, token: generateSplitToken() }));
  const insertToken = reusePreparedStatement(database, "one-time-token.insert-reset", () =>
    database
      .insert(oneTimeToken)
      .values({
        id: sql.placeholder("id"),
        purpose: "password-reset",
        memberId: sql.placeholder("memberId"),
        secretHash: sql.placeholder("secretHash"),
        payload: sql.placeholder("payload"),
        createdAt: sql.placeholder("createdAt"),
        expiresAt: sql.placeholder("expiresAt"),
      })
      .prepare(),
  );
  const expiresAt = new Date(now.getTime() + lifetimeInMilliseconds);
  for (const { owner, token } of issued) {
    await insertToken.run({
      id: token.id,
      memberId: owner.id,
      secretHash: token.secretHash,
      payload: options.kind,
      createdAt: now,
      expiresAt,
    });
  }
  if (!options.notify) return;
  const emails: QueuedEmail[] = [];
  for (const { owner, token } of issued) {
    const resetUrl = new URL(`/reset/${token.value}`, deps.config.origin).href;
    emails.push({
      idempotencyKey: `password-reset:${token.id}`,
      memberId: owner.id,
      recipient: owner.previousEmail ?? owner.email,
      language: owner.language ?? "en",
      template:
        options.kind === "forced"
          ? {
              kind: "forced-reset",
              loginId: owner.loginId,
              resetUrl,
              expiresInHours: forcedResetLifetimeInHours,
              ...(options.cause ? { cause: options.cause } : {}),
            }
          : {
              kind: "password-reset",
              loginId: owner.loginId,
              resetUrl,
              expiresInMinutes: selfServiceResetLifetimeInMinutes,
            },
    });
    if (owner.previousEmail) {
      emails.push({
        idempotencyKey: `reset-sent-to-previous-address:${token.id}`,
        memberId: owner.id,
        recipient: owner.email,
        language: owner.language ?? "en",
        template: { kind: "forced-reset-sent-to-previous-address", loginId: owner.loginId },
      });
    }
  }
  await queueEmails(database, deps.clock, emails);
}

/**
 * The first proof that the member holds the mailbox (issue 15, finding 5): whoever registered
 * the address before may have left credentials behind (a passkey, a session), so every one of
 * them goes, and the address counts as confirmed from now on. The new password is the only way in.
 * The reset that calls this has already ended every session and, by storing the new password,
 * withdrawn every outstanding link; what is left is the passkeys.
 */
async function removeCredentialsBeforeFirstEmailProof(
  database: Database,
  now: Date,
  memberId: number,
): Promise<void> {
  await removeAllPasskeys(database, memberId);
  await database
    .update(member)
    .set({ emailVerifiedAt: now })
    .where(and(eq(member.id, memberId), isNull(member.emailVerifiedAt)));
}

/** Members among `memberIds` who already hold a usable forced-reset link (a re-submitted list). */
export async function findMembersWithPendingForcedReset(
  database: Database,
  now: Date,
  memberIds: number[],
): Promise<Set<number>> {
  const select = reusePreparedStatement(database, "one-time-token.pending-forced-resets", () =>
    database
      .select({ memberId: oneTimeToken.memberId, expiresAt: oneTimeToken.expiresAt })
      .from(oneTimeToken)
      .where(
        and(
          inArray(oneTimeToken.memberId, inListSlots()),
          eq(oneTimeToken.purpose, "password-reset"),
          eq(oneTimeToken.payload, "forced"),
          isNull(oneTimeToken.usedAt),
        ),
      )
      .prepare(),
  );
  const pending = new Set<number>();
  await forEachInListChunk(memberIds, async (slots) => {
    for (const row of await select.all(slots)) {
      if (row.expiresAt > now) pending.add(row.memberId as number);
    }
  });
  return pending;
}

/** For the reset form (GET): whose link this is, without using it. */
export async function findResetLinkOwner(
  deps: Pick<Deps, "database" | "clock">,
  tokenValue: string,
): Promise<Member | null> {
  const token = await findUsableOneTimeToken(deps, "password-reset", tokenValue);
  const owner = token?.memberId ? await findMemberById(deps.database, token.memberId) : undefined;
  return owner ?? null;
}

export type ResetCompletion = "done" | "invalid" | "same-as-before";

/**
 * Sets the new password from a reset link. The link is consumed atomically with the change, so of
 * concurrent submissions exactly one succeeds; every session ends, and the member is told by
 * e-mail. The member then signs in with the new password: a reset never signs anyone in.
 */
export async function completePasswordReset(
  deps: Pick<Deps, "database" | "clock" | "config" | "passwordHasher">,
  tokenValue: string,
  newPassword: string,
): Promise<ResetCompletion> {
  const owner = await findResetLinkOwner(deps, tokenValue);
  if (!owner) return "invalid";
  // The old password is what the attacker knows: the new one must differ from it.
  if (
    owner.passwordHash &&
    (await verifyMemberPassword(deps.passwordHasher, owner.passwordHash, newPassword))
  ) {
    return "same-as-before";
  }
  const passwordHash = await deps.passwordHasher.hashPassword(newPassword);
  return runInTransaction(deps.database, async (database) => {
    const consumed = await consumeOneTimeToken(
      { database, clock: deps.clock },
      "password-reset",
      tokenValue,
    );
    if (!consumed || consumed.memberId !== owner.id) return "invalid";
    await storeNewPassword(database, deps, owner, {
      passwordHash,
      idempotencyKey: `password-changed:reset:${consumed.id}`,
      via: "reset",
    });
    // storeNewPassword has withdrawn every outstanding link (this one was consumed above).
    await invalidateMemberSessions(database, owner.id, {
      clock: deps.clock,
      reason: "password-reset",
    });
    if (owner.emailVerifiedAt === null || owner.emailProvenAt === null) {
      await removeCredentialsBeforeFirstEmailProof(database, deps.clock.now(), owner.id);
    }
    // The link went to the member's current address: following it proves they hold the mailbox.
    await recordEmailProof(database, owner.id, deps.clock.now());
    return "done";
  });
}
