import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { recentEmailChangeCutoff } from "../accounts/email-change-history";
import type { Database } from "../db/connection";
import { forEachInListChunk, inListSlots, reusePreparedStatement } from "../db/prepared";
import { bulkResetItem, bulkResetJob, member, session } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { endOidcSessionsOfMembers } from "../oidc/member-sign-out";
import { revokeTokensAfterCredentialChanges } from "../tokens/credential-change";
import { recordMemberEvents } from "../webhooks/events";
import type { BulkResetJob } from "./bulk-reset-jobs";
import { addToJobCounts, type Entry, type Outcome, recordOutcomes } from "./bulk-reset-outcomes";
import {
  type BulkResetTarget,
  findMembersHandledByJob,
  resolveTargets,
} from "./bulk-reset-targets";
import { startForcedResets } from "./forced-reset";
import { findMembersWithPendingForcedReset } from "./reset-links";

// Raw placeholders take timestamps as milliseconds, as in reminders/plan-store.ts.
const placeholder = (name: string) => sql`${sql.placeholder(name)}`;

/** What a batch did: processed items, found none left, or found its job leased to another worker. */
export type BatchResult =
  | { status: "processed"; processed: number }
  | { status: "finished" | "lease-lost" };

/**
 * Processes the next batch of a job in one transaction: every effect of an item (reset state,
 * sessions revoked, link issued, e-mail queued) lands together with the item's outcome. A job
 * interrupted between batches therefore resumes with each ID processed exactly once. The batch
 * first renews the worker's lease, so a worker whose lease ran out and was taken over (it
 * stalled) stops instead of processing alongside the new owner.
 */
export async function processBulkResetBatch(
  deps: Pick<Deps, "database" | "clock" | "config">,
  job: BulkResetJob,
  options: { batchSize: number; leaseInSeconds: number },
): Promise<BatchResult> {
  return runInTransaction(deps.database, async (database) => {
    const now = deps.clock.now();
    const leaseExpiresAt = new Date(now.getTime() + options.leaseInSeconds * 1000);
    if (!(await renewLease(database, job, leaseExpiresAt))) return { status: "lease-lost" };
    const items = await selectPendingItems(database).all({
      jobId: job.id,
      limit: options.batchSize,
    });
    if (items.length === 0) {
      await database
        .update(bulkResetJob)
        .set({ status: "completed", finishedAt: now, leaseOwner: null, leaseExpiresAt: null })
        .where(eq(bulkResetJob.id, job.id));
      return { status: "finished" };
    }

    const targets = await resolveTargets(
      database,
      items.map((item) => item.identifier),
      { changedSince: recentEmailChangeCutoff(deps.config, now) },
    );
    const candidates = [...new Set([...targets.values()].map((target) => target.id))];
    const alreadyInJob = await findMembersHandledByJob(database, job.id, candidates);
    const pending = await findMembersWithPendingForcedReset(database, now, candidates);

    const entries: Entry[] = [];
    const toReset: BulkResetTarget[] = [];
    const setApart = administratorsSetApartBy(job);
    for (const item of items) {
      const target = targets.get(item.identifier);
      const apart = target ? setApart(target) : null;
      let outcome: Outcome;
      if (!target) outcome = "unknown";
      else if (apart) outcome = apart;
      else if (alreadyInJob.has(target.id)) outcome = "duplicate";
      else if (pending.has(target.id)) outcome = "already-pending";
      else {
        outcome = job.dryRun ? "would-reset" : "reset";
        alreadyInJob.add(target.id);
        toReset.push(target);
      }
      const matched = outcome === "reset" || outcome === "would-reset";
      const recentEmailChange = matched && !!target?.previousEmail;
      entries.push({
        position: item.position,
        memberId: target?.id ?? null,
        outcome,
        recentEmailChange,
      });
    }

    if (!job.dryRun && toReset.length > 0) await applyResets(database, deps, job, toReset);
    await recordOutcomes(database, job.id, entries);
    await addToJobCounts(database, job.id, entries);
    return { status: "processed", processed: items.length };
  });
}

/**
 * An operator's list never resets the operator who created or started it, and resets an
 * administrator only when they were ticked in after the dry run: a list pasted from a leak may
 * well hold the console's own accounts, and locking every administrator out mid-incident leaves
 * nobody to follow it through.
 */
function administratorsSetApartBy(
  job: BulkResetJob,
): (target: BulkResetTarget) => "administrator" | "self" | null {
  if (job.administratorPolicy !== "exclude-unlisted") return () => null;
  const included = new Set(JSON.parse(job.includedAdministratorIds) as number[]);
  const operators = new Set([job.createdByMemberId, job.startedByMemberId]);
  return (target) => {
    if (operators.has(target.id)) return "self";
    if (target.role === "admin" && !included.has(target.id)) return "administrator";
    return null;
  };
}

async function renewLease(database: Database, job: BulkResetJob, leaseExpiresAt: Date) {
  const renew = reusePreparedStatement(database, "bulk-reset-job.renew-lease", () =>
    database
      .update(bulkResetJob)
      .set({ leaseExpiresAt: placeholder("leaseExpiresAt") })
      .where(
        and(
          eq(bulkResetJob.id, sql.placeholder("jobId")),
          eq(bulkResetJob.leaseOwner, sql.placeholder("workerId")),
        ),
      )
      .prepare(),
  );
  const result = await renew.run({
    jobId: job.id,
    workerId: job.leaseOwner,
    leaseExpiresAt: leaseExpiresAt.getTime(),
  });
  return result.changes === 1;
}

function selectPendingItems(database: Database) {
  return reusePreparedStatement(database, "bulk-reset-item.pending", () =>
    database
      .select({ position: bulkResetItem.position, identifier: bulkResetItem.identifier })
      .from(bulkResetItem)
      .where(
        and(
          eq(bulkResetItem.jobId, sql.placeholder("jobId")),
          eq(bulkResetItem.outcome, "pending"),
        ),
      )
      .orderBy(asc(bulkResetItem.position))
      .limit(sql.placeholder("limit"))
      .prepare(),
  );
}

async function applyResets(
  database: Database,
  deps: Pick<Deps, "clock" | "config">,
  job: BulkResetJob,
  targets: BulkResetTarget[],
) {
  // A passwordless member has nothing to reset: signing them out is the whole response.
  const withPassword = targets.filter((target) => target.hasPassword);
  if (job.invalidatePassword) {
    const markResetRequired = reusePreparedStatement(database, "member.mark-reset-required", () =>
      database
        .update(member)
        .set({
          resetRequiredAt: placeholder("now"),
          resetReason: placeholder("reason"),
          resetJobId: placeholder("jobId"),
        })
        .where(inArray(member.id, inListSlots()))
        .prepare(),
    );
    const values = { now: deps.clock.now().getTime(), reason: job.reason, jobId: job.id };
    await forEachInListChunk(
      withPassword.map((target) => target.id),
      async (slots) => markResetRequired.run(Object.assign(slots, values)),
    );
  }
  if (job.revokeSessions) {
    const revokeSessions = reusePreparedStatement(database, "session.revoke-members", () =>
      database.delete(session).where(inArray(session.memberId, inListSlots())).prepare(),
    );
    await forEachInListChunk(
      targets.map((target) => target.id),
      async (slots) => revokeSessions.run(slots),
    );
    await recordMemberEvents(database, deps.clock, {
      type: "member.sessions_revoked",
      memberIds: targets.map((target) => target.id),
      facts: { reason: "forced-reset", scope: "all-sessions", jobId: job.id },
    });
  } else if (job.invalidatePassword) {
    // "Keep sessions" keeps only sessions proven with a passkey: one opened with the stuffed
    // password is the attacker's as likely as the owner's, and must not outlive the reset.
    const revokePasswordSessions = reusePreparedStatement(
      database,
      "session.revoke-password-only",
      () =>
        database
          .delete(session)
          .where(
            and(inArray(session.memberId, inListSlots()), isNull(session.passkeyAuthenticatedAt)),
          )
          .prepare(),
    );
    await forEachInListChunk(
      withPassword.map((target) => target.id),
      async (slots) => revokePasswordSessions.run(slots),
    );
    await recordMemberEvents(database, deps.clock, {
      type: "member.sessions_revoked",
      memberIds: withPassword.map((target) => target.id),
      facts: { reason: "forced-reset", scope: "password-sessions", jobId: job.id },
    });
  }
  // Passwordless members get no reset link, but a forced reset is still a credential change for
  // them: links asked for before it die (startForcedResets does the same for the others).
  const passwordless = targets.filter((target) => !target.hasPassword).map((target) => target.id);
  await revokeTokensAfterCredentialChanges(database, {
    memberIds: passwordless,
    now: deps.clock.now(),
  });
  // startForcedResets ends the others' OpenID Connect sessions; signing out is theirs.
  await endOidcSessionsOfMembers(database, passwordless);
  await startForcedResets(database, deps, withPassword, {
    notify: job.notifyMembers,
    reason: job.reason,
    jobId: job.id,
    cause: job.comboScanId === null ? undefined : "combo-list",
  });
}
