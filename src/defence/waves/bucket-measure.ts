import { and, desc, eq, gte, inArray, isNull, lt, ne, not, or, sql } from "drizzle-orm";
import type { Database } from "../../db/connection";
import { reusePreparedStatement } from "../../db/prepared";
import { signInEvent, waveBucket, waveSuspectSignIn } from "../../db/schema";
import { runInTransaction } from "../../db/transaction";
import type { SignInMethod, SignInResult } from "../sign-in-events";

/** Five minutes: short enough to detect within fifteen, long enough to hold a few hundred attempts. */
export const bucketInMinutes = 5;

export type WaveBucketCounts = Omit<typeof waveBucket.$inferSelect, "duringWave">;

/**
 * Primary sign-ins only, password and passkey alike: re-authentication confirms a session that
 * already exists, and a reset link is no guess at a password.
 */
const primaryMethods: SignInMethod[] = ["password", "passkey"];
const refusals: SignInResult[] = ["throttled", "blocked", "challenge-failed"];
/** A member's "usual hours" are known once this many earlier successes are logged. */
const habitMinimumSuccesses = 3;
const habitSuccessesRead = 20;
/** Further than this from every earlier success's time of day counts as an unusual hour. */
const usualHourToleranceInMinutes = 60;
/**
 * A success with no failure on the member from the same address in this window before it came
 * at the first try. A member who mistypes retries from where they are; a list holding several
 * passwords for one ID tries them from different addresses.
 */
const firstTryWindowInMilliseconds = 30 * 60_000;

const at = (name: string) => sql.placeholder(name);

function statementsOf(database: Database) {
  return reusePreparedStatement(database, "wave-bucket-measure", () => ({
    bucketEvents: database
      .select()
      .from(signInEvent)
      .where(
        and(
          gte(signInEvent.occurredAt, at("from")),
          lt(signInEvent.occurredAt, at("to")),
          inArray(signInEvent.method, primaryMethods),
          not(inArray(signInEvent.result, refusals)),
        ),
      )
      .prepare(),
    // (ip_bytes, occurred_at) index: one seek per distinct address of the bucket. A success
    // that itself matched a wave's pattern does not make its address known: a wave's address
    // stays unfamiliar after its first hit.
    addressSucceededBefore: database
      .select({ id: signInEvent.id })
      .from(signInEvent)
      .where(
        and(
          eq(signInEvent.ipBytes, at("ipBytes")),
          lt(signInEvent.occurredAt, at("before")),
          eq(signInEvent.result, "success"),
          sql`not exists (select 1 from ${waveSuspectSignIn} where ${waveSuspectSignIn.eventId} = ${signInEvent.id})`,
        ),
      )
      .limit(1)
      .prepare(),
    // (member_id, occurred_at) index for the three member questions below.
    memberSuccessTimes: database
      .select({ occurredAt: signInEvent.occurredAt })
      .from(signInEvent)
      .where(
        and(
          eq(signInEvent.memberId, at("memberId")),
          lt(signInEvent.occurredAt, at("before")),
          eq(signInEvent.result, "success"),
        ),
      )
      .orderBy(desc(signInEvent.occurredAt))
      .limit(habitSuccessesRead)
      .prepare(),
    memberKnowsUserAgent: database
      .select({ id: signInEvent.id })
      .from(signInEvent)
      .where(
        and(
          eq(signInEvent.memberId, at("memberId")),
          lt(signInEvent.id, at("beforeId")),
          eq(signInEvent.result, "success"),
          or(
            eq(signInEvent.userAgent, at("userAgent")),
            and(isNull(signInEvent.userAgent), sql`${at("userAgent")} is null`),
          ),
        ),
      )
      .limit(1)
      .prepare(),
    memberFailedRecently: database
      .select({ id: signInEvent.id })
      .from(signInEvent)
      .where(
        and(
          eq(signInEvent.memberId, at("memberId")),
          gte(signInEvent.occurredAt, at("since")),
          lt(signInEvent.id, at("beforeId")),
          eq(signInEvent.ipBytes, at("ipBytes")),
          ne(signInEvent.result, "success"),
          inArray(signInEvent.method, primaryMethods),
        ),
      )
      .limit(1)
      .prepare(),
  }));
}

type Event = typeof signInEvent.$inferSelect;

/** The /16 of an IPv4 address or the /32 of an IPv6 one: how spread out the address space is. */
export function coarseNetworkOf(ipBytes: Buffer | null): string {
  if (ipBytes?.length !== 16) return "none";
  const mapped = ipBytes.subarray(0, 12).equals(ipv4MappedPrefix);
  return mapped ? `4:${ipBytes[12]}.${ipBytes[13]}` : `6:${ipBytes.subarray(0, 4).toString("hex")}`;
}
const ipv4MappedPrefix = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]);

function minuteOfDay(date: Date): number {
  return Math.floor(date.getTime() / 60_000) % 1440;
}

function isUsualHour(time: Date, earlier: readonly Date[]): boolean {
  const minute = minuteOfDay(time);
  return earlier.some((success) => {
    const distance = Math.abs(minuteOfDay(success) - minute);
    return Math.min(distance, 1440 - distance) <= usualHourToleranceInMinutes;
  });
}

/**
 * Measures one bucket from the event log and stores its counts and the successes that match
 * a wave's pattern. Every lookup is an index seek bounded by the bucket's own events, so a
 * bucket costs a few queries per attempt whatever the size of the log.
 */
export async function measureWaveBucket(
  database: Database,
  startMinute: number,
): Promise<WaveBucketCounts> {
  const statements = statementsOf(database);
  const from = new Date(startMinute * 60_000);
  const to = new Date((startMinute + bucketInMinutes) * 60_000);
  // Placeholders bind raw values: times as milliseconds, as the columns store them.
  const events = (await statements.bucketEvents.execute({
    from: from.getTime(),
    to: to.getTime(),
  })) as Event[];
  const counts: WaveBucketCounts = {
    startMinute,
    attempts: events.length,
    unknownIds: 0,
    freshAddressSingleTries: 0,
    newDeviceSuccesses: 0,
    newDeviceFirstTrySuccesses: 0,
    habitualAttempts: 0,
    offHourAttempts: 0,
    distinctUserAgents: new Set(events.map((event) => event.userAgent ?? "")).size,
    distinctNetworks: new Set(events.map((event) => coarseNetworkOf(event.ipBytes))).size,
    resetRequired: 0,
  };
  const addresses = await judgeAddresses(statements, events, from);
  const successTimes = new Map<number, Date[]>();
  const suspects: Suspect[] = [];
  for (const event of events) {
    if (event.result === "unknown-id") counts.unknownIds++;
    if (event.result === "reset-required") counts.resetRequired++;
    const fresh = addresses.isFresh(event);
    if (fresh && addresses.isSingleTry(event)) counts.freshAddressSingleTries++;
    if (event.memberId === null) continue;
    let earlier = successTimes.get(event.memberId);
    if (!earlier) {
      const rows = await statements.memberSuccessTimes.execute({
        memberId: event.memberId,
        before: from.getTime(),
      });
      earlier = rows.map((row) => row.occurredAt);
      successTimes.set(event.memberId, earlier);
    }
    if (earlier.length >= habitMinimumSuccesses) {
      counts.habitualAttempts++;
      if (!isUsualHour(event.occurredAt, earlier)) counts.offHourAttempts++;
    }
    if (event.result !== "success") continue;
    const device = await judgeSuccessDevice(statements, { ...event, memberId: event.memberId });
    if (device === "known") continue;
    counts.newDeviceSuccesses++;
    if (device === "new-after-failure") continue;
    counts.newDeviceFirstTrySuccesses++;
    if (fresh) {
      suspects.push({ eventId: event.id, memberId: event.memberId, occurredAt: event.occurredAt });
    }
  }
  await storeBucket(database, counts, suspects);
  return counts;
}

type Statements = ReturnType<typeof statementsOf>;
type Suspect = { eventId: number; memberId: number; occurredAt: Date };

/**
 * Which of the bucket's addresses no sign-in had succeeded from before it (one seek per
 * address), and which address-and-ID pairs were tried only once in the bucket.
 */
async function judgeAddresses(statements: Statements, events: readonly Event[], from: Date) {
  const fresh = new Map<string, boolean>();
  const tries = new Map<string, number>();
  const addressKey = (event: Event) => event.ipBytes?.toString("hex") ?? "";
  const pairKey = (event: Event) =>
    `${addressKey(event)}/${event.identifierHash?.toString("hex") ?? `m${event.memberId}`}`;
  for (const event of events) {
    if (event.ipBytes && !fresh.has(addressKey(event))) {
      const [known] = await statements.addressSucceededBefore.execute({
        ipBytes: event.ipBytes,
        before: from.getTime(),
      });
      fresh.set(addressKey(event), !known);
    }
    tries.set(pairKey(event), (tries.get(pairKey(event)) ?? 0) + 1);
  }
  return {
    isFresh: (event: Event) => fresh.get(addressKey(event)) === true,
    isSingleTry: (event: Event) => tries.get(pairKey(event)) === 1,
  };
}

/** A success's device: one the member signed in with before, or new (at the first try or not). */
async function judgeSuccessDevice(
  statements: Statements,
  event: Event & { memberId: number },
): Promise<"known" | "new-first-try" | "new-after-failure"> {
  const [knownAgent] = await statements.memberKnowsUserAgent.execute({
    memberId: event.memberId,
    beforeId: event.id,
    userAgent: event.userAgent,
  });
  if (knownAgent) return "known";
  const [failedBefore] = await statements.memberFailedRecently.execute({
    memberId: event.memberId,
    since: event.occurredAt.getTime() - firstTryWindowInMilliseconds,
    beforeId: event.id,
    ipBytes: event.ipBytes,
  });
  return failedBefore ? "new-after-failure" : "new-first-try";
}

async function storeBucket(
  database: Database,
  counts: WaveBucketCounts,
  suspects: Suspect[],
): Promise<void> {
  await runInTransaction(database, async (transaction) => {
    await transaction
      .insert(waveBucket)
      .values(counts)
      .onConflictDoUpdate({ target: waveBucket.startMinute, set: counts });
    if (suspects.length > 0) {
      await transaction.insert(waveSuspectSignIn).values(suspects).onConflictDoNothing();
    }
  });
}
