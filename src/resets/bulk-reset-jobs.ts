import { and, asc, count, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log";
import type { Database } from "../db/connection";
import { bulkResetItem, bulkResetJob } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { storeIdentifiers, storeListInChunks } from "./bulk-reset-lists";

export type BulkResetJob = typeof bulkResetJob.$inferSelect;

export interface BulkResetRequest {
  identifiers: string[];
  reason: string;
  dryRun: boolean;
  revokeSessions: boolean;
  invalidatePassword: boolean;
  notifyMembers: boolean;
  source: BulkResetJob["source"];
  actor: AuditActor;
  /** The combo-list scan the list came from: the members' e-mail and reset page say so. */
  comboScanId?: number;
  /**
   * An operator's list sets administrators apart (bulk-reset-batch.ts) unless named here; a
   * reset the member or the system asked for (a list of one) leaves this out.
   */
  administrators?: { policy: "exclude-unlisted"; includedMemberIds: number[] };
}

/** The most a single job takes; larger incidents are split into several jobs. */
export const maximumIdentifiersPerJob = 1_000_000;

/**
 * Stores the job and its list; a worker processes it later in batches. The list goes in a chunk
 * per transaction (bulk-reset-lists.ts), so a million IDs never freeze the portal.
 */
export async function createBulkResetJob(
  deps: Pick<Deps, "database" | "clock">,
  request: BulkResetRequest,
  options: { identifiersPerTransaction?: number } = {},
): Promise<BulkResetJob> {
  if (request.identifiers.length > maximumIdentifiersPerJob)
    throw new TypeError("too many identifiers for one job");
  const job = await runInTransaction(deps.database, async (database) => {
    const [job] = await database
      .insert(bulkResetJob)
      .values({
        reason: request.reason,
        source: request.source,
        createdByMemberId: request.actor.kind === "member" ? request.actor.memberId : null,
        createdByApiKeyId: request.actor.kind === "api-key" ? request.actor.apiKeyId : null,
        dryRun: request.dryRun,
        revokeSessions: request.revokeSessions,
        invalidatePassword: request.invalidatePassword,
        notifyMembers: request.notifyMembers,
        administratorPolicy: request.administrators?.policy ?? "include",
        includedAdministratorIds: JSON.stringify(request.administrators?.includedMemberIds ?? []),
        status: "preparing",
        total: request.identifiers.length,
        comboScanId: request.comboScanId ?? null,
        createdAt: deps.clock.now(),
      })
      .returning();
    if (!job) throw new Error("job insert returned no row");
    await recordAuditEvent(database, deps.clock, {
      actor: request.actor,
      action: request.dryRun ? "bulk-reset.dry-run" : "bulk-reset.created",
      details: {
        jobId: job.id,
        identifiers: job.total,
        reason: job.reason,
        source: job.source,
        ...(job.comboScanId === null ? {} : { comboScanId: job.comboScanId }),
      },
    });
    return job;
  });
  await storeListInChunks(
    deps,
    job,
    (database, range) => storeIdentifiers(database, job.id, request.identifiers, range),
    options,
  );
  return { ...job, status: "pending" };
}

/**
 * Leases the oldest unfinished job (or the given one) to a worker. A lease that ran out, because
 * its worker died, can be taken over: the job resumes at its first unprocessed item.
 */
export async function claimBulkResetJob(
  database: Database,
  options: { workerId: string; now: Date; leaseInSeconds: number; jobId?: number },
): Promise<BulkResetJob | null> {
  const claimable = and(
    inArray(bulkResetJob.status, ["pending", "running"]),
    or(
      isNull(bulkResetJob.leaseExpiresAt),
      lt(bulkResetJob.leaseExpiresAt, options.now),
      eq(bulkResetJob.leaseOwner, options.workerId),
    ),
    options.jobId === undefined ? undefined : eq(bulkResetJob.id, options.jobId),
  );
  const next = database
    .select({ id: bulkResetJob.id })
    .from(bulkResetJob)
    .where(claimable)
    .orderBy(asc(bulkResetJob.id))
    .limit(1);
  const [job] = await database
    .update(bulkResetJob)
    .set({
      status: "running",
      leaseOwner: options.workerId,
      leaseExpiresAt: new Date(options.now.getTime() + options.leaseInSeconds * 1000),
      startedAt: sql`coalesce(${bulkResetJob.startedAt}, ${options.now.getTime()})`,
    })
    .where(and(inArray(bulkResetJob.id, next), claimable))
    .returning();
  return job ?? null;
}

/** Hands a job back at once (a graceful stop) instead of waiting for its lease to run out. */
export async function releaseBulkResetJob(
  database: Database,
  jobId: number,
  workerId: string,
): Promise<void> {
  await database
    .update(bulkResetJob)
    .set({ leaseOwner: null, leaseExpiresAt: null })
    .where(and(eq(bulkResetJob.id, jobId), eq(bulkResetJob.leaseOwner, workerId)));
}

export async function findBulkResetJob(
  database: Database,
  jobId: number,
): Promise<BulkResetJob | undefined> {
  const [job] = await database
    .select()
    .from(bulkResetJob)
    .where(eq(bulkResetJob.id, jobId))
    .limit(1);
  return job;
}

export async function listBulkResetJobs(
  database: Database,
  limit: number,
): Promise<BulkResetJob[]> {
  return database.select().from(bulkResetJob).orderBy(sql`${bulkResetJob.id} desc`).limit(limit);
}

/** One page of jobs, newest first, starting below `beforeId`; `more` says whether a next page exists. */
export async function listBulkResetJobPage(
  database: Database,
  options: { limit: number; beforeId: number | null },
): Promise<{ jobs: BulkResetJob[]; more: boolean }> {
  const rows = await database
    .select()
    .from(bulkResetJob)
    .where(options.beforeId === null ? undefined : lt(bulkResetJob.id, options.beforeId))
    .orderBy(desc(bulkResetJob.id))
    .limit(options.limit + 1);
  return { jobs: rows.slice(0, options.limit), more: rows.length > options.limit };
}

export async function countBulkResetJobsByStatus(
  database: Database,
): Promise<Record<BulkResetJob["status"], number>> {
  const rows = await database
    .select({ status: bulkResetJob.status, total: count() })
    .from(bulkResetJob)
    .where(eq(bulkResetJob.dryRun, false))
    .groupBy(bulkResetJob.status);
  const counts = { preparing: 0, pending: 0, running: 0, completed: 0 };
  for (const row of rows) counts[row.status] = row.total;
  return counts;
}

/** The identifiers of a job that matched no member, for the downloadable result. */
export async function listUnknownIdentifiers(database: Database, jobId: number): Promise<string[]> {
  const rows = await database
    .select({ identifier: bulkResetItem.identifier })
    .from(bulkResetItem)
    .where(and(eq(bulkResetItem.jobId, jobId), eq(bulkResetItem.outcome, "unknown")))
    .orderBy(asc(bulkResetItem.position));
  return rows.map((row) => row.identifier);
}
