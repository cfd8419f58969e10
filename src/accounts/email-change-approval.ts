import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import type { Language } from "../i18n";
import { queueEmail } from "../mail/outbox";
import {
  consumeOneTimeToken,
  findUsableOneTimeToken,
  issueOneTimeToken,
  revokeOneTimeTokens,
} from "../tokens/one-time-tokens";
import { recordEmailProof } from "./email-proof";
import { sendEmailChangeLink } from "./email-verification";
import { findMemberById, type Member } from "./members";

const approvalLifetimeInHours = 24;

/**
 * First step of an address change from a session a password alone opened: the password may be
 * the attacker's, the mailbox is not, so the current address approves before anything goes to
 * the new one (nothing reaches the requester, so the answer cannot reveal whether the new
 * address is free). Only the newest request works.
 */
export async function requestEmailChangeApproval(
  deps: Pick<Deps, "database" | "clock" | "config">,
  requester: Member,
  options: { newAddress: string; language: Language },
): Promise<void> {
  await runInTransaction(deps.database, async (database) => {
    const transactionDeps = { database, clock: deps.clock };
    await revokeOneTimeTokens(transactionDeps, {
      purpose: "email-change-approval",
      memberId: requester.id,
    });
    const token = await issueOneTimeToken(transactionDeps, {
      purpose: "email-change-approval",
      memberId: requester.id,
      expiresInSeconds: approvalLifetimeInHours * 3600,
      payload: options.newAddress,
    });
    await queueEmail(database, deps.clock, {
      idempotencyKey: `email-change-approval:${token.id}`,
      memberId: requester.id,
      recipient: requester.email,
      language: options.language,
      template: {
        kind: "email-change-approval",
        loginId: requester.loginId,
        newAddress: options.newAddress,
        approveUrl: new URL(`/email-change/approve/${token.value}`, deps.config.origin).href,
        expiresInHours: approvalLifetimeInHours,
        forgotPasswordUrl: new URL("/forgot-password", deps.config.origin).href,
      },
    });
  });
}

/** For the approval page (GET): the address the change would move to, without using the link. */
export async function describeEmailChangeApproval(
  deps: Pick<Deps, "database" | "clock">,
  tokenValue: string,
): Promise<{ newAddress: string } | null> {
  const token = await findUsableOneTimeToken(deps, "email-change-approval", tokenValue);
  return token?.payload ? { newAddress: token.payload } : null;
}

/**
 * Uses an approval link (POST): proves the current mailbox, then sends the new address its
 * confirmation link (or tells that address's owner, as a direct request would).
 */
export async function approveEmailChange(
  deps: Pick<Deps, "database" | "clock" | "config">,
  tokenValue: string,
): Promise<"approved" | "invalid"> {
  return runInTransaction(deps.database, async (database) => {
    const token = await consumeOneTimeToken(
      { database, clock: deps.clock },
      "email-change-approval",
      tokenValue,
    );
    const owner = token?.memberId ? await findMemberById(database, token.memberId) : undefined;
    if (!token?.payload || !owner) return "invalid";
    await recordEmailProof(database, owner.id, deps.clock.now());
    if (token.payload !== owner.email) {
      await sendEmailChangeLink(database, deps, owner, {
        newAddress: token.payload,
        language: owner.language ?? "en",
      });
    }
    return "approved";
  });
}
