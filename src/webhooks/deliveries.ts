import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { reusePreparedStatement } from "../db/prepared";
import { webhookDelivery, webhookEndpoint, webhookEvent } from "../db/schema";
import { runInTransaction } from "../db/transaction";

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
  // Two scans, each walking the due index in order and stopping at the limit: one OR-ed query
  // would collect and sort every due row (a bulk reset's 200k) for each claim.
  const inOrder = sql`not exists (
      select 1 from webhook_delivery earlier
      where earlier.endpoint_id = due.endpoint_id and earlier.member_id = due.member_id
        and earlier.status in ('pending', 'sending') and earlier.id < due.id)`;
  const enabledEndpoint = sql`join webhook_endpoint on webhook_endpoint.id = due.endpoint_id
      and webhook_endpoint.status = 'enabled'`;
  const claimed = await database.all<{ id: number }>(sql`
    update webhook_delivery
    set status = 'sending', lease_owner = ${options.workerId},
      lease_expires_at = ${leaseExpiresAt}, attempts = attempts + 1
    where id in (
      select id from (
        select due.id from webhook_delivery due ${enabledEndpoint}
        where due.status = 'sending' and due.lease_expires_at <= ${now} and ${inOrder}
        order by due.lease_expires_at limit ${options.limit})
      union all
      select id from (
        select due.id from webhook_delivery due ${enabledEndpoint}
        where due.status = 'pending' and due.next_attempt_at <= ${now} and ${inOrder}
        order by due.next_attempt_at, due.id limit ${options.limit})
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

/** What one attempt came to. */
export interface AttemptOutcome {
  delivery: WebhookDelivery;
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
  /** Null when delivered, or when the attempts are used up. */
  retryAt: Date | null;
}

/**
 * Records a batch's outcomes in one transaction with one prepared statement (a bulk reset's
 * fan-out is hundreds of thousands of deliveries). Each update holds only while this worker
 * still owns the delivery, so a worker whose lease was taken over changes nothing.
 */
export async function recordDeliveryAttempts(
  database: Database,
  outcomes: readonly AttemptOutcome[],
  now: Date,
): Promise<void> {
  if (outcomes.length === 0) return;
  const update = reusePreparedStatement(database, "webhook-delivery.record-attempt", () =>
    database
      .update(webhookDelivery)
      .set({
        status: sql`${sql.placeholder("status")}`,
        deliveredAt: sql`${sql.placeholder("deliveredAt")}`,
        nextAttemptAt: sql`coalesce(${sql.placeholder("retryAt")}, ${webhookDelivery.nextAttemptAt})`,
        lastStatusCode: sql`${sql.placeholder("statusCode")}`,
        lastError: sql`${sql.placeholder("error")}`,
        lastAttemptAt: sql`${sql.placeholder("now")}`,
        leaseOwner: null,
        leaseExpiresAt: null,
      })
      .where(
        and(
          eq(webhookDelivery.id, sql.placeholder("id")),
          eq(webhookDelivery.leaseOwner, sql.placeholder("owner")),
        ),
      )
      .prepare(),
  );
  await runInTransaction(database, async () => {
    for (const outcome of outcomes) {
      await update.run({
        id: outcome.delivery.id,
        owner: outcome.delivery.leaseOwner ?? "",
        status: outcome.delivered ? "delivered" : outcome.retryAt ? "pending" : "failed",
        deliveredAt: outcome.delivered ? now.getTime() : null,
        retryAt: outcome.retryAt?.getTime() ?? null,
        statusCode: outcome.statusCode,
        error: outcome.error?.slice(0, 300) ?? null,
        now: now.getTime(),
      });
    }
  });
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

/** How long delivered and given-up messages stay in the delivery log. */
export const deliveryLogRetentionInDays = 30;

/**
 * Housekeeping: events older than the retention whose deliveries are all finished go, with their
 * deliveries (cascade). Answers how many events were deleted.
 */
export async function deleteFinishedWebhookEvents(database: Database, now: Date): Promise<number> {
  const before = now.getTime() - deliveryLogRetentionInDays * 86_400_000;
  const deleted = await database.all<{ id: number }>(sql`
    delete from webhook_event
    where created_at < ${before}
      and not exists (select 1 from webhook_delivery
        where event_id = webhook_event.id and status in ('pending', 'sending'))
    returning id`);
  return deleted.length;
}
