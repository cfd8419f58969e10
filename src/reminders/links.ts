import { sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { reusePreparedStatement } from "../db/prepared";
import { oneTimeToken } from "../db/schema";
import type { TokenPurpose } from "../tokens/one-time-tokens";
import { generateSplitToken } from "../tokens/split-token";

/** "Remind me in 30 days", as the e-mail says. */
export const snoozeInDays = 30;
/** A snooze link is only worth having until the next reminder would come anyway. */
export const snoozeLinkLifetimeInDays = 30;
/**
 * An unsubscribe link outlives the 30 days that CAN-SPAM (15 U.S.C. 7704(a)(3)) asks of an
 * opt-out, so a member reading an old reminder can still stop the next one.
 */
export const unsubscribeLinkLifetimeInDays = 60;

const dayInMilliseconds = 86_400_000;

export interface ReminderLinks {
  snoozeUrl: string;
  unsubscribeUrl: string;
}

/** Identifies the cadence a snooze link belongs to: the password in place when it was sent. */
export function cycleKeyOf(passwordChangedAt: Date | null): string {
  return passwordChangedAt ? String(passwordChangedAt.getTime()) : "none";
}

/**
 * Issues the snooze and unsubscribe links of one reminder: split tokens of 128 + 256 random
 * bits, of which only a hash is stored, each good for one purpose and expiring. Runs once per
 * reminder sent, so it uses one prepared statement.
 */
export async function issueReminderLinks(
  database: Database,
  options: { origin: URL; now: Date; memberId: number; cycleKey: string },
): Promise<ReminderLinks> {
  const snooze = await insertLinkToken(database, options, {
    purpose: "reminder-snooze",
    lifetimeInDays: snoozeLinkLifetimeInDays,
    payload: options.cycleKey,
  });
  const unsubscribe = await insertLinkToken(database, options, {
    purpose: "reminder-unsubscribe",
    lifetimeInDays: unsubscribeLinkLifetimeInDays,
    payload: null,
  });
  return {
    snoozeUrl: new URL(`/reminders/snooze/${snooze}`, options.origin).href,
    unsubscribeUrl: new URL(`/reminders/unsubscribe/${unsubscribe}`, options.origin).href,
  };
}

/** Links in every reminder that carry no token: they lead to pages that need a sign-in. */
export function reminderPageUrls(origin: URL): { changePasswordUrl: string; passkeyUrl: string } {
  return {
    // The normal sign-in page: a link in an e-mail never signs anyone in.
    changePasswordUrl: new URL("/login?next=%2Faccount", origin).href,
    passkeyUrl: new URL("/account/passkeys", origin).href,
  };
}

async function insertLinkToken(
  database: Database,
  options: { now: Date; memberId: number },
  link: { purpose: TokenPurpose; lifetimeInDays: number; payload: string | null },
): Promise<string> {
  const insert = reusePreparedStatement(database, "one-time-token.insert-reminder-link", () =>
    database
      .insert(oneTimeToken)
      .values({
        id: sql.placeholder("id"),
        purpose: sql.placeholder("purpose"),
        memberId: sql.placeholder("memberId"),
        secretHash: sql.placeholder("secretHash"),
        payload: sql.placeholder("payload"),
        createdAt: sql.placeholder("createdAt"),
        expiresAt: sql.placeholder("expiresAt"),
      })
      .prepare(),
  );
  const token = generateSplitToken();
  await insert.run({
    id: token.id,
    purpose: link.purpose,
    memberId: options.memberId,
    secretHash: token.secretHash,
    payload: link.payload,
    createdAt: options.now,
    expiresAt: new Date(options.now.getTime() + link.lifetimeInDays * dayInMilliseconds),
  });
  return token.value;
}
