import { randomUUID } from "node:crypto";
import { and, eq, isNull, lte } from "drizzle-orm";
import { createPollingLoop } from "../background/polling-loop";
import { webhookEndpoint } from "../db/schema";
import { recordAlert } from "../defence/alerts";
import type { Deps } from "../deps";
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDueDeliveries,
  recordDeliveryAttempts,
  releaseDeliveries,
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
 * several processes may run), sends up to `concurrency` requests at once, records the batch's
 * outcomes in one transaction and retries failures on the schedule above. The lease covers the
 * whole batch at the request timeout, and a request starts only while the lease still covers
 * it to its timeout, so a delivery is never sent by a worker whose lease may have passed to
 * another (a stalled process), and a worker whose lease was taken over records nothing.
 */
export function createWebhookWorker(
  deps: Pick<Deps, "database" | "clock" | "logger" | "config" | "metrics">,
  transport: WebhookTransport,
  options: { batchSize?: number; idlePollInMilliseconds?: number; wallClock?: () => Date } = {},
): WebhookWorker {
  const workerId = randomUUID();
  const { concurrency, requestTimeoutInMilliseconds } = deps.config.webhooks;
  const batchSize = options.batchSize ?? concurrency * 4;
  const leaseInSeconds =
    Math.ceil((requestTimeoutInMilliseconds / 1000) * Math.ceil(batchSize / concurrency)) +
    leaseMarginInSeconds;
  const wallClock = options.wallClock ?? (() => new Date());

  const deliverOne = async (claimed: ClaimedDelivery): Promise<AttemptOutcome> => {
    const { delivery } = claimed;
    const request = buildWebhookRequest(claimed, {
      sentAt: wallClock(),
      now: deps.clock.now(),
      origin: deps.config.origin,
    });
    const response = await transport.send(request);
    const delivered =
      response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300;
    const error = delivered
      ? null
      : (response.error ?? `the endpoint answered ${response.statusCode}`);
    return {
      delivery,
      delivered,
      statusCode: response.statusCode,
      error,
      retryAt: delivered ? null : nextRetryAt(deps.clock.now(), delivery.attempts),
    };
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
    const claimedAt = deps.clock.now();
    const batch = await claimDueDeliveries(deps.database, {
      workerId,
      now: claimedAt,
      leaseInSeconds,
      limit: batchSize,
    });
    // A request may start only while the lease outlasts its timeout (a stalled event loop).
    const lastStartAt =
      claimedAt.getTime() + leaseInSeconds * 1000 - requestTimeoutInMilliseconds - 1000;
    const outcomes: AttemptOutcome[] = [];
    const unsent: ClaimedDelivery[] = [];
    let next = 0;
    const runner = async () => {
      while (next < batch.length) {
        const claimed = batch[next++] as ClaimedDelivery;
        if (loop.stopping || deps.clock.now().getTime() > lastStartAt) unsent.push(claimed);
        else outcomes.push(await deliverOne(claimed));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, runner));
    const now = deps.clock.now();
    await recordDeliveryAttempts(deps.database, outcomes, now);
    await releaseDeliveries(
      deps.database,
      unsent.map((claimed) => claimed.delivery),
    );
    await updateEndpointHealth(batch, outcomes, now);
    return batch.length;
  };

  /** Per endpoint: a success ends its failing run; failures only start or extend one. */
  const updateEndpointHealth = async (
    batch: readonly ClaimedDelivery[],
    outcomes: readonly AttemptOutcome[],
    now: Date,
  ) => {
    const endpoints = new Map(batch.map((claimed) => [claimed.endpoint.id, claimed]));
    for (const [endpointId, claimed] of endpoints) {
      const attempts = outcomes.filter((outcome) => outcome.delivery.endpointId === endpointId);
      if (attempts.some((outcome) => outcome.delivered)) {
        if (claimed.endpoint.failingSince !== null) await markEndpointHealthy(endpointId);
      } else if (attempts.length > 0) {
        const failure = attempts[0] as AttemptOutcome;
        deps.logger.warn(
          { endpointId, failures: attempts.length, error: failure.error },
          "webhook delivery failed",
        );
        await recordEndpointFailure(claimed, now);
      }
    }
  };

  const loop = createPollingLoop({
    name: "webhook delivery",
    logger: deps.logger,
    idleInMilliseconds: options.idlePollInMilliseconds ?? 1000,
    round: async () => ({ moreWork: (await deliverBatch()) === batchSize }),
  });

  return { deliverBatch, start: () => loop.start(), stop: () => loop.stop() };
}
