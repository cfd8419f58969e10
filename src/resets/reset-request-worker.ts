import { randomUUID } from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import { findPreviousEmailBeforeRecentChange } from "../accounts/email-change-history";
import { findMemberById } from "../accounts/members";
import { createPollingLoop } from "../background/polling-loop";
import { resetRequest } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { claimLease, releaseLease } from "../jobs/lease";
import { issueResetLinks } from "./reset-links";
import { revokeResetLinks } from "./reset-tokens";

type WorkerDeps = Pick<Deps, "database" | "clock" | "config" | "logger">;

const leaseName = "reset-requests";
const holder = randomUUID();
const defaultBatchSize = 100;

/**
 * Issues the links of one batch of queued "forgot password" requests: for a row naming a member,
 * a one-hour link and its e-mail (only the newest self-service link works; a forced-reset link
 * stays valid beside it); a row for an unknown ID is simply dropped. The rows go in the same
 * transaction as the links, so each request is answered exactly once; the lease keeps two
 * instances from taking the same batch.
 */
export async function issueQueuedResetLinks(
  deps: WorkerDeps,
  options: { batchSize?: number } = {},
): Promise<{ moreWork: boolean }> {
  if (!(await claimLease(deps, { name: leaseName, holder, durationInSeconds: 60 })))
    return { moreWork: false };
  try {
    const batchSize = options.batchSize ?? defaultBatchSize;
    const handled = await runInTransaction(deps.database, async (database) => {
      const rows = await database
        .select()
        .from(resetRequest)
        .orderBy(asc(resetRequest.id))
        .limit(batchSize);
      for (const row of rows) {
        const owner = row.memberId ? await findMemberById(database, row.memberId) : undefined;
        if (!owner) continue;
        // While a forced reset waits, an attacker who moved the address must not be able to
        // finish it through "forgot password": the link then goes where the forced one went.
        const previousEmail = owner.resetRequiredAt
          ? await findPreviousEmailBeforeRecentChange({ ...deps, database }, owner.id)
          : null;
        await revokeResetLinks(database, deps.clock.now(), owner.id, "self-service");
        await issueResetLinks(database, deps, [{ ...owner, previousEmail }], {
          kind: "self-service",
          notify: true,
        });
      }
      if (rows.length > 0) {
        await database.delete(resetRequest).where(
          inArray(
            resetRequest.id,
            rows.map((row) => row.id),
          ),
        );
      }
      return rows.length;
    });
    return { moreWork: handled === batchSize };
  } finally {
    await releaseLease(deps, { name: leaseName, holder });
  }
}

/** Answers every queued request now: for tests, benchmarks and the CLI. */
export async function issueAllQueuedResetLinks(deps: WorkerDeps): Promise<void> {
  while ((await issueQueuedResetLinks(deps)).moreWork) {}
}

/**
 * The background loop of main.ts. A short idle keeps the e-mail prompt; the request that queued
 * the row has long been answered by then, so the link's cost never shows in its timing.
 */
export function createResetRequestWorker(deps: WorkerDeps): {
  start(): void;
  stop(): Promise<void>;
} {
  return createPollingLoop({
    name: "reset requests",
    logger: deps.logger,
    idleInMilliseconds: 1000,
    round: () => issueQueuedResetLinks(deps),
  });
}
