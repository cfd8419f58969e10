import { and, asc, count, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { reusePreparedStatement } from "../db/prepared";
import { member, passkey } from "../db/schema";
import { revokeTokensAfterCredentialChange } from "../tokens/credential-change";

// Queries await the builder (never SQLite's synchronous .get/.all) so they port to PostgreSQL.

export type Passkey = typeof passkey.$inferSelect;
export type NewPasskey = typeof passkey.$inferInsert;

/** The stored transport hints as the list WebAuthn options carry. */
export function splitTransports(transports: string): string[] {
  return transports === "" ? [] : transports.split(",");
}

export async function listMemberPasskeys(database: Database, memberId: number): Promise<Passkey[]> {
  return database
    .select()
    .from(passkey)
    .where(eq(passkey.memberId, memberId))
    .orderBy(asc(passkey.createdAt), asc(passkey.id));
}

export async function countMemberPasskeys(database: Database, memberId: number): Promise<number> {
  // The account page asks on every render: one statement built once.
  const countPasskeys = reusePreparedStatement(database, "passkey.count-of-member", () =>
    database
      .select({ total: count() })
      .from(passkey)
      .where(eq(passkey.memberId, sql.placeholder("memberId")))
      .prepare(),
  );
  const row = await countPasskeys.get({ memberId });
  return row?.total ?? 0;
}

/** Passkeys that can sign in now: confirmed and not suspended (see trust.ts). */
export async function countUsablePasskeys(database: Database, memberId: number): Promise<number> {
  const [row] = await database
    .select({ total: count() })
    .from(passkey)
    .where(
      and(
        eq(passkey.memberId, memberId),
        isNotNull(passkey.confirmedAt),
        isNull(passkey.suspendedAt),
      ),
    );
  return row?.total ?? 0;
}

export async function findPasskeyByCredentialId(
  database: Database,
  credentialId: Buffer,
): Promise<Passkey | undefined> {
  const [row] = await database
    .select()
    .from(passkey)
    .where(eq(passkey.credentialId, credentialId))
    .limit(1);
  return row;
}

/** Inserts a passkey, or answers undefined when the credential ID is already registered. */
export async function insertPasskey(
  database: Database,
  values: NewPasskey,
): Promise<Passkey | undefined> {
  const [row] = await database.insert(passkey).values(values).onConflictDoNothing().returning();
  return row;
}

/**
 * Records a sign-in with a passkey. The counter must grow unless the authenticator never counts
 * (0 before and now); the condition sits in the UPDATE itself, so of two racing assertions
 * carrying the same counter only one gets through (WebAuthn L3 s6.1.1).
 */
export async function recordPasskeyUse(
  database: Database,
  passkeyId: number,
  use: { counter: number; backedUp: boolean; deviceType: Passkey["deviceType"]; usedAt: Date },
): Promise<boolean> {
  const counterAdvances =
    use.counter === 0 ? eq(passkey.counter, 0) : lt(passkey.counter, use.counter);
  const updated = await database
    .update(passkey)
    .set({
      counter: use.counter,
      backedUp: use.backedUp,
      deviceType: use.deviceType,
      lastUsedAt: use.usedAt,
    })
    .where(and(eq(passkey.id, passkeyId), counterAdvances))
    .returning({ id: passkey.id });
  return updated.length > 0;
}

export async function renamePasskey(
  database: Database,
  options: { memberId: number; passkeyId: number; name: string },
): Promise<boolean> {
  const updated = await database
    .update(passkey)
    .set({ name: options.name })
    .where(and(eq(passkey.id, options.passkeyId), eq(passkey.memberId, options.memberId)))
    .returning({ id: passkey.id });
  return updated.length > 0;
}

/**
 * Deletes a member's passkey unless it is their last way to sign in: they keep a password or
 * another passkey. One statement decides, so two deletions (or a deletion and a password
 * removal) racing each other cannot leave the member with nothing. Removing a credential is a
 * credential change: the member's outstanding reset links go with it. Call in a transaction.
 */
export async function deletePasskey(
  database: Database,
  options: { memberId: number; passkeyId: number; now: Date },
): Promise<"deleted" | "last-sign-in-method" | "not-found"> {
  const hasPassword = sql`exists (select 1 from ${member} where ${member.id} = ${options.memberId} and ${isNotNull(member.passwordHash)})`;
  // Only a passkey that can sign in counts as another way in (not one waiting or suspended).
  const hasAnotherPasskey = sql`(select count(*) from ${passkey} where ${passkey.memberId} = ${options.memberId} and ${passkey.id} <> ${options.passkeyId} and ${isNotNull(passkey.confirmedAt)} and ${isNull(passkey.suspendedAt)}) > 0`;
  const deleted = await database
    .delete(passkey)
    .where(
      and(
        eq(passkey.id, options.passkeyId),
        eq(passkey.memberId, options.memberId),
        or(hasPassword, hasAnotherPasskey),
      ),
    )
    .returning({ id: passkey.id });
  if (deleted.length > 0) {
    await revokeTokensAfterCredentialChange(database, {
      memberId: options.memberId,
      now: options.now,
    });
    return "deleted";
  }
  const [exists] = await database
    .select({ id: passkey.id })
    .from(passkey)
    .where(and(eq(passkey.id, options.passkeyId), eq(passkey.memberId, options.memberId)));
  return exists ? "last-sign-in-method" : "not-found";
}
