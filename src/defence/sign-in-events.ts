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

export type SignInEventRow = typeof signInEvent.$inferInsert;

/** Attempts turned away before any password check; written in batches (refusal-buffer.ts). */
export function isRefusal(result: SignInResult): boolean {
  return rejectedResults.includes(result);
}

// Prepared once per database: these run for every attempt, rejected ones included.
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
        attempts: placeholder("attempts"),
        successes: placeholder("successes"),
        rejected: placeholder("rejected"),
      })
      .onConflictDoUpdate({
        target: signInMinute.minute,
        set: {
          attempts: sql`${signInMinute.attempts} + ${placeholder("attempts")}`,
          successes: sql`${signInMinute.successes} + ${placeholder("successes")}`,
          rejected: sql`${signInMinute.rejected} + ${placeholder("rejected")}`,
        },
      })
      .returning()
      .prepare(),
  };
}
const recordingStatements = new WeakMap<Database, ReturnType<typeof prepareRecording>>();

function recordingStatementsOf(database: Database) {
  let statements = recordingStatements.get(database);
  if (!statements) {
    statements = prepareRecording(database);
    recordingStatements.set(database, statements);
  }
  return statements;
}

/** The log row of an attempt: addresses normalised, the user agent capped. */
export function describeSignInEvent(attempt: SignInAttempt, occurredAt: Date): SignInEventRow {
  const ipAddress = attempt.ipAddress ? normalizeIpAddress(attempt.ipAddress) : null;
  return {
    occurredAt,
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
  };
}

/** Appends rows to the log. Callers batch them in a transaction (see refusal-buffer.ts). */
export async function insertSignInEvents(
  database: Database,
  rows: readonly SignInEventRow[],
): Promise<void> {
  const { insertEvent } = recordingStatementsOf(database);
  for (const row of rows) await insertEvent.execute(row);
}

/** Adds to a minute's counts and answers the minute's totals so far. */
export async function countSignInMinute(
  database: Database,
  counts: MinuteCounts,
): Promise<MinuteCounts> {
  const [totals] = await recordingStatementsOf(database).countInMinute.execute({ ...counts });
  if (!totals) throw new Error("minute upsert returned no row");
  return totals;
}

/**
 * Logs one attempt and counts it in its minute. An attempt that reached a password check is
 * written at once (after the refusals waiting before it, so the log stays in order); a refusal
 * joins the next batch, whose counts the buffer reports itself. Answers the minute's counts
 * after a checked attempt, which the caller compares with the spike threshold without another
 * query.
 */
export async function recordSignInAttempt(
  deps: Pick<Deps, "database" | "clock" | "refusalBuffer" | "metrics">,
  attempt: SignInAttempt,
): Promise<MinuteCounts | null> {
  // Counted where every sign-in is recorded, whatever the method, so the metric and the
  // sign-in log cannot disagree.
  deps.metrics.signInAttempts.inc({ method: attempt.method, result: attempt.result });
  const row = describeSignInEvent(attempt, deps.clock.now());
  if (isRefusal(attempt.result)) {
    if (deps.refusalBuffer.addEvent(row)) await deps.refusalBuffer.flush();
    return null;
  }
  await deps.refusalBuffer.flush();
  await insertSignInEvents(deps.database, [row]);
  return countSignInMinute(deps.database, {
    minute: minuteOf(row.occurredAt),
    attempts: 1,
    successes: attempt.result === "success" ? 1 : 0,
    rejected: 0,
  });
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
