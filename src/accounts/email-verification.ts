import { and, eq, ne } from "drizzle-orm";
import type { Database } from "../db/connection";
import { member } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import type { Language } from "../i18n";
import { queueEmail } from "../mail/outbox";
import { invalidateMemberSessions } from "../sessions/sessions";
import { revokeTokensAfterCredentialChange } from "../tokens/credential-change";
import {
  consumeOneTimeToken,
  findUsableOneTimeToken,
  issueOneTimeToken,
  revokeOneTimeTokens,
} from "../tokens/one-time-tokens";
import { recordEmailChange } from "./email-change-history";
import { findMemberByEmail, findMemberById, type Member } from "./members";

const verificationLifetimeInHours = 24;
// Notices to an address's owner about someone else's attempt go out at most hourly.
const noticeWindowInMilliseconds = 3_600_000;

type TransactionDeps = Pick<Deps, "clock" | "config">;

/**
 * Sends a single-use link that proves the member receives mail at `address`: their current
 * address (verification) or a new one (an e-mail change takes effect only once confirmed).
 * Call inside the transaction that makes the change; only the newest link works.
 */
export async function queueEmailVerification(
  database: Database,
  deps: TransactionDeps,
  owner: Pick<Member, "id" | "loginId">,
  options: { address: string; language: Language },
): Promise<void> {
  await revokeOneTimeTokens(
    { database, clock: deps.clock },
    { purpose: "email-verification", memberId: owner.id },
  );
  const token = await issueOneTimeToken(
    { database, clock: deps.clock },
    {
      purpose: "email-verification",
      memberId: owner.id,
      expiresInSeconds: verificationLifetimeInHours * 3600,
      payload: options.address,
    },
  );
  await queueEmail(database, deps.clock, {
    idempotencyKey: `email-verification:${token.id}`,
    memberId: owner.id,
    recipient: options.address,
    language: options.language,
    template: {
      kind: "email-verification",
      loginId: owner.loginId,
      verifyUrl: new URL(`/verify-email/${token.value}`, deps.config.origin).href,
      expiresInHours: verificationLifetimeInHours,
    },
  });
}

/** Tells an address's owner that someone tried to use it; nothing is revealed to that someone. */
export async function queueAddressInUseNotice(
  database: Database,
  clock: Deps["clock"],
  owner: Member,
  options: { kind: "registration-attempt" | "email-change-attempt"; signInUrl: string },
): Promise<void> {
  const window = Math.floor(clock.now().getTime() / noticeWindowInMilliseconds);
  await queueEmail(database, clock, {
    idempotencyKey: `${options.kind}:${owner.id}:${window}`,
    memberId: owner.id,
    recipient: owner.email,
    language: owner.language ?? "en",
    template:
      options.kind === "registration-attempt"
        ? { kind: "registration-attempt", loginId: owner.loginId, signInUrl: options.signInUrl }
        : { kind: "email-change-attempt", loginId: owner.loginId },
  });
}

/**
 * Starts an e-mail change whose requester has already proven the current mailbox or a passkey
 * (see email-change-approval.ts): the answer is the same whether or not the address is free.
 */
export async function requestEmailChange(
  deps: Pick<Deps, "database" | "clock" | "config">,
  requester: Member,
  options: { newAddress: string; language: Language },
): Promise<void> {
  await runInTransaction(deps.database, (database) =>
    sendEmailChangeLink(database, deps, requester, options),
  );
}

/** `requestEmailChange` inside the caller's transaction. */
export async function sendEmailChangeLink(
  database: Database,
  deps: TransactionDeps,
  requester: Member,
  options: { newAddress: string; language: Language },
): Promise<void> {
  const holder = await findMemberByEmail(database, options.newAddress);
  if (holder && holder.id !== requester.id) {
    const signInUrl = new URL("/login", deps.config.origin).href;
    await queueAddressInUseNotice(database, deps.clock, holder, {
      kind: "email-change-attempt",
      signInUrl,
    });
    return;
  }
  await queueEmailVerification(database, deps, requester, {
    address: options.newAddress,
    language: options.language,
  });
}

/** For the confirmation page (GET): which address the link confirms, without using it. */
export async function describeEmailVerification(
  deps: Pick<Deps, "database" | "clock">,
  tokenValue: string,
): Promise<{ address: string } | null> {
  const token = await findUsableOneTimeToken(deps, "email-verification", tokenValue);
  return token?.payload ? { address: token.payload } : null;
}

export type EmailConfirmation = "verified" | "changed" | "address-taken" | "invalid";

/**
 * Uses a verification link (POST). A change is a credential change: it withdraws every
 * credential-granting link, signs the member out everywhere but the browser that confirmed it
 * (`keepSessionId`, ignored unless it is the member's own), records the change and sends the
 * previous address its undo link.
 */
export async function confirmEmailVerification(
  deps: Pick<Deps, "database" | "clock" | "config">,
  tokenValue: string,
  options: { keepSessionId?: string } = {},
): Promise<EmailConfirmation> {
  return runInTransaction(deps.database, async (database) => {
    const token = await consumeOneTimeToken(
      { database, clock: deps.clock },
      "email-verification",
      tokenValue,
    );
    const owner = token?.memberId ? await findMemberById(database, token.memberId) : undefined;
    if (!token?.payload || !owner) return "invalid";
    const now = deps.clock.now();
    if (token.payload === owner.email) {
      await database
        .update(member)
        .set({ emailVerifiedAt: now, emailProvenAt: now })
        .where(eq(member.id, owner.id));
      return "verified";
    }
    const [taken] = await database
      .select({ id: member.id })
      .from(member)
      .where(and(eq(member.email, token.payload), ne(member.id, owner.id)))
      .limit(1);
    if (taken) return "address-taken";
    await database
      .update(member)
      .set({ email: token.payload, emailVerifiedAt: now, emailProvenAt: now })
      .where(eq(member.id, owner.id));
    await revokeTokensAfterCredentialChange(database, { memberId: owner.id, now });
    await invalidateMemberSessions(database, owner.id, {
      clock: deps.clock,
      reason: "email-changed",
      exceptSessionId: options.keepSessionId,
    });
    await recordEmailChange(database, deps, owner, { newEmail: token.payload });
    return "changed";
  });
}
