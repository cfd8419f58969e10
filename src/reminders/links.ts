import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { reusePreparedStatement } from "../db/prepared";
import { reminderLink } from "../db/schema";
import { generateSecret, verifySecret } from "../tokens/split-token";

/** "Remind me in 30 days", as the e-mail says. */
export const snoozeInDays = 30;
/** A snooze link is only worth having until the next reminder would come anyway. */
export const snoozeLinkLifetimeInDays = 30;
/**
 * An unsubscribe link outlives the 30 days that CAN-SPAM (15 U.S.C. 7704(a)(3)) asks of an
 * opt-out, so a member reading an old reminder can still stop the next one.
 */
export const unsubscribeLinkLifetimeInDays = 60;

export type ReminderLinkPurpose = "snooze" | "unsubscribe";
export type ReminderLink = typeof reminderLink.$inferSelect;

const dayInMilliseconds = 86_400_000;
const tokenPattern = /^([1-9][0-9]{0,14})\.([A-Za-z0-9_-]{43})$/;

/**
 * Issues the two links of one reminder in one appended row: a 256-bit secret each, stored only
 * as a SHA-256 hash, so the snooze link cannot unsubscribe and the other way round. Runs once
 * per reminder sent, with one prepared statement.
 */
export async function issueReminderLinks(
  database: Database,
  options: { origin: URL; now: Date; memberId: number; cycleStartedAt: Date | null },
): Promise<{ snoozeUrl: string; unsubscribeUrl: string }> {
  const insert = reusePreparedStatement(database, "reminder-link.insert", () =>
    database
      .insert(reminderLink)
      .values({
        memberId: sql.placeholder("memberId"),
        snoozeSecretHash: sql.placeholder("snoozeSecretHash"),
        unsubscribeSecretHash: sql.placeholder("unsubscribeSecretHash"),
        cycleStartedAt: sql`${sql.placeholder("cycleStartedAt")}`,
        createdAt: sql.placeholder("createdAt"),
      })
      .returning({ id: reminderLink.id })
      .prepare(),
  );
  const snooze = generateSecret();
  const unsubscribe = generateSecret();
  const [row] = await insert.all({
    memberId: options.memberId,
    snoozeSecretHash: snooze.secretHash,
    unsubscribeSecretHash: unsubscribe.secretHash,
    cycleStartedAt: options.cycleStartedAt?.getTime() ?? null,
    createdAt: options.now,
  });
  if (!row) throw new Error("the reminder link insert returned no row");
  return {
    snoozeUrl: new URL(`/reminders/snooze/${row.id}.${snooze.secret}`, options.origin).href,
    unsubscribeUrl: new URL(
      `/reminders/unsubscribe/${row.id}.${unsubscribe.secret}`,
      options.origin,
    ).href,
  };
}

/** Links in every reminder that carry no secret: they lead to pages that need a sign-in. */
export function reminderPageUrls(origin: URL): { changePasswordUrl: string; passkeyUrl: string } {
  return {
    // The normal sign-in page: a link in an e-mail never signs anyone in.
    changePasswordUrl: new URL("/login?next=%2Faccount", origin).href,
    passkeyUrl: new URL("/account/passkeys", origin).href,
  };
}

/**
 * The link a token opens, if it is well-formed, its secret matches the hash for this purpose
 * (compared in constant time), it has not expired and, for a snooze, it is unused.
 */
export async function findUsableReminderLink(
  database: Database,
  options: { token: string | undefined; purpose: ReminderLinkPurpose; now: Date },
): Promise<ReminderLink | null> {
  const match = tokenPattern.exec(options.token ?? "");
  if (!match) return null;
  const [row] = await database
    .select()
    .from(reminderLink)
    .where(eq(reminderLink.id, Number(match[1])))
    .limit(1);
  if (!row) return null;
  const snooze = options.purpose === "snooze";
  const hash = snooze ? row.snoozeSecretHash : row.unsubscribeSecretHash;
  const lifetimeInDays = snooze ? snoozeLinkLifetimeInDays : unsubscribeLinkLifetimeInDays;
  if (!verifySecret(match[2] as string, hash)) return null;
  if (row.createdAt.getTime() + lifetimeInDays * dayInMilliseconds <= options.now.getTime())
    return null;
  if (snooze && row.snoozedAt !== null) return null;
  return row;
}

/** Spends a snooze link; the conditional update lets only one of two concurrent uses through. */
export async function markSnoozeLinkUsed(
  database: Database,
  linkId: number,
  now: Date,
): Promise<boolean> {
  const used = await database
    .update(reminderLink)
    .set({ snoozedAt: now })
    .where(and(eq(reminderLink.id, linkId), isNull(reminderLink.snoozedAt)))
    .returning({ id: reminderLink.id });
  return used.length === 1;
}

/** Housekeeping: links past the longest lifetime can no longer be used. */
export async function deleteExpiredReminderLinks(database: Database, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - unsubscribeLinkLifetimeInDays * dayInMilliseconds);
  await database.delete(reminderLink).where(lt(reminderLink.createdAt, cutoff));
}
