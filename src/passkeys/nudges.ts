import { eq, sql } from "drizzle-orm";
import { reusePreparedStatement } from "../db/prepared";
import { passkeyNudge } from "../db/schema";
import type { Deps } from "../deps";
import { countMemberPasskeys } from "./credentials";

/** "Not now" asks again after this long. */
export const nudgeSnoozeInDays = 14;

/**
 * Whether to offer "add a passkey" to this member now (FIDO Alliance UX guidance: offer passkeys
 * next to account tasks). Never to a member who has one, nor after "don't ask again", nor
 * within the snooze after "not now". Every nudge site (account page, end of a reset, weak-
 * password re-check, reminder e-mails) asks this one function.
 */
export async function shouldOfferPasskey(
  deps: Pick<Deps, "database" | "clock">,
  memberId: number,
): Promise<boolean> {
  if ((await countMemberPasskeys(deps.database, memberId)) > 0) return false;
  const findAnswer = reusePreparedStatement(deps.database, "passkey-nudge.find", () =>
    deps.database
      .select()
      .from(passkeyNudge)
      .where(eq(passkeyNudge.memberId, sql.placeholder("memberId")))
      .limit(1)
      .prepare(),
  );
  const answer = await findAnswer.get({ memberId });
  if (!answer) return true;
  if (answer.declinedAt) return false;
  return !answer.askAgainAt || answer.askAgainAt.getTime() <= deps.clock.now().getTime();
}

export async function answerPasskeyNudge(
  deps: Pick<Deps, "database" | "clock">,
  options: { memberId: number; answer: "not-now" | "never" },
): Promise<void> {
  const now = deps.clock.now();
  const values =
    options.answer === "never"
      ? { askAgainAt: null, declinedAt: now }
      : { askAgainAt: new Date(now.getTime() + nudgeSnoozeInDays * 86_400_000), declinedAt: null };
  await deps.database
    .insert(passkeyNudge)
    .values({ memberId: options.memberId, ...values })
    .onConflictDoUpdate({ target: passkeyNudge.memberId, set: values });
}
