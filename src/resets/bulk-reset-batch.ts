import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { classifySignInIdentifier } from "../accounts/identifiers";
import type { Database } from "../db/connection";
import { reusePreparedStatement } from "../db/prepared";
import { bulkResetItem, bulkResetJob, member, session } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import type { BulkResetJob } from "./bulk-reset-jobs";
import { findMembersWithPendingForcedReset, issueResetLinks } from "./reset-links";

type Outcome = "reset" | "would-reset" | "unknown" | "already-pending" | "duplicate";
type Target = Pick<typeof member.$inferSelect, "id" | "loginId" | "email" | "language"> & {
  hasPassword: boolean;
};

/**
 * Processes the next batch of a job in one transaction: every effect of an item (reset state,
 * sessions revoked, link issued, e-mail queued) lands together with the item's outcome. A job
 * interrupted between batches therefore resumes with each ID processed exactly once.
 */
export async function processBulkResetBatch(
  deps: Pick<Deps, "database" | "clock" | "config">,
  job: BulkResetJob,
  options: { batchSize: number; leaseInSeconds: number },
): Promise<{ processed: number; finished: boolean }> {
  return runInTransaction(deps.database, async (database) => {
    const items = await database
      .select()
      .from(bulkResetItem)
      .where(and(eq(bulkResetItem.jobId, job.id), eq(bulkResetItem.outcome, "pending")))
      .orderBy(asc(bulkResetItem.position))
      .limit(options.batchSize);
    const now = deps.clock.now();
    if (items.length === 0) {
      await database
        .update(bulkResetJob)
        .set({ status: "completed", finishedAt: now, leaseOwner: null, leaseExpiresAt: null })
        .where(eq(bulkResetJob.id, job.id));
      return { processed: 0, finished: true };
    }

    const targets = await resolveTargets(
      database,
      items.map((item) => item.identifier),
    );
    const candidates = [...new Set([...targets.values()].map((target) => target.id))];
    const alreadyInJob = await membersAlreadyHandled(database, job.id, candidates);
    const pending = await findMembersWithPendingForcedReset(database, now, candidates);

    const outcomes: { position: number; memberId: number | null; outcome: Outcome }[] = [];
    const toReset: Target[] = [];
    for (const item of items) {
      const target = targets.get(item.identifier);
      let outcome: Outcome;
      if (!target) outcome = "unknown";
      else if (alreadyInJob.has(target.id)) outcome = "duplicate";
      else if (pending.has(target.id)) outcome = "already-pending";
      else {
        outcome = job.dryRun ? "would-reset" : "reset";
        alreadyInJob.add(target.id);
        toReset.push(target);
      }
      outcomes.push({ position: item.position, memberId: target?.id ?? null, outcome });
    }

    if (!job.dryRun && toReset.length > 0) await applyResets(database, deps, job, toReset);
    await recordOutcomes(database, job.id, outcomes);
    const count = (wanted: Outcome[]) =>
      outcomes.filter((entry) => wanted.includes(entry.outcome)).length;
    await database
      .update(bulkResetJob)
      .set({
        processed: sql`${bulkResetJob.processed} + ${items.length}`,
        matched: sql`${bulkResetJob.matched} + ${count(["reset", "would-reset"])}`,
        unknown: sql`${bulkResetJob.unknown} + ${count(["unknown"])}`,
        alreadyPending: sql`${bulkResetJob.alreadyPending} + ${count(["already-pending"])}`,
        duplicates: sql`${bulkResetJob.duplicates} + ${count(["duplicate"])}`,
        leaseExpiresAt: new Date(now.getTime() + options.leaseInSeconds * 1000),
      })
      .where(eq(bulkResetJob.id, job.id));
    return { processed: items.length, finished: false };
  });
}

async function applyResets(
  database: Database,
  deps: Pick<Deps, "clock" | "config">,
  job: BulkResetJob,
  targets: Target[],
) {
  // A passwordless member has nothing to reset: signing them out is the whole response.
  const withPassword = targets.filter((target) => target.hasPassword);
  const ids = withPassword.map((target) => target.id);
  if (job.invalidatePassword && ids.length > 0) {
    await database
      .update(member)
      .set({ resetRequiredAt: deps.clock.now(), resetReason: job.reason, resetJobId: job.id })
      .where(inArray(member.id, ids));
  }
  if (job.revokeSessions) {
    await database.delete(session).where(
      inArray(
        session.memberId,
        targets.map((target) => target.id),
      ),
    );
  }
  await issueResetLinks(database, deps, withPassword, {
    kind: "forced",
    notify: job.notifyMembers,
  });
}

/** Maps each listed login ID or e-mail address to its member, with one query per kind. */
async function resolveTargets(
  database: Database,
  identifiers: string[],
): Promise<Map<string, Target>> {
  const loginIds = new Map<string, string[]>();
  const emails = new Map<string, string[]>();
  for (const identifier of identifiers) {
    const classified = classifySignInIdentifier(identifier);
    if (!classified) continue;
    const [index, key] =
      classified.kind === "email" ? [emails, classified.email] : [loginIds, classified.loginId];
    index.set(key, [...(index.get(key) ?? []), identifier]);
  }
  const columns = {
    id: member.id,
    loginId: member.loginId,
    email: member.email,
    language: member.language,
    hasPassword: sql<boolean>`${member.passwordHash} is not null`.mapWith(Boolean),
  };
  const resolved = new Map<string, Target>();
  if (loginIds.size > 0) {
    for (const row of await database
      .select(columns)
      .from(member)
      .where(inArray(member.loginId, [...loginIds.keys()]))) {
      for (const identifier of loginIds.get(row.loginId) ?? []) resolved.set(identifier, row);
    }
  }
  if (emails.size > 0) {
    for (const row of await database
      .select(columns)
      .from(member)
      .where(inArray(member.email, [...emails.keys()]))) {
      for (const identifier of emails.get(row.email) ?? []) resolved.set(identifier, row);
    }
  }
  return resolved;
}

async function membersAlreadyHandled(
  database: Database,
  jobId: number,
  memberIds: number[],
): Promise<Set<number>> {
  if (memberIds.length === 0) return new Set();
  const rows = await database
    .select({ memberId: bulkResetItem.memberId })
    .from(bulkResetItem)
    .where(
      and(
        eq(bulkResetItem.jobId, jobId),
        inArray(bulkResetItem.outcome, ["reset", "would-reset"]),
        inArray(bulkResetItem.memberId, memberIds),
      ),
    );
  return new Set(rows.map((row) => row.memberId as number));
}

async function recordOutcomes(
  database: Database,
  jobId: number,
  outcomes: { position: number; memberId: number | null; outcome: Outcome }[],
) {
  const update = reusePreparedStatement(database, "bulk-reset-item.outcome", () =>
    database
      .update(bulkResetItem)
      .set({
        outcome: sql`${sql.placeholder("outcome")}`,
        memberId: sql`${sql.placeholder("memberId")}`,
      })
      .where(
        and(
          eq(bulkResetItem.jobId, sql.placeholder("jobId")),
          eq(bulkResetItem.position, sql.placeholder("position")),
        ),
      )
      .prepare(),
  );
  for (const entry of outcomes) await update.run({ jobId, ...entry });
}
