import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import { createPollingLoop } from "../background/polling-loop";
import { oidcBackchannelLogout } from "../db/schema";
import type { Deps } from "../deps";
import type { ProviderHolder } from "./provider-holder";

type QueuedLogout = typeof oidcBackchannelLogout.$inferSelect;
interface BackchannelCapable {
  backchannelLogout(subject: string, sessionId: string): Promise<void>;
}

/** A client that never answers is given about a day (1 min, 2, 4, ... 8 h) before rekey gives up. */
export const maximumLogoutAttempts = 10;
const leaseInSeconds = 60;
const batchSize = 20;

function retryDelayInMilliseconds(attempts: number): number {
  return Math.min(60_000 * 2 ** (attempts - 1), 8 * 3_600_000);
}

/**
 * Leases up to `batchSize` due logouts to one worker in one UPDATE, so two instances never
 * deliver the same one; a lease left by a dead worker runs out and the row is taken over.
 */
export async function claimDueLogouts(
  deps: Pick<Deps, "database" | "clock">,
  workerId: string,
): Promise<QueuedLogout[]> {
  const now = deps.clock.now();
  const due = deps.database
    .select({ id: oidcBackchannelLogout.id })
    .from(oidcBackchannelLogout)
    .where(
      and(
        isNull(oidcBackchannelLogout.deliveredAt),
        lt(oidcBackchannelLogout.attempts, maximumLogoutAttempts),
        lte(oidcBackchannelLogout.nextAttemptAt, now),
        or(
          isNull(oidcBackchannelLogout.leaseExpiresAt),
          lte(oidcBackchannelLogout.leaseExpiresAt, now),
        ),
      ),
    )
    .orderBy(asc(oidcBackchannelLogout.nextAttemptAt))
    .limit(batchSize);
  return deps.database
    .update(oidcBackchannelLogout)
    .set({
      leaseHolder: workerId,
      leaseExpiresAt: new Date(now.getTime() + leaseInSeconds * 1000),
      attempts: sql`${oidcBackchannelLogout.attempts} + 1`,
    })
    .where(inArray(oidcBackchannelLogout.id, due))
    .returning();
}

async function settle(
  deps: Pick<Deps, "database" | "clock">,
  logout: QueuedLogout,
  outcome: { delivered: true } | { delivered: false; error: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.database
    .update(oidcBackchannelLogout)
    .set(
      outcome.delivered
        ? { deliveredAt: now, leaseHolder: null, leaseExpiresAt: null, lastError: null }
        : {
            nextAttemptAt: new Date(now.getTime() + retryDelayInMilliseconds(logout.attempts)),
            leaseHolder: null,
            leaseExpiresAt: null,
            lastError: outcome.error.slice(0, 500),
          },
    )
    .where(
      and(
        eq(oidcBackchannelLogout.id, logout.id),
        eq(oidcBackchannelLogout.leaseHolder, logout.leaseHolder ?? ""),
      ),
    );
}

/** One round: deliver what is due, each logout token signed with the provider's current key. */
export async function deliverDueLogouts(
  deps: Pick<Deps, "database" | "clock" | "logger">,
  holder: ProviderHolder,
  workerId: string,
): Promise<{ moreWork: boolean }> {
  const batch = await claimDueLogouts(deps, workerId);
  if (batch.length === 0) return { moreWork: false };
  const provider = await holder.current();
  await Promise.all(
    batch.map(async (logout) => {
      const client = await provider.Client.find(logout.clientId);
      if (!client?.backchannelLogoutUri) {
        // The client was removed or no longer asks for logouts: nothing left to tell.
        return settle(deps, logout, { delivered: true });
      }
      try {
        // oidc-provider's own logout-token builder (Client#backchannelLogout, untyped in
        // @types/oidc-provider): signed with the current key, `sub` only (no `sid`).
        const deliver = (client as unknown as BackchannelCapable).backchannelLogout.bind(client);
        await deliver(logout.subject, logout.sessionId ?? "");
        await settle(deps, logout, { delivered: true });
      } catch (error) {
        deps.logger.warn(
          { clientId: logout.clientId, attempts: logout.attempts, err: error },
          "back-channel logout not delivered; will retry",
        );
        await settle(deps, logout, { delivered: false, error: (error as Error).message });
      }
    }),
  );
  return { moreWork: batch.length === batchSize };
}

export function createBackchannelLogoutWorker(
  deps: Pick<Deps, "database" | "clock" | "logger">,
  holder: ProviderHolder,
): { start(): void; stop(): Promise<void> } {
  const workerId = randomUUID();
  return createPollingLoop({
    name: "oidc back-channel logout",
    logger: deps.logger,
    idleInMilliseconds: 1000,
    round: () => deliverDueLogouts(deps, holder, workerId),
  });
}

/** Housekeeping: delivered logouts after a week, abandoned ones after thirty days. */
export async function deleteOldBackchannelLogouts(
  deps: Pick<Deps, "database" | "clock">,
): Promise<number> {
  const now = deps.clock.now().getTime();
  const removed = await deps.database
    .delete(oidcBackchannelLogout)
    .where(
      or(
        and(
          isNotNull(oidcBackchannelLogout.deliveredAt),
          lt(oidcBackchannelLogout.deliveredAt, new Date(now - 7 * 86_400_000)),
        ),
        lt(oidcBackchannelLogout.createdAt, new Date(now - 30 * 86_400_000)),
      ),
    )
    .returning({ id: oidcBackchannelLogout.id });
  return removed.length;
}
