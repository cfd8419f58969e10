import { eq, type SQL, sql } from "drizzle-orm";
import type { Config } from "../config";
import type { Database } from "../db/connection";
import { emailChange, member } from "../db/schema";
import type { Deps } from "../deps";
import { queueEmail } from "../mail/outbox";
import { issueOneTimeToken } from "../tokens/one-time-tokens";
import type { Member } from "./members";

/** The previous address's undo link lives at least a week (the issue's floor), longer with the window. */
export function undoLifetimeInDays(config: Pick<Config, "emailChangeWindowInDays">): number {
  return Math.max(7, config.emailChangeWindowInDays);
}

/** Changes at or after this moment are recent: a forced reset then writes to the address before them. */
export function recentEmailChangeCutoff(
  config: Pick<Config, "emailChangeWindowInDays">,
  now: Date,
): Date {
  return new Date(now.getTime() - config.emailChangeWindowInDays * 86_400_000);
}

/**
 * For a query over `member`: the address the member had before the earliest change since
 * `changedSince` that was not undone, or null when there is none (or it is the current address
 * again). The earliest, not the latest: an attacker who moves the address twice must not make
 * their own first address "the previous one". A correlated subquery on an index, so a bulk
 * reset still resolves a whole batch in one statement.
 */
export function previousEmailBeforeChangesSince(changedSince: SQL): SQL<string | null> {
  // Qualified by hand: drizzle leaves column names bare in a single-table select, and a bare
  // "id" inside the subquery would mean email_change.id.
  return sql<string | null>`nullif((select recent.previous_email from email_change as recent
    where recent.member_id = "member"."id" and recent.undone_at is null
      and recent.changed_at >= ${changedSince}
    order by recent.changed_at asc, recent.id asc limit 1), "member"."email")`;
}

/** One member's `previousEmailBeforeChangesSince`, for a forced reset outside the bulk engine. */
export async function findPreviousEmailBeforeRecentChange(
  deps: Pick<Deps, "database" | "clock" | "config">,
  memberId: number,
): Promise<string | null> {
  const since = recentEmailChangeCutoff(deps.config, deps.clock.now()).getTime();
  const [row] = await deps.database
    .select({ previousEmail: previousEmailBeforeChangesSince(sql`${since}`) })
    .from(member)
    .where(eq(member.id, memberId))
    .limit(1);
  return row?.previousEmail ?? null;
}

/**
 * Records a change that just landed and sends the previous address its undo link. Call it in
 * the change's transaction. The undo link is not a credential-granting purpose: a password or
 * address change the attacker makes afterwards must not withdraw it.
 */
export async function recordEmailChange(
  database: Database,
  deps: Pick<Deps, "clock" | "config">,
  owner: Pick<Member, "id" | "loginId" | "email" | "language">,
  options: { newEmail: string },
): Promise<void> {
  const now = deps.clock.now();
  const [change] = await database
    .insert(emailChange)
    .values({
      memberId: owner.id,
      previousEmail: owner.email,
      newEmail: options.newEmail,
      changedAt: now,
    })
    .returning({ id: emailChange.id });
  if (!change) throw new Error("email_change insert returned no row");
  const expiresInDays = undoLifetimeInDays(deps.config);
  const token = await issueOneTimeToken(
    { database, clock: deps.clock },
    {
      purpose: "email-change-undo",
      memberId: owner.id,
      expiresInSeconds: expiresInDays * 86_400,
      payload: String(change.id),
    },
  );
  await queueEmail(database, deps.clock, {
    idempotencyKey: `email-change-undo:${token.id}`,
    memberId: owner.id,
    recipient: owner.email,
    language: owner.language ?? "en",
    template: {
      kind: "email-change-undo",
      loginId: owner.loginId,
      newAddress: options.newEmail,
      undoUrl: new URL(`/email-change/undo/${token.value}`, deps.config.origin).href,
      expiresInDays,
    },
  });
}
