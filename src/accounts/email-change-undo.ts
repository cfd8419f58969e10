import { and, eq, gte, isNull, ne } from "drizzle-orm";
import type { Database } from "../db/connection";
import { emailChange, member } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { createBulkResetJob } from "../resets/bulk-reset-jobs";
import { runBulkResetJob } from "../resets/bulk-reset-runner";
import { invalidateMemberSessions } from "../sessions/sessions";
import { revokeTokensAfterCredentialChange } from "../tokens/credential-change";
import {
  consumeOneTimeToken,
  findUsableOneTimeToken,
  type OneTimeToken,
} from "../tokens/one-time-tokens";
import { recordEmailProof } from "./email-proof";
import { findMemberById } from "./members";

type EmailChange = typeof emailChange.$inferSelect;

/** The change an undo link reverses, if the link and the change are both still live. */
async function findUndoableChange(
  database: Database,
  token: OneTimeToken | null,
): Promise<EmailChange | null> {
  const changeId = Number(token?.payload);
  if (!token?.memberId || !Number.isSafeInteger(changeId)) return null;
  const [change] = await database
    .select()
    .from(emailChange)
    .where(
      and(
        eq(emailChange.id, changeId),
        eq(emailChange.memberId, token.memberId),
        isNull(emailChange.undoneAt),
      ),
    )
    .limit(1);
  return change ?? null;
}

/** For the undo page (GET): the address the link would bring back, without using it. */
export async function describeEmailChangeUndo(
  deps: Pick<Deps, "database" | "clock">,
  tokenValue: string,
): Promise<{ previousAddress: string } | null> {
  const token = await findUsableOneTimeToken(deps, "email-change-undo", tokenValue);
  const change = await findUndoableChange(deps.database, token);
  return change ? { previousAddress: change.previousEmail } : null;
}

export type EmailChangeUndo = "restored" | "address-taken" | "invalid";

/**
 * "This wasn't me" from the previous address (POST). Restores exactly the address this member
 * had before that change (never another one, so the link cannot steal an address), marks that
 * change and every later one undone, ends every session and withdraws every credential-granting
 * link, then forces a reset whose link goes to the restored address. Following the link proves
 * the mailbox. When another member holds the address now, nothing changes and the link stays
 * usable (support may free the address).
 */
export async function undoEmailChange(
  deps: Pick<Deps, "database" | "clock" | "config">,
  tokenValue: string,
): Promise<EmailChangeUndo> {
  const outcome = await runInTransaction(deps.database, async (database) => {
    const transactionDeps = { database, clock: deps.clock };
    const usable = await findUsableOneTimeToken(transactionDeps, "email-change-undo", tokenValue);
    const change = await findUndoableChange(database, usable);
    if (!change) return { status: "invalid" as const };
    const [holder] = await database
      .select({ id: member.id })
      .from(member)
      .where(and(eq(member.email, change.previousEmail), ne(member.id, change.memberId)))
      .limit(1);
    if (holder) return { status: "address-taken" as const };
    if (!(await consumeOneTimeToken(transactionDeps, "email-change-undo", tokenValue))) {
      return { status: "invalid" as const };
    }
    const now = deps.clock.now();
    await database
      .update(member)
      .set({ email: change.previousEmail, emailVerifiedAt: now })
      .where(eq(member.id, change.memberId));
    await recordEmailProof(database, change.memberId, now);
    await database
      .update(emailChange)
      .set({ undoneAt: now })
      .where(
        and(
          eq(emailChange.memberId, change.memberId),
          gte(emailChange.id, change.id),
          isNull(emailChange.undoneAt),
        ),
      );
    await revokeTokensAfterCredentialChange(database, { memberId: change.memberId, now });
    await invalidateMemberSessions(database, change.memberId, {
      clock: deps.clock,
      reason: "email-change-undone",
    });
    return { status: "restored" as const, memberId: change.memberId };
  });
  if (outcome.status === "restored") await forceResetAfterUndo(deps, outcome.memberId);
  return outcome.status;
}

/**
 * The same forced reset as a listed ID (the bulk engine with a list of one, as "this wasn't me"
 * does): the password stops working and the reset link goes to the restored address, since
 * the undone changes no longer count as recent.
 */
async function forceResetAfterUndo(
  deps: Pick<Deps, "database" | "clock" | "config">,
  memberId: number,
): Promise<void> {
  const owner = await findMemberById(deps.database, memberId);
  if (!owner) return;
  const job = await createBulkResetJob(deps, {
    identifiers: [owner.loginId],
    reason: "the member undid a change of their e-mail address",
    dryRun: false,
    revokeSessions: true,
    invalidatePassword: true,
    notifyMembers: true,
    source: "web",
    actor: { kind: "member", memberId: owner.id, loginId: owner.loginId },
  });
  await runBulkResetJob(deps, { jobId: job.id });
}
