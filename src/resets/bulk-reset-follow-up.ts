import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { bulkResetFollowUp, member } from "../db/schema";
import type { BulkResetJob } from "./bulk-reset-jobs";

/**
 * Where each member a bulk reset reached stands, in the order an incident is followed to its
 * end. A member is in every state they reached ("delivered" members were also "e-mailed");
 * "pending" is everyone who has neither set a new password nor added a passkey yet.
 */
export const followUpStates = [
  "emailed",
  "delivered",
  "bounced",
  "linkOpened",
  "passwordSet",
  "passkeyAdded",
  "pending",
] as const;
export type FollowUpState = (typeof followUpStates)[number];

export interface FollowedMember {
  memberId: number;
  loginId: string;
  email: string;
  emailedAt: Date | null;
  deliveredAt: Date | null;
  bounced: boolean;
  linkOpenedAt: Date | null;
  passwordSetAt: Date | null;
  passkeyAddedAt: Date | null;
}

const at = (value: number | null): Date | null => (value === null ? null : new Date(value));

/**
 * Every member the job reset, with what happened since. The outbox is grouped once per job
 * (SQLite materialises the grouped subquery and indexes it for the join) rather than probed per
 * member, since it has no index by member; passkeys the same way, for one plan.
 */
export async function listFollowedMembers(
  database: Database,
  job: Pick<BulkResetJob, "id" | "startedAt">,
): Promise<FollowedMember[]> {
  const since = job.startedAt?.getTime() ?? 0;
  const rows = await database.all<{
    memberId: number;
    loginId: string;
    email: string;
    emailedAt: number | null;
    deliveredAt: number | null;
    bounced: number | null;
    linkOpenedAt: number | null;
    passwordChangedAt: number | null;
    passkeyAddedAt: number | null;
  }>(sql`
    select m.id as memberId, m.login_id as loginId, m.email as email,
      mail.emailed_at as emailedAt, mail.delivered_at as deliveredAt, mail.bounced as bounced,
      f.link_opened_at as linkOpenedAt, m.password_changed_at as passwordChangedAt,
      keys.added_at as passkeyAddedAt
    from (select distinct member_id from bulk_reset_item
          where job_id = ${job.id} and outcome = 'reset') reached
    join member m on m.id = reached.member_id
    left join (select member_id, min(created_at) as emailed_at, min(sent_at) as delivered_at,
                 max(status = 'failed') as bounced
               from outbox_message
               where kind = 'forced-reset' and created_at >= ${since} and member_id is not null
               group by member_id) mail on mail.member_id = m.id
    left join (select member_id, min(created_at) as added_at from passkey
               where created_at >= ${since} group by member_id) keys on keys.member_id = m.id
    left join bulk_reset_follow_up f on f.job_id = ${job.id} and f.member_id = m.id
    order by m.login_id`);
  return rows.map((row) => ({
    memberId: row.memberId,
    loginId: row.loginId,
    email: row.email,
    emailedAt: at(row.emailedAt),
    deliveredAt: at(row.deliveredAt),
    bounced: row.bounced === 1,
    linkOpenedAt: at(row.linkOpenedAt),
    passwordSetAt:
      // Strictly after: the password the member had when the job started is not a new one.
      row.passwordChangedAt !== null && row.passwordChangedAt > since
        ? new Date(row.passwordChangedAt)
        : null,
    passkeyAddedAt: at(row.passkeyAddedAt),
  }));
}

export function isInState(followed: FollowedMember, state: FollowUpState): boolean {
  switch (state) {
    case "emailed":
      return followed.emailedAt !== null;
    case "delivered":
      return followed.deliveredAt !== null;
    case "bounced":
      return followed.bounced;
    case "linkOpened":
      return followed.linkOpenedAt !== null;
    case "passwordSet":
      return followed.passwordSetAt !== null;
    case "passkeyAdded":
      return followed.passkeyAddedAt !== null;
    case "pending":
      return followed.passwordSetAt === null && followed.passkeyAddedAt === null;
  }
}

export function countByState(members: FollowedMember[]): Record<FollowUpState, number> {
  const counts = Object.fromEntries(followUpStates.map((state) => [state, 0])) as Record<
    FollowUpState,
    number
  >;
  for (const followed of members)
    for (const state of followUpStates) if (isInState(followed, state)) counts[state]++;
  return counts;
}

/** The moments the chart follows: when each member reached each timed state. */
const timedStates = {
  emailed: (followed: FollowedMember) => followed.emailedAt,
  delivered: (followed: FollowedMember) => followed.deliveredAt,
  linkOpened: (followed: FollowedMember) => followed.linkOpenedAt,
  passwordSet: (followed: FollowedMember) => followed.passwordSetAt,
  passkeyAdded: (followed: FollowedMember) => followed.passkeyAddedAt,
};
export type TimedState = keyof typeof timedStates;

export interface FollowUpSeries {
  times: Date[];
  cumulative: Record<TimedState, number[]>;
}

/** How many members had reached each state by each of `points` moments from start to `until`. */
export function buildFollowUpSeries(
  members: FollowedMember[],
  options: { from: Date; until: Date; points: number },
): FollowUpSeries {
  const start = options.from.getTime();
  const span = Math.max(60_000, options.until.getTime() - start);
  const times = Array.from(
    { length: options.points },
    (_, index) => new Date(start + (span * index) / (options.points - 1)),
  );
  const cumulative = {} as Record<TimedState, number[]>;
  for (const [state, momentOf] of Object.entries(timedStates) as [
    TimedState,
    (followed: FollowedMember) => Date | null,
  ][]) {
    const moments = members
      .map(momentOf)
      .filter((moment): moment is Date => moment !== null)
      .map((moment) => moment.getTime())
      .sort((a, b) => a - b);
    let reached = 0;
    cumulative[state] = times.map((time) => {
      while (reached < moments.length && (moments[reached] as number) <= time.getTime()) reached++;
      return reached;
    });
  }
  return { times, cumulative };
}

/**
 * Notes that a member opened the reset link a job sent them (the form was shown; GET uses
 * nothing). Mail scanners that fetch links count too: "opened" means the link was fetched.
 */
export async function recordResetLinkOpened(
  database: Database,
  options: { memberId: number; now: Date },
): Promise<void> {
  const [owner] = await database
    .select({ jobId: member.resetJobId })
    .from(member)
    .where(eq(member.id, options.memberId))
    .limit(1);
  if (!owner?.jobId) return;
  await database
    .insert(bulkResetFollowUp)
    .values({ jobId: owner.jobId, memberId: options.memberId, linkOpenedAt: options.now })
    .onConflictDoUpdate({
      target: [bulkResetFollowUp.jobId, bulkResetFollowUp.memberId],
      set: {
        linkOpenedAt: sql`coalesce(${bulkResetFollowUp.linkOpenedAt}, excluded.link_opened_at)`,
      },
      where: and(sql`${bulkResetFollowUp.linkOpenedAt} is null`),
    });
}
