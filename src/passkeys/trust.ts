import { and, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { Member } from "../accounts/members";
import type { Database } from "../db/connection";
import { forEachInListChunk, inListSlots, reusePreparedStatement } from "../db/prepared";
import { member, passkey } from "../db/schema";
import type { Passkey } from "./credentials";

/** How the enrolment was vouched for: see the `passkey.enrolmentProof` column. */
export type EnrolmentProof = Passkey["enrolmentProof"];

/**
 * A passkey signs in and re-authenticates only once confirmed (never while it waits for the
 * e-mail confirmation) and while not suspended by a forced reset.
 */
export function isPasskeyUsable(stored: Pick<Passkey, "confirmedAt" | "suspendedAt">): boolean {
  return stored.confirmedAt !== null && stored.suspendedAt === null;
}

/** The same rule as a query condition, for statements that must decide in the database. */
export const usablePasskeyCondition = and(
  isNotNull(passkey.confirmedAt),
  isNull(passkey.suspendedAt),
);

/**
 * A forced reset means someone else may hold the password, so every passkey a password alone
 * vouched for since the member last proved they hold the mailbox is suspended until the member,
 * after the reset, keeps or removes it; so are those still waiting for their confirmation.
 * Passkeys enrolled with a passkey or an e-mail proof, or before the last e-mail proof, stay.
 * One set-based UPDATE per chunk of 250 members, so a bulk reset keeps its pace.
 */
export async function suspendPasskeysForForcedReset(
  database: Database,
  options: { memberIds: readonly number[]; now: Date },
): Promise<void> {
  if (options.memberIds.length === 0) return;
  const suspend = reusePreparedStatement(database, "passkey.suspend-for-forced-reset", () => {
    const emailProvenAt = sql`(select ${member.emailProvenAt} from ${member} where ${member.id} = ${passkey.memberId})`;
    return database
      .update(passkey)
      .set({ suspendedAt: sql`${sql.placeholder("now")}` })
      .where(
        and(
          inArray(passkey.memberId, inListSlots()),
          isNull(passkey.suspendedAt),
          or(
            isNull(passkey.confirmedAt),
            and(
              eq(passkey.enrolmentProof, "password"),
              or(sql`${emailProvenAt} is null`, sql`${passkey.createdAt} > ${emailProvenAt}`),
            ),
          ),
        ),
      )
      .prepare();
  });
  const now = options.now.getTime();
  await forEachInListChunk(options.memberIds, async (slots) =>
    suspend.run(Object.assign(slots, { now })),
  );
}

/** The passkeys a forced reset suspended, for the member to review. */
export async function listSuspendedPasskeys(
  database: Database,
  memberId: number,
): Promise<Passkey[]> {
  return database
    .select()
    .from(passkey)
    .where(and(eq(passkey.memberId, memberId), isNotNull(passkey.suspendedAt)))
    .orderBy(passkey.createdAt, passkey.id);
}

/**
 * The member keeps a suspended passkey: it works again, confirmed by the proof the member gave
 * now (the reset's e-mail link, or a passkey that was never in doubt).
 */
export async function keepSuspendedPasskey(
  database: Database,
  options: { memberId: number; passkeyId: number; proof: "email" | "passkey"; now: Date },
): Promise<boolean> {
  const kept = await database
    .update(passkey)
    .set({ suspendedAt: null, confirmedAt: options.now, enrolmentProof: options.proof })
    .where(
      and(
        eq(passkey.id, options.passkeyId),
        eq(passkey.memberId, options.memberId),
        isNotNull(passkey.suspendedAt),
      ),
    )
    .returning({ id: passkey.id });
  return kept.length > 0;
}

/** Removes a suspended passkey: a suspended one is never the member's way in, so no last-key check. */
export async function removeSuspendedPasskey(
  database: Database,
  options: { memberId: number; passkeyId: number },
): Promise<boolean> {
  const removed = await database
    .delete(passkey)
    .where(
      and(
        eq(passkey.id, options.passkeyId),
        eq(passkey.memberId, options.memberId),
        isNotNull(passkey.suspendedAt),
      ),
    )
    .returning({ id: passkey.id });
  return removed.length > 0;
}

/** Removes every passkey of a member (a reset proving the address for the first time). */
export async function removeAllPasskeys(database: Database, memberId: number): Promise<number> {
  const removed = await database
    .delete(passkey)
    .where(eq(passkey.memberId, memberId))
    .returning({ id: passkey.id });
  return removed.length;
}

/**
 * What vouches for keeping a suspended passkey from a session: the member followed an e-mailed
 * link (the reset) after the suspension, or just proved themselves with a passkey in good
 * standing. Null when neither: a password alone is what the suspension doubts.
 */
export function proofForKeeping(
  owner: Pick<Member, "emailProvenAt">,
  suspended: Pick<Passkey, "suspendedAt">,
  options: { provenWithPasskey: boolean },
): "email" | "passkey" | null {
  if (
    owner.emailProvenAt &&
    suspended.suspendedAt &&
    owner.emailProvenAt >= suspended.suspendedAt
  ) {
    return "email";
  }
  return options.provenWithPasskey ? "passkey" : null;
}

/** What the member sees of a suspended passkey to recognise it. */
export function toSuspendedPasskeyView(
  stored: Passkey,
  describeDevice: (userAgent: string | null) => string | null,
): { id: number; name: string; createdAt: Date; device: string | null; ipAddress: string | null } {
  return {
    id: stored.id,
    name: stored.name,
    createdAt: stored.createdAt,
    device: describeDevice(stored.enrolledUserAgent),
    ipAddress: stored.enrolledIpAddress,
  };
}
