import { and, eq, sql } from "drizzle-orm";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log";
import type { Database } from "../db/connection";
import { bulkResetItem, bulkResetJob, member } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import type { BulkResetJob } from "./bulk-reset-jobs";
import { resolveTargets } from "./bulk-reset-targets";

export interface AdministratorSetApart {
  id: number;
  loginId: string;
  email: string;
}

/** The most administrators a dry run lists by name; a list holding more is not an incident list. */
const administratorsListedAtMost = 200;

/** The administrators a dry run set apart, each once, for the operator to tick in or leave out. */
export async function listAdministratorsSetApart(
  database: Database,
  jobId: number,
): Promise<AdministratorSetApart[]> {
  return database
    .selectDistinct({ id: member.id, loginId: member.loginId, email: member.email })
    .from(bulkResetItem)
    .innerJoin(member, eq(member.id, bulkResetItem.memberId))
    .where(and(eq(bulkResetItem.jobId, jobId), eq(bulkResetItem.outcome, "administrator")))
    .orderBy(member.loginId)
    .limit(administratorsListedAtMost);
}

/**
 * The member IDs of the administrators among `identifiers` (login IDs or addresses), for the API
 * and CLI, which name the administrators a list may reset instead of ticking them.
 */
export async function findAdministratorIds(
  database: Database,
  identifiers: readonly string[],
): Promise<number[]> {
  if (identifiers.length === 0) return [];
  const targets = await resolveTargets(database, [...identifiers], { changedSince: new Date(0) });
  return [...new Set([...targets.values()].filter((t) => t.role === "admin").map((t) => t.id))];
}

/** Whether the operator's own account was in the list (it is never reset by their own job). */
export async function listsOperatorOwnAccount(database: Database, jobId: number) {
  const [row] = await database
    .select({ position: bulkResetItem.position })
    .from(bulkResetItem)
    .where(and(eq(bulkResetItem.jobId, jobId), eq(bulkResetItem.outcome, "self")))
    .limit(1);
  return row !== undefined;
}

/**
 * The reset e-mails starting the dry run would send: one per member it would reset who has a
 * password (a passwordless member is only signed out), administrators ticked in included.
 */
export async function countEmailsToSend(
  database: Database,
  job: Pick<BulkResetJob, "id" | "notifyMembers">,
  includedAdministratorIds: readonly number[],
): Promise<number> {
  if (!job.notifyMembers) return 0;
  const included =
    includedAdministratorIds.length === 0
      ? sql`0`
      : sql`${bulkResetItem.outcome} = 'administrator' and ${bulkResetItem.memberId} in (${sql.join(
          includedAdministratorIds.map((id) => sql`${id}`),
          sql`, `,
        )})`;
  const [row] = await database
    .select({ emails: sql<number>`count(distinct ${bulkResetItem.memberId})` })
    .from(bulkResetItem)
    .innerJoin(member, eq(member.id, bulkResetItem.memberId))
    .where(
      and(
        eq(bulkResetItem.jobId, job.id),
        sql`(${bulkResetItem.outcome} = 'would-reset' or (${included}))`,
        sql`${member.passwordHash} is not null`,
      ),
    );
  return row?.emails ?? 0;
}

export type StartResult =
  | { kind: "started"; job: BulkResetJob }
  | { kind: "not-startable" }
  /** The count the operator confirmed is not the count now: they confirm again. */
  | { kind: "count-changed"; emails: number };

/**
 * Starts a finished dry run as the same job (issue 24: one job, not two): its list, options and
 * reason carry over, the dry run's figures are kept beside the live ones, and every item is
 * processed again against the accounts as they are now. The operator confirms the number of
 * e-mails; a count that no longer matches (ticks changed, a stale tab) starts nothing.
 */
export async function startBulkResetJob(
  deps: Pick<Deps, "database" | "clock">,
  jobId: number,
  options: {
    actor: Extract<AuditActor, { kind: "member" }>;
    includedAdministratorIds: number[];
    confirmedEmails: number;
  },
): Promise<StartResult> {
  return runInTransaction(deps.database, async (database) => {
    const [job] = await database
      .select()
      .from(bulkResetJob)
      .where(eq(bulkResetJob.id, jobId))
      .limit(1);
    if (!job?.dryRun || job.status !== "completed") return { kind: "not-startable" };
    // Only administrators this dry run set apart can be ticked in: a forged ID does nothing.
    const setApart = new Set((await listAdministratorsSetApart(database, jobId)).map((a) => a.id));
    const included = options.includedAdministratorIds.filter((id) => setApart.has(id));
    const emails = await countEmailsToSend(database, job, included);
    if (emails !== options.confirmedEmails) return { kind: "count-changed", emails };

    const dryRunFigures = {
      matched: job.matched,
      unknown: job.unknown,
      alreadyPending: job.alreadyPending,
      duplicates: job.duplicates,
      recentEmailChanges: job.recentEmailChanges,
      administratorsExcluded: job.administratorsExcluded,
      finishedAt: job.finishedAt?.getTime() ?? null,
    };
    const [started] = await database
      .update(bulkResetJob)
      .set({
        dryRun: false,
        status: "pending",
        dryRunFigures: JSON.stringify(dryRunFigures),
        includedAdministratorIds: JSON.stringify(included),
        startedByMemberId: options.actor.memberId,
        confirmedEmails: emails,
        processed: 0,
        matched: 0,
        unknown: 0,
        alreadyPending: 0,
        duplicates: 0,
        recentEmailChanges: 0,
        administratorsExcluded: 0,
        leaseOwner: null,
        leaseExpiresAt: null,
        startedAt: null,
        finishedAt: null,
      })
      .where(and(eq(bulkResetJob.id, jobId), eq(bulkResetJob.dryRun, true)))
      .returning();
    if (!started) return { kind: "not-startable" };
    // One statement over the job's index; the live run decides every item afresh.
    await database
      .update(bulkResetItem)
      .set({ outcome: "pending", memberId: null })
      .where(eq(bulkResetItem.jobId, jobId));
    await recordAuditEvent(database, deps.clock, {
      actor: options.actor,
      action: "bulk-reset.started",
      details: {
        jobId,
        identifiers: job.total,
        emails,
        includedAdministrators: included.length,
        reason: job.reason,
      },
    });
    return { kind: "started", job: started };
  });
}

/** The dry run's figures kept on a started job, or null for a job that never had one. */
export function readDryRunFigures(job: Pick<BulkResetJob, "dryRunFigures">): {
  matched: number;
  unknown: number;
  alreadyPending: number;
  duplicates: number;
  recentEmailChanges: number;
  administratorsExcluded: number;
} | null {
  return job.dryRunFigures ? JSON.parse(job.dryRunFigures) : null;
}
