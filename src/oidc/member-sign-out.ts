import { and, inArray, isNotNull, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { oidcBackchannelLogout, oidcClient, oidcStoredObject } from "../db/schema";

/** Well under SQLite's 32,766 bound parameters, like src/db/prepared.ts. */
const membersPerStatement = 500;

/** Time from the database, so every instance queues with one clock. */
const databaseNow = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

interface StoredSession {
  accountId?: string;
  authorizations?: Record<string, unknown>;
}
interface StoredGrant {
  accountId?: string;
  clientId?: string;
}

/**
 * Ends everything the members hold at the OpenID Connect provider (sessions, grants, codes,
 * access and refresh tokens), and queues a back-channel logout to every client they are signed
 * in to, in the caller's transaction. Called wherever rekey ends a member's sessions: sign out
 * everywhere, a forced reset (one member or a bulk batch), "this wasn't me", every new password.
 * A logout token carries only `sub`: rekey ended all of the member's sessions, so the client
 * ends all of theirs (OpenID Connect Back-Channel Logout 1.0 s2.4).
 */
export async function endOidcSessionsOfMembers(
  database: Database,
  memberIds: readonly number[],
): Promise<void> {
  if (memberIds.length === 0) return;
  const clientsWithLogout = new Set(
    (
      await database
        .select({ id: oidcClient.id })
        .from(oidcClient)
        .where(isNotNull(oidcClient.backchannelLogoutUri))
    ).map((row) => row.id),
  );
  for (let start = 0; start < memberIds.length; start += membersPerStatement) {
    const chunk = memberIds.slice(start, start + membersPerStatement);
    const held = await database
      .select({ kind: oidcStoredObject.kind, payload: oidcStoredObject.payload })
      .from(oidcStoredObject)
      .where(
        and(
          inArray(oidcStoredObject.memberId, [...chunk]),
          inArray(oidcStoredObject.kind, ["Session", "Grant"]),
        ),
      );
    const logouts = new Map<string, { clientId: string; subject: string }>();
    for (const row of held) {
      const payload = JSON.parse(row.payload) as StoredSession & StoredGrant;
      if (!payload.accountId) continue;
      const clientIds =
        row.kind === "Session"
          ? Object.keys(payload.authorizations ?? {})
          : payload.clientId
            ? [payload.clientId]
            : [];
      for (const clientId of clientIds) {
        if (!clientsWithLogout.has(clientId)) continue;
        logouts.set(`${clientId} ${payload.accountId}`, { clientId, subject: payload.accountId });
      }
    }
    if (logouts.size > 0) {
      await database.insert(oidcBackchannelLogout).values(
        [...logouts.values()].map((logout) => ({
          ...logout,
          createdAt: databaseNow as unknown as Date,
          nextAttemptAt: databaseNow as unknown as Date,
        })),
      );
    }
    await database.delete(oidcStoredObject).where(inArray(oidcStoredObject.memberId, [...chunk]));
  }
}

/** The same for one member (most callers). */
export async function endOidcSessionsOfMember(database: Database, memberId: number): Promise<void> {
  await endOidcSessionsOfMembers(database, [memberId]);
}
