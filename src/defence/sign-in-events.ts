import { and, desc, eq, inArray, lt, ne, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { signInEvent, signInMinute } from "../db/schema";
import type { Deps } from "../deps";
import type { SignInIdentifier } from "./account-keys";
import { ipAddressToBytes, networkPrefixOf, normalizeIpAddress } from "./ip-address";

export type SignInEvent = typeof signInEvent.$inferSelect;
export type SignInResult = SignInEvent["result"];
export type SignInMethod = SignInEvent["method"];

const rejectedResults: readonly SignInResult[] = ["throttled", "blocked", "challenge-failed"];

export interface SignInAttempt {
  method: SignInMethod;
  result: SignInResult;
  memberId: number | null;
  identifier: SignInIdentifier | null;
  ipAddress: string | null;
  userAgent: string | null;
}

export interface MinuteCounts {
  minute: number;
  attempts: number;
  successes: number;
  rejected: number;
}

export function minuteOf(date: Date): number {
  return Math.floor(date.getTime() / 60_000);
}

const placeholder = (name: string) => sql.placeholder(name);

// Prepared once per database: these two run for every attempt, rejected ones included.
function prepareRecording(database: Database) {
  return {
    insertEvent: database
      .insert(signInEvent)
      .values({
        occurredAt: placeholder("occurredAt"),
        method: placeholder("method"),
        result: placeholder("result"),
        memberId: placeholder("memberId"),
        identifierKind: placeholder("identifierKind"),
        identifierHash: placeholder("identifierHash"),
        ipAddress: placeholder("ipAddress"),
        ipBytes: placeholder("ipBytes"),
        networkPrefix: placeholder("networkPrefix"),
        userAgent: placeholder("userAgent"),
      })
      .prepare(),
    countInMinute: database
      .insert(signInMinute)
      .values({
        minute: placeholder("minute"),
        attempts: 1,
        successes: placeholder("success"),
        rejected: placeholder("rejected"),
      })
      .onConflictDoUpdate({
        target: signInMinute.minute,
        set: {
          attempts: sql`${signInMinute.attempts} + 1`,
          successes: sql`${signInMinute.successes} + ${placeholder("success")}`,
          rejected: sql`${signInMinute.rejected} + ${placeholder("rejected")}`,
        },
      })
      .returning()
      .prepare(),
  };
}
const recordingStatements = new WeakMap<Database, ReturnType<typeof prepareRecording>>();

/**
 * Appends one attempt to the log and counts it in its minute. Answers the minute's counts so
 * far, which the caller compares with the spike threshold without another query.
 */
export async function recordSignInAttempt(
  deps: Pick<Deps, "database" | "clock">,
  attempt: SignInAttempt,
): Promise<MinuteCounts> {
  let statements = recordingStatements.get(deps.database);
  if (!statements) {
    statements = prepareRecording(deps.database);
    recordingStatements.set(deps.database, statements);
  }
  const now = deps.clock.now();
  const ipAddress = attempt.ipAddress ? normalizeIpAddress(attempt.ipAddress) : null;
  await statements.insertEvent.execute({
    occurredAt: now,
    method: attempt.method,
    result: attempt.result,
    memberId: attempt.memberId,
    identifierKind: attempt.identifier?.kind ?? "other",
    identifierHash: attempt.identifier?.hash ?? null,
    ipAddress,
    ipBytes: ipAddress ? ipAddressToBytes(ipAddress) : null,
    networkPrefix: ipAddress ? networkPrefixOf(ipAddress) : null,
    // Enough to recognise a device; a hostile client should not fill the table.
    userAgent: attempt.userAgent?.slice(0, 512) ?? null,
  });
  const [counts] = await statements.countInMinute.execute({
    minute: minuteOf(now),
    success: attempt.result === "success" ? 1 : 0,
    rejected: rejectedResults.includes(attempt.result) ? 1 : 0,
  });
  if (!counts) throw new Error("minute upsert returned no row");
  return counts;
}

/** The member's own recent attempts, newest first, for /account/activity. */
export async function listMemberSignInEvents(
  deps: Pick<Deps, "database">,
  memberId: number,
  limit: number,
): Promise<SignInEvent[]> {
  return deps.database
    .select()
    .from(signInEvent)
    .where(eq(signInEvent.memberId, memberId))
    .orderBy(desc(signInEvent.occurredAt), desc(signInEvent.id))
    .limit(limit);
}

/** What a successful sign-in had in common with the member's earlier ones. */
export async function findFamiliarity(
  deps: Pick<Deps, "database">,
  options: {
    memberId: number;
    exceptEventId?: number;
    networkPrefix: string | null;
    userAgent: string | null;
  },
): Promise<{ hasHistory: boolean; knownNetwork: boolean; knownUserAgent: boolean }> {
  const earlierSuccess = and(
    eq(signInEvent.memberId, options.memberId),
    eq(signInEvent.result, "success"),
    options.exceptEventId === undefined ? undefined : ne(signInEvent.id, options.exceptEventId),
  );
  const [row] = await deps.database
    .select({
      total: sql<number>`count(*)`,
      sameNetwork: sql<number>`coalesce(sum(${signInEvent.networkPrefix} = ${options.networkPrefix ?? ""}), 0)`,
      sameAgent: sql<number>`coalesce(sum(${signInEvent.userAgent} = ${options.userAgent?.slice(0, 512) ?? ""}), 0)`,
    })
    .from(signInEvent)
    .where(earlierSuccess);
  return {
    hasHistory: (row?.total ?? 0) > 0,
    knownNetwork: (row?.sameNetwork ?? 0) > 0,
    knownUserAgent: (row?.sameAgent ?? 0) > 0,
  };
}

/** Retention: events and minute counts older than REKEY_SIGN_IN_LOG_DAYS are deleted. */
export async function deleteOldSignInEvents(
  deps: Pick<Deps, "database" | "clock" | "settings">,
): Promise<void> {
  const { signInLogRetentionInDays } = (await deps.settings.current()).defence;
  const cutoff = new Date(deps.clock.now().getTime() - signInLogRetentionInDays * 86_400_000);
  // In batches, so a large backlog never holds the write lock for long.
  for (;;) {
    const batch = deps.database
      .select({ id: signInEvent.id })
      .from(signInEvent)
      .where(lt(signInEvent.occurredAt, cutoff))
      .limit(5000);
    const removed = await deps.database
      .delete(signInEvent)
      .where(inArray(signInEvent.id, batch))
      .returning({ id: signInEvent.id });
    if (removed.length < 5000) break;
  }
  await deps.database.delete(signInMinute).where(lt(signInMinute.minute, minuteOf(cutoff)));
}
