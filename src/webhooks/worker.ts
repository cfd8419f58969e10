import { randomUUID } from "node:crypto";
import { and, eq, isNull, lte } from "drizzle-orm";
import { createPollingLoop } from "../background/polling-loop";
import { webhookEndpoint } from "../db/schema";
import { recordAlert } from "../defence/alerts";
import type { Deps } from "../deps";
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  recordDeliveryAttempt,
  releaseDeliveries,
  renewDeliveryLease,
} from "./deliveries";
import { displayedUrl } from "./endpoints";
import { buildWebhookRequest, type WebhookTransport } from "./sender";

/**
 * Seconds to wait after each failed attempt: the Standard Webhooks reference schedule (5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), 27.6 hours in all. Jitter only lengthens a wait, so
 * a delivery is retried for at least 24 hours before it is given up.
 */
export const retryDelaysInSeconds = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];
export const maximumAttempts = retryDelaysInSeconds.length + 1;
/** An endpoint failing every attempt for this long is disabled and administrators alerted. */
export const disableAfterFailingForHours = 24;
/** Room between the request timeout and the lease running out (a busy event loop, GC). */
const leaseMarginInSeconds = 30;

export interface WebhookWorker {
  /** Claims one batch and delivers it; answers how many deliveries it handled. */
  deliverBatch(): Promise<number>;
  start(): void;
  /** Finishes the requests in flight and hands the rest of the batch back to the queue. */
  stop(): Promise<void>;
}

export function nextRetryAt(now: Date, attempts: number, random = Math.random): Date | null {
  const delay = retryDelaysInSeconds[attempts - 1];
  if (delay === undefined) return null;
  return new Date(now.getTime() + delay * (1 + random() * 0.2) * 1000);
}

/**
 * Delivers webhook messages from the queue: claims a batch under a lease (several workers in
 * several processes may run), sends up to `concurrency` requests at once, records each outcome
 * and retries failures on the schedule above. The lease is renewed, conditionally, just before
 * each request, so a worker whose lease ran out never sends what another worker now owns.
 */
export function createWebhookWorker(
  deps: Pick<Deps, "database" | "clock" | "logger" | "config" | "metrics">,
  transport: WebhookTransport,
  options: { batchSize?: number; idlePollInMilliseconds?: number; wallClock?: () => Date } = {},
): WebhookWorker {
  const workerId = randomUUID();
  const { concurrency, requestTimeoutInMilliseconds } = deps.config.webhooks;
  const batchSize = options.batchSize ?? concurrency * 4;
  const leaseInSeconds = Math.ceil(requestTimeoutInMilliseconds / 1000) + leaseMarginInSeconds;
  const wallClock = options.wallClock ?? (() => new Date());

  const deliverOne = async (claimed: ClaimedDelivery) => {
    const { delivery, endpoint } = claimed;
    const owned = await renewDeliveryLease(deps.database, delivery, {
      now: deps.clock.now(),
      leaseInSeconds,
    });
    if (!owned) return;
    const request = buildWebhookRequest(claimed, {
      sentAt: wallClock(),
      now: deps.clock.now(),
      origin: deps.config.origin,
    });
    const response = await transport.send(request);
    const now = deps.clock.now();
    const delivered =
      response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300;
    const error = delivered
      ? null
      : (response.error ?? `the endpoint answered ${response.statusCode}`);
    await recordDeliveryAttempt(deps.database, delivery, {
      now,
      delivered,
      statusCode: response.statusCode,
      error,
      retryAt: delivered ? null : nextRetryAt(now, delivery.attempts),
    });
    if (delivered) {
      if (endpoint.failingSince !== null) await markEndpointHealthy(endpoint.id);
      return;
    }
    deps.logger.warn(
      { endpointId: endpoint.id, deliveryId: delivery.id, attempts: delivery.attempts, error },
      "webhook delivery failed",
    );
    await recordEndpointFailure(claimed, now);
  };

  const markEndpointHealthy = async (endpointId: number) => {
    await deps.database
      .update(webhookEndpoint)
      .set({ failingSince: null })
      .where(eq(webhookEndpoint.id, endpointId));
  };

  /** Starts or continues the endpoint's failing run; disables it once the run is too long. */
  const recordEndpointFailure = async (claimed: ClaimedDelivery, now: Date) => {
    const endpointId = claimed.endpoint.id;
    await deps.database
      .update(webhookEndpoint)
      .set({ failingSince: now })
      .where(and(eq(webhookEndpoint.id, endpointId), isNull(webhookEndpoint.failingSince)));
    const limit = new Date(now.getTime() - disableAfterFailingForHours * 3600_000);
    const disabled = await deps.database
      .update(webhookEndpoint)
      .set({ status: "disabled", disabledReason: "failing", disabledAt: now })
      .where(
        and(
          eq(webhookEndpoint.id, endpointId),
          eq(webhookEndpoint.status, "enabled"),
          lte(webhookEndpoint.failingSince, limit),
        ),
      )
      .returning({ failingSince: webhookEndpoint.failingSince });
    const failingSince = disabled[0]?.failingSince;
    if (!failingSince) return;
    deps.logger.error({ endpointId }, "webhook endpoint disabled after failing for a day");
    await recordAlert(deps, {
      kind: "webhook-endpoint",
      details: {
        endpointId,
        url: displayedUrl(claimed.endpoint),
        failingSince: failingSince.toISOString(),
      },
    });
  };

  const deliverBatch = async () => {
    const batch = await claimDueDeliveries(deps.database, {
      workerId,
      now: deps.clock.now(),
      leaseInSeconds,
      limit: batchSize,
    });
    let next = 0;
    let handled = 0;
    const runner = async () => {
      while (next < batch.length) {
        if (loop.stopping) return;
        const claimed = batch[next++] as ClaimedDelivery;
        await deliverOne(claimed);
        handled++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, runner));
    if (next < batch.length) {
      await releaseDeliveries(
        deps.database,
        batch.slice(next).map((claimed) => claimed.delivery),
      );
    }
    return handled;
  };

  const loop = createPollingLoop({
    name: "webhook delivery",
    logger: deps.logger,
    idleInMilliseconds: options.idlePollInMilliseconds ?? 1000,
    round: async () => ({ moreWork: (await deliverBatch()) === batchSize }),
  });

  return { deliverBatch, start: () => loop.start(), stop: () => loop.stop() };
}
