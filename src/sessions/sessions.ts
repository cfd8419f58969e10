import { and, count, desc, eq, gt, lt, ne, sql } from "drizzle-orm";
import type { Member } from "../accounts/members";
import type { Database } from "../db/connection";
import { reusePreparedStatement } from "../db/prepared";
import { member, session } from "../db/schema";
import type { Clock, Deps } from "../deps";
import { endOidcSessionsOfMember } from "../oidc/member-sign-out";
import { generateSplitToken, parseSplitToken, verifySecret } from "../tokens/split-token";
import { recordMemberEvent } from "../webhooks/events";

export type Session = typeof session.$inferSelect;

/** How a member proved who they are; only a passkey ceremony may claim "passkey". */
export type AuthenticationMethod = "password" | "passkey";

export interface SessionTimeouts {
  idleTimeoutInMinutes: number;
  absoluteTimeoutInHours: number;
}

// Writing last-seen on every request would turn each page view into a write.
const lastSeenResolutionInMilliseconds = 60_000;

/** A fresh token at every sign-in, so a token planted before sign-in is worthless (no fixation). */
export async function createSession(
  deps: Pick<Deps, "database" | "clock" | "config">,
  options: {
    memberId: number;
    ipAddress: string | null;
    userAgent: string | null;
    /** "password" unless a passkey ceremony signed the member in. */
    method?: AuthenticationMethod;
  },
): Promise<{ token: string; session: Session }> {
  const token = generateSplitToken();
  const now = deps.clock.now();
  const [created] = await deps.database
    .insert(session)
    .values({
      id: token.id,
      memberId: options.memberId,
      secretHash: token.secretHash,
      createdAt: now,
      lastSeenAt: now,
      authenticatedAt: now,
      passkeyAuthenticatedAt: options.method === "passkey" ? now : null,
      expiresAt: new Date(now.getTime() + deps.config.sessionAbsoluteTimeoutInHours * 3_600_000),
      ipAddress: options.ipAddress,
      // Enough to recognise a device; a hostile client should not fill the table.
      userAgent: options.userAgent?.slice(0, 512) ?? null,
    })
    .returning();
  if (!created) throw new Error("session insert returned no row");
  return { token: token.value, session: created };
}

export async function validateSessionToken(
  deps: Pick<Deps, "database" | "clock" | "config">,
  tokenValue: string | undefined,
): Promise<{ session: Session; member: Member } | null> {
  const token = parseSplitToken(tokenValue);
  if (!token) return null;
  // Every signed-in request runs this: one statement built once, not a query per request.
  const findSession = reusePreparedStatement(deps.database, "session.find-with-member", () =>
    deps.database
      .select({ session, member })
      .from(session)
      .innerJoin(member, eq(member.id, session.memberId))
      .where(eq(session.id, sql.placeholder("id")))
      .limit(1)
      .prepare(),
  );
  const row = await findSession.get({ id: token.id });
  if (!row || !verifySecret(token.secret, row.session.secretHash)) return null;
  // Deactivation deletes the member's sessions; this also covers one created in the same instant.
  if (row.member.deactivatedAt) return null;

  const now = deps.clock.now().getTime();
  const idleLimit =
    row.session.lastSeenAt.getTime() + deps.config.sessionIdleTimeoutInMinutes * 60_000;
  if (now >= row.session.expiresAt.getTime() || now >= idleLimit) {
    await invalidateSession(deps.database, row.session.id);
    return null;
  }
  if (now - row.session.lastSeenAt.getTime() >= lastSeenResolutionInMilliseconds) {
    row.session.lastSeenAt = new Date(now);
    const touchSession = reusePreparedStatement(deps.database, "session.touch", () =>
      deps.database
        .update(session)
        // A raw placeholder takes the column's stored form: milliseconds (timestamp_ms).
        .set({ lastSeenAt: sql`${sql.placeholder("lastSeenAtInMilliseconds")}` })
        .where(eq(session.id, sql.placeholder("id")))
        .prepare(),
    );
    await touchSession.run({ lastSeenAtInMilliseconds: now, id: row.session.id });
  }
  return row;
}

export async function invalidateSession(database: Database, sessionId: string): Promise<void> {
  await database.delete(session).where(eq(session.id, sessionId));
}

/** Why a member's sessions ended, as the `member.sessions_revoked` webhook says it. */
export type SessionRevocationReason =
  | "member-request"
  | "password-changed"
  | "password-reset"
  | "administrator"
  | "unrecognised-sign-in"
  | "passkey-disowned"
  | "email-changed"
  | "email-change-undone"
  | "forced-reset"
  | "breached-password";

/**
 * Signs a member out everywhere, or everywhere but the session they are using, and records the
 * `member.sessions_revoked` event in the same transaction (the caller's, when it has one).
 * The member's OpenID Connect sessions and grants end too, with a back-channel logout to each
 * service: no service may keep the member signed in after any of these security events. The
 * event goes out even when rekey held no session: the service's own sessions may still be open.
 */
export async function invalidateMemberSessions(
  database: Database,
  memberId: number,
  options: { clock: Clock; reason: SessionRevocationReason; exceptSessionId?: string },
): Promise<number> {
  const condition = options.exceptSessionId
    ? and(eq(session.memberId, memberId), ne(session.id, options.exceptSessionId))
    : eq(session.memberId, memberId);
  const removed = await database.delete(session).where(condition).returning({ id: session.id });
  await recordMemberEvent(database, options.clock, {
    type: "member.sessions_revoked",
    memberId,
    facts: {
      reason: options.reason,
      scope: options.exceptSessionId ? "other-sessions" : "all-sessions",
    },
  });
  await endOidcSessionsOfMember(database, memberId);
  return removed.length;
}

export async function invalidateMemberSession(
  database: Database,
  memberId: number,
  sessionId: string,
): Promise<boolean> {
  const removed = await database
    .delete(session)
    .where(and(eq(session.id, sessionId), eq(session.memberId, memberId)))
    .returning({ id: session.id });
  return removed.length > 0;
}

export async function listMemberSessions(
  deps: Pick<Deps, "database" | "clock">,
  memberId: number,
): Promise<Session[]> {
  return deps.database
    .select()
    .from(session)
    .where(and(eq(session.memberId, memberId), gt(session.expiresAt, deps.clock.now())))
    .orderBy(desc(session.lastSeenAt));
}

/** Records a re-authentication, which sensitive pages require to be recent. */
export async function markSessionAuthenticated(
  deps: Pick<Deps, "database" | "clock">,
  sessionId: string,
  options: { method: AuthenticationMethod },
): Promise<void> {
  const now = deps.clock.now();
  await deps.database
    .update(session)
    .set(
      options.method === "passkey"
        ? { authenticatedAt: now, passkeyAuthenticatedAt: now }
        : { authenticatedAt: now },
    )
    .where(eq(session.id, sessionId));
}

/**
 * Whether the session's latest proof (of any kind, or with `method: "passkey"` of that kind)
 * is at most `maximumAgeInMinutes` old. A later password proof never refreshes a passkey one.
 */
export function isRecentlyAuthenticated(
  current: Session,
  now: Date,
  options: { maximumAgeInMinutes: number; method?: "passkey" },
): boolean {
  const provenAt =
    options.method === "passkey" ? current.passkeyAuthenticatedAt : current.authenticatedAt;
  return !!provenAt && now.getTime() - provenAt.getTime() <= options.maximumAgeInMinutes * 60_000;
}

export async function deleteExpiredSessions(
  deps: Pick<Deps, "database" | "clock">,
): Promise<number> {
  const removed = await deps.database
    .delete(session)
    .where(lt(session.expiresAt, deps.clock.now()))
    .returning({ id: session.id });
  return removed.length;
}

export async function countActiveSessions(deps: Pick<Deps, "database" | "clock">): Promise<number> {
  const [row] = await deps.database
    .select({ total: count() })
    .from(session)
    .where(gt(session.expiresAt, deps.clock.now()));
  return row?.total ?? 0;
}
