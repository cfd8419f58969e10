import { and, count, desc, eq, gte, lt, max, sql } from "drizzle-orm";
import { member, signInEvent, waveSuspectSignIn } from "../../db/schema";
import type { Deps } from "../../deps";
import { bucketInMinutes } from "./bucket-measure";

export interface WaveMember {
  memberId: number;
  loginId: string;
  email: string;
  /** Successful sign-ins matching the wave's pattern inside its window. */
  suspectSignIns: number;
  lastSuspectSignInAt: Date;
  /**
   * The most distinct IDs any of those sign-ins' addresses tried in the window: a combo list
   * tries several from each address, a member on a new phone one.
   */
  identifiersFromAddress: number;
}

/** Members listed at most; the bulk reset takes the same list. */
export const maximumWaveMembers = 100_000;

/** The window a wave's members are looked for in: onset to its end (or now), bucket-aligned. */
export function waveWindowOf(
  wave: { onsetAt: Date; lastSeenAt: Date; endedAt: Date | null },
  now: Date,
): { from: Date; to: Date } {
  const end = wave.endedAt ?? now;
  // One bucket either side: the onset is estimated to a bucket.
  return {
    from: new Date(wave.onsetAt.getTime() - bucketInMinutes * 60_000),
    to: new Date(Math.max(end.getTime(), wave.lastSeenAt.getTime()) + bucketInMinutes * 60_000),
  };
}

/**
 * Members with a successful sign-in matching the wave's pattern (an address nothing had
 * succeeded from, a user agent new to the member, the first try) inside the window: the
 * accounts whose password the wave's list held. Those whose address tried most IDs first.
 */
export async function listWaveMembers(
  deps: Pick<Deps, "database">,
  window: { from: Date; to: Date },
): Promise<WaveMember[]> {
  const lastAt = max(waveSuspectSignIn.occurredAt);
  // One (ip_bytes, occurred_at) index range per listed sign-in.
  const identifiersFromAddress = sql<number>`max((select count(distinct coalesce(hex(tried.identifier_hash), 'member:' || tried.member_id))
    from sign_in_event tried where tried.ip_bytes = ${signInEvent.ipBytes}
    and tried.occurred_at >= ${window.from.getTime()} and tried.occurred_at < ${window.to.getTime()}))`;
  const rows = await deps.database
    .select({
      memberId: member.id,
      loginId: member.loginId,
      email: member.email,
      suspectSignIns: count(),
      lastSuspectSignInAt: lastAt,
      identifiersFromAddress,
    })
    .from(waveSuspectSignIn)
    .innerJoin(member, eq(member.id, waveSuspectSignIn.memberId))
    .innerJoin(signInEvent, eq(signInEvent.id, waveSuspectSignIn.eventId))
    .where(
      and(
        gte(waveSuspectSignIn.occurredAt, window.from),
        lt(waveSuspectSignIn.occurredAt, window.to),
      ),
    )
    .groupBy(member.id)
    .orderBy(desc(identifiersFromAddress), desc(lastAt))
    .limit(maximumWaveMembers);
  return rows.map((row) => ({
    ...row,
    lastSuspectSignInAt: new Date(row.lastSuspectSignInAt ?? 0),
    identifiersFromAddress: Number(row.identifiersFromAddress ?? 0),
  }));
}

/**
 * Distinct IDs tried in the window from addresses no sign-in had succeeded from before it:
 * how far the wave reached, members' own addresses left out. One index seek per attempt. A
 * passkey attempt names no typed ID; its member stands for it.
 */
export async function countIdentifiersTouched(
  deps: Pick<Deps, "database">,
  window: { from: Date; to: Date },
): Promise<number> {
  const from = window.from.getTime();
  const [row] = await deps.database
    .select({
      touched: sql<number>`count(distinct coalesce(hex(${signInEvent.identifierHash}), 'member:' || ${signInEvent.memberId}))`,
    })
    .from(signInEvent)
    .where(
      and(
        gte(signInEvent.occurredAt, window.from),
        lt(signInEvent.occurredAt, window.to),
        sql`${signInEvent.method} in ('password', 'passkey')`,
        sql`not exists (select 1 from sign_in_event known where known.ip_bytes = ${signInEvent.ipBytes}
          and known.occurred_at < ${from} and known.result = 'success')`,
      ),
    );
  return row?.touched ?? 0;
}
