import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { webhookDelivery, webhookEndpoint, webhookEvent } from "../db/schema";

export type WebhookDelivery = typeof webhookDelivery.$inferSelect;
export type WebhookEventRow = typeof webhookEvent.$inferSelect;
export type DeliveryStatus = WebhookDelivery["status"];

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery {
  delivery: WebhookDelivery;
  event: WebhookEventRow;
  endpoint: typeof webhookEndpoint.$inferSelect;
}

/**
 * Leases up to `limit` due deliveries to one worker: pending ones whose time has come and ones
 * whose lease ran out (a worker died mid-send), for enabled endpoints only. A delivery waits
 * while an earlier one of the same member to the same endpoint is pending or being sent, so a
 * member's events arrive in the order they happened. The single UPDATE is atomic (its subquery
 * is evaluated before any row changes), so two workers never claim the same delivery, and one
 * claim never holds two deliveries of one member and endpoint.
 */
export async function claimDueDeliveries(
  database: Database,
  options: { workerId: string; now: Date; leaseInSeconds: number; limit: number },
): Promise<ClaimedDelivery[]> {
  const now = options.now.getTime();
  const leaseExpiresAt = now + options.leaseInSeconds * 1000;
  const claimed = await database.all<{ id: number }>(sql`
    update webhook_delivery
    set status = 'sending', lease_owner = ${options.workerId},
      lease_expires_at = ${leaseExpiresAt}, attempts = attempts + 1
    where id in (
      select due.id from webhook_delivery due
      join webhook_endpoint on webhook_endpoint.id = due.endpoint_id
        and webhook_endpoint.status = 'enabled'
      where ((due.status = 'pending' and due.next_attempt_at <= ${now})
          or (due.status = 'sending' and due.lease_expires_at <= ${now}))
        and not exists (
          select 1 from webhook_delivery earlier
          where earlier.endpoint_id = due.endpoint_id and earlier.member_id = due.member_id
            and earlier.status in ('pending', 'sending') and earlier.id < due.id)
      order by due.next_attempt_at, due.id
      limit ${options.limit})
    returning id`);
  if (claimed.length === 0) return [];
  const rows = await database
    .select({ delivery: webhookDelivery, event: webhookEvent, endpoint: webhookEndpoint })
    .from(webhookDelivery)
    .innerJoin(webhookEvent, eq(webhookEvent.id, webhookDelivery.eventId))
    .innerJoin(webhookEndpoint, eq(webhookEndpoint.id, webhookDelivery.endpointId))
    .where(
      sql`${webhookDelivery.id} in (select value from json_each(${JSON.stringify(claimed.map((row) => row.id))}))`,
    );
  return rows.sort((a, b) => a.delivery.id - b.delivery.id);
}

/**
 * Extends this worker's lease just before sending and answers whether it still owns the
 * delivery: a lease that ran out while the worker was busy may belong to another worker now.
 */
export async function renewDeliveryLease(
  database: Database,
  delivery: WebhookDelivery,
  options: { now: Date; leaseInSeconds: number },
): Promise<boolean> {
  const renewed = await database
    .update(webhookDelivery)
    .set({ leaseExpiresAt: new Date(options.now.getTime() + options.leaseInSeconds * 1000) })
    .where(
      and(
        eq(webhookDelivery.id, delivery.id),
        eq(webhookDelivery.status, "sending"),
        eq(webhookDelivery.leaseOwner, delivery.leaseOwner ?? ""),
        gt(webhookDelivery.leaseExpiresAt, options.now),
      ),
    )
    .returning({ id: webhookDelivery.id });
  return renewed.length > 0;
}

/** Records the outcome of an attempt, if this worker still holds the lease. */
export async function recordDeliveryAttempt(
  database: Database,
  delivery: WebhookDelivery,
  outcome: {
    now: Date;
    delivered: boolean;
    statusCode: number | null;
    error: string | null;
    /** Null when delivered, or when the attempts are used up. */
    retryAt: Date | null;
  },
): Promise<void> {
  await database
    .update(webhookDelivery)
    .set({
      status: outcome.delivered ? "delivered" : outcome.retryAt ? "pending" : "failed",
      deliveredAt: outcome.delivered ? outcome.now : null,
      nextAttemptAt: outcome.retryAt ?? delivery.nextAttemptAt,
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error?.slice(0, 300) ?? null,
      lastAttemptAt: outcome.now,
      leaseOwner: null,
      leaseExpiresAt: null,
    })
    .where(
      and(
        eq(webhookDelivery.id, delivery.id),
        eq(webhookDelivery.leaseOwner, delivery.leaseOwner ?? ""),
      ),
    );
}

/** Gives deliveries a worker claimed but did not reach back to the queue (graceful stop). */
export async function releaseDeliveries(
  database: Database,
  deliveries: readonly WebhookDelivery[],
): Promise<void> {
  for (const delivery of deliveries) {
    await database
      .update(webhookDelivery)
      .set({
        status: "pending",
        leaseOwner: null,
        leaseExpiresAt: null,
        attempts: delivery.attempts - 1,
      })
      .where(
        and(
          eq(webhookDelivery.id, delivery.id),
          eq(webhookDelivery.leaseOwner, delivery.leaseOwner ?? ""),
        ),
      );
  }
}

/**
 * "Resend" from the delivery log: the same message (same `webhook-id`, so a receiver can tell
 * it already has it) with a fresh attempt budget, due now. Answers false for an unknown ID.
 */
export async function resendDelivery(
  database: Database,
  options: { endpointId: number; deliveryId: number; now: Date },
): Promise<boolean> {
  const resent = await database
    .update(webhookDelivery)
    .set({ status: "pending", attempts: 0, nextAttemptAt: options.now, lastError: null })
    .where(
      and(
        eq(webhookDelivery.id, options.deliveryId),
        eq(webhookDelivery.endpointId, options.endpointId),
        sql`${webhookDelivery.status} in ('delivered', 'failed', 'pending')`,
      ),
    )
    .returning({ id: webhookDelivery.id });
  return resent.length > 0;
}

/** The delivery log of one endpoint, newest first. */
export async function listEndpointDeliveries(
  database: Database,
  endpointId: number,
  limit: number,
): Promise<{ delivery: WebhookDelivery; event: WebhookEventRow }[]> {
  return database
    .select({ delivery: webhookDelivery, event: webhookEvent })
    .from(webhookDelivery)
    .innerJoin(webhookEvent, eq(webhookEvent.id, webhookDelivery.eventId))
    .where(eq(webhookDelivery.endpointId, endpointId))
    .orderBy(desc(webhookDelivery.id))
    .limit(limit);
}
