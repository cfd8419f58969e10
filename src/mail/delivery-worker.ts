import { randomUUID } from "node:crypto";
import { createPollingLoop } from "../background/polling-loop";
import type { Deps } from "../deps";
import {
  claimDueMessages,
  markMessageAttemptFailed,
  markMessageSent,
  type OutboxMessage,
  releaseMessages,
  renewMessageLease,
} from "./outbox";
import { watchRelayHealth } from "./relay-alert";
import { DeliveryError, type MailTransport } from "./transport";

export interface DeliveryOptions {
  messagesPerSecond: number;
  maximumAttempts: number;
  batchSize?: number;
  /** How long one message stays this worker's; derived from the transport's timeouts if unset. */
  leaseInSeconds?: number;
  idlePollInMilliseconds?: number;
}

export interface DeliveryWorker {
  /** Claims one batch and delivers it; answers how many messages it handled. */
  deliverBatch(): Promise<number>;
  start(): void;
  /** Finishes the message in flight and hands the rest of its batch back to the queue. */
  stop(): Promise<void>;
}

const baseRetryDelayInSeconds = 30;
/** For a transport that does not say how long a send can take. */
const defaultLongestSendInMilliseconds = 90_000;
/** Room between the transport giving up and the lease running out (a busy event loop, GC). */
const leaseMarginInSeconds = 30;

/**
 * A lease outlives the longest send the transport allows, so a message is never taken over
 * by another worker while it is still being handed to the relay.
 */
export function deliveryLeaseInSecondsFor(
  transport: Pick<MailTransport, "longestSendInMilliseconds">,
): number {
  const longestSendInSeconds = Math.ceil(
    (transport.longestSendInMilliseconds ?? defaultLongestSendInMilliseconds) / 1000,
  );
  return longestSendInSeconds + leaseMarginInSeconds;
}
const maximumRetryDelayInSeconds = 3600;

/**
 * Drains the outbox at a steady rate, so a bulk reset of 100k members reaches the relay as a
 * stream rather than a flood. Several workers (in several processes) can run: each message is
 * leased to one of them, and a lease left by a crashed worker expires and is taken over. The
 * lease is renewed, conditionally, just before each send, so a worker whose lease ran out
 * while it worked through a slow batch never sends a message another worker now owns.
 */
export function createDeliveryWorker(
  deps: Pick<Deps, "database" | "clock" | "logger" | "metrics" | "config">,
  transport: MailTransport,
  options: DeliveryOptions,
): DeliveryWorker {
  const workerId = randomUUID();
  const batchSize = options.batchSize ?? 20;
  const leaseInSeconds = options.leaseInSeconds ?? deliveryLeaseInSecondsFor(transport);
  const intervalInMilliseconds = 1000 / options.messagesPerSecond;
  let lastSendAt = 0;
  const relayHealth = watchRelayHealth(deps);

  const deliverOne = async (message: OutboxMessage) => {
    const wait = lastSendAt + intervalInMilliseconds - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lastSendAt = performance.now();
    // The batch was claimed under one lease, and the messages before this one (a slow relay)
    // may have outlasted it: only a worker that still owns the message may send it.
    const owned = await renewMessageLease(deps.database, message, {
      now: deps.clock.now(),
      leaseInSeconds,
    });
    if (!owned) {
      deps.logger.info(
        { messageId: message.id, kind: message.kind },
        "mail delivery skipped: the lease ran out and another worker may have the message",
      );
      return;
    }
    try {
      await transport.send(message);
      await markMessageSent(deps.database, message, deps.clock.now());
      deps.metrics.mailSent.inc();
      relayHealth.recordSuccess();
    } catch (error) {
      const failure =
        error instanceof DeliveryError
          ? error
          : new DeliveryError(String(error).slice(0, 200), { permanent: false });
      deps.metrics.mailDeliveryFailures.inc({ code: failure.code });
      const givingUp = failure.permanent || message.attempts >= options.maximumAttempts;
      const delayInSeconds = Math.min(
        maximumRetryDelayInSeconds,
        baseRetryDelayInSeconds * 2 ** (message.attempts - 1),
      );
      const jitter = 0.8 + Math.random() * 0.4;
      const retryAt = givingUp
        ? null
        : new Date(deps.clock.now().getTime() + delayInSeconds * jitter * 1000);
      await markMessageAttemptFailed(deps.database, message, { error: failure.message, retryAt });
      // The relay's code and answer (one line, links removed), never the message itself.
      deps.logger.warn(
        {
          messageId: message.id,
          kind: message.kind,
          attempts: message.attempts,
          code: failure.code,
          error: failure.message,
          permanent: failure.permanent,
          givingUp,
          retryAt,
        },
        "mail delivery failed",
      );
      // A refused recipient says nothing about the relay; anything retrying may fix does.
      if (!failure.permanent) await relayHealth.recordFailure(failure.code);
    }
  };

  const deliverBatch = async () => {
    const batch = await claimDueMessages(deps.database, {
      workerId,
      now: deps.clock.now(),
      leaseInSeconds,
      limit: batchSize,
    });
    for (const [index, message] of batch.entries()) {
      if (loop.stopping) {
        await releaseMessages(deps.database, batch.slice(index));
        return index;
      }
      await deliverOne(message);
    }
    return batch.length;
  };

  const loop = createPollingLoop({
    name: "mail delivery",
    logger: deps.logger,
    idleInMilliseconds: options.idlePollInMilliseconds ?? 1000,
    round: async () => ({ moreWork: (await deliverBatch()) === batchSize }),
  });

  return { deliverBatch, start: () => loop.start(), stop: () => loop.stop() };
}
