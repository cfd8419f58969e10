import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { createCensusWorker } from "./admin/census-worker";
import { closeDeps, createDeps } from "./bootstrap";
import { checkBreachCorpusBeforeUse } from "./breach/create";
import { createComboScanWorker } from "./combo-scans/scan-runner";
import { cleanUpComboScanFiles } from "./combo-scans/spool";
import type { Config } from "./config";
import { cleanUpDefenceData } from "./defence/housekeeping";
import { startDefenceMonitor } from "./defence/monitor";
import { startWaveMonitor } from "./defence/waves/wave-monitor";
import type { Deps } from "./deps";
import { type OperationsThreadOptions, startOperationsThread } from "./health/operations-thread";
import { deleteExpiredIdempotencyKeys } from "./jobs/idempotency";
import { createDeliveryWorker } from "./mail/delivery-worker";
import { deleteExpiredOidcObjects } from "./oidc/adapter";
import {
  createBackchannelLogoutWorker,
  deleteOldBackchannelLogouts,
} from "./oidc/backchannel-logout";
import { deleteExpiredOidcKeys } from "./oidc/keys";
import { providerHolderFor } from "./oidc/provider-holder";
import { createOperationalFiguresCache, startFiguresRefresh } from "./operations/figures";
import { registerOperationsGauges } from "./operations/gauges";
import { deleteExpiredPasskeyChallenges } from "./passkeys/challenges";
import { loadWebAuthnLibrary } from "./passkeys/webauthn-library";
import { deleteExpiredReminderLinks } from "./reminders/links";
import { createReminderScheduler } from "./reminders/scheduler";
import { deleteAbandonedBulkResetLists } from "./resets/bulk-reset-lists";
import { createBulkResetWorker } from "./resets/bulk-reset-runner";
import { createResetRequestWorker } from "./resets/reset-request-worker";
import { deleteExpiredSessions } from "./sessions/sessions";
import { deleteStaleOneTimeTokens } from "./tokens/one-time-tokens";
import { createApp } from "./web/app";
import type { AppEnv } from "./web/context";
import { createRequestDrain } from "./web/request-drain";
import { deleteFinishedWebhookEvents } from "./webhooks/deliveries";
import { createHttpWebhookTransport } from "./webhooks/sender";
import { createWebhookWorker } from "./webhooks/worker";

const housekeepingIntervalInMilliseconds = 15 * 60_000;
const readinessProbeIntervalInMilliseconds = 5000;

export interface RunningServer {
  deps: Deps;
  app: Hono<AppEnv>;
  address: AddressInfo;
  /** The operations listener's address, when REKEY_OPERATIONS_PORT is set. */
  operationsAddress: AddressInfo | null;
  /**
   * Refuses new requests (503, Connection: close), lets those in flight finish for up to
   * `drainTimeoutInMilliseconds`, stops the background workers and closes the database.
   */
  shutdown(signal: string): Promise<void>;
}

/**
 * Starts the portal as `npm start` runs it: dependencies, a checked breach corpus, the
 * strength pool warmed, housekeeping, background workers, readiness probes, then the HTTP
 * server. src/main.ts and the browser suite (test/e2e/server.ts) both start it here.
 */
export async function startServer(
  config: Config,
  options: {
    overrides?: Partial<Deps>;
    drainTimeoutInMilliseconds?: number;
    /** Tests shorten how long the operations thread waits before calling the main loop wedged. */
    operations?: Pick<
      OperationsThreadOptions,
      | "publishIntervalInMilliseconds"
      | "livenessLimitInMilliseconds"
      | "readinessLimitInMilliseconds"
    >;
  } = {},
): Promise<RunningServer> {
  const drainTimeoutInMilliseconds = options.drainTimeoutInMilliseconds ?? 20_000;
  const deps = createDeps(config, options.overrides);
  try {
    checkBreachCorpusBeforeUse(deps.breachSource, config);
  } catch (error) {
    await closeDeps(deps);
    throw error;
  }
  deps.logger.info(
    { path: config.breachCorpusPath, version: deps.breachSource.version },
    "breached-password corpus checked and open",
  );
  // Lists left by a crash are deleted, and scans that lost theirs are reported as interrupted.
  await cleanUpComboScanFiles(deps);
  const app = createApp(deps);
  let stopping: Promise<void> | undefined;

  const housekeeping = setInterval(() => {
    // Deletes are idempotent, so several instances may run this at once without harm.
    Promise.all([
      deleteExpiredSessions(deps),
      deleteStaleOneTimeTokens(deps),
      deleteExpiredPasskeyChallenges(deps),
      cleanUpDefenceData(deps),
      deleteExpiredReminderLinks(deps.database, deps.clock.now()),
      deleteAbandonedBulkResetLists(deps),
      cleanUpComboScanFiles(deps),
      deleteExpiredIdempotencyKeys(deps.database, deps.clock.now()),
      deleteFinishedWebhookEvents(deps.database, deps.clock.now()),
      deleteExpiredOidcObjects(deps),
      deleteExpiredOidcKeys(deps),
      deleteOldBackchannelLogouts(deps),
    ]).catch((error) => deps.logger.error({ err: error }, "housekeeping failed"));
  }, housekeepingIntervalInMilliseconds);
  housekeeping.unref();
  // Spike detection and automatic blocks; a lease keeps instances from doubling the work.
  const defenceMonitor = startDefenceMonitor(deps, { intervalInSeconds: 5 });
  // Slow, distributed waves: five-minute buckets of the sign-in log against its own baseline.
  const waveMonitor = startWaveMonitor(deps, { intervalInSeconds: 30 });
  const mailWorker = deps.mailTransport
    ? createDeliveryWorker(deps, deps.mailTransport, {
        messagesPerSecond: config.mail.messagesPerSecond,
        maximumAttempts: config.mail.maximumAttempts,
      })
    : null;
  mailWorker?.start();
  // Webhook deliveries: leased like the outbox, so several instances can each run one.
  const webhookTransport = createHttpWebhookTransport({
    allowPrivateAddresses: config.webhooks.allowPrivateAddresses,
    timeoutInMilliseconds: config.webhooks.requestTimeoutInMilliseconds,
  });
  const webhookWorker = createWebhookWorker(deps, webhookTransport);
  webhookWorker.start();
  const bulkResetWorker = createBulkResetWorker(deps);
  bulkResetWorker.start();
  const comboScanWorker = createComboScanWorker(deps);
  comboScanWorker.start();
  // "Forgot password" links: issued here, outside the request that asked (see self-service.ts).
  const resetRequestWorker = createResetRequestWorker(deps);
  resetRequestWorker.start();
  // Back-channel logouts queued when rekey ends a member's sessions (src/oidc/member-sign-out.ts).
  const backchannelLogoutWorker = createBackchannelLogoutWorker(deps, providerHolderFor(deps));
  backchannelLogoutWorker.start();
  const reminderScheduler = createReminderScheduler(deps);
  reminderScheduler.start();
  // The dashboard's member figures: counted in slices under a lease, read as one row.
  const censusWorker = createCensusWorker(deps);
  censusWorker.start();
  // Outbox, bulk-reset and corpus gauges for /metrics, read every 15 s rather than per scrape.
  const operationalFigures = createOperationalFiguresCache(deps);
  registerOperationsGauges(deps, operationalFigures);
  const figuresRefresh = startFiguresRefresh(deps, operationalFigures);
  deps.readiness.start({ probeIntervalInMilliseconds: readinessProbeIntervalInMilliseconds });

  const drain = createRequestDrain();
  const server = serve({
    fetch: drain.wrap(app.fetch),
    port: config.port,
    hostname: config.host,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  // Warm-ups after the listener is up (issue 24: /healthz within seconds of `npm start`): the
  // strength dictionaries in their threads, so the first registration does not wait for them,
  // and the WebAuthn library, so the first passkey ceremony does not.
  deps.strengthEstimator.start().catch((error) => {
    // A shutdown during the warm-up closes the pool under it: nothing to report then.
    if (!stopping) deps.logger.error({ err: error }, "password strength threads failed to start");
  });
  loadWebAuthnLibrary().catch((error) =>
    deps.logger.error({ err: error }, "the WebAuthn library failed to load"),
  );
  // Health, readiness and metrics from a thread of their own: they answer while this loop is
  // saturated or wedged (issue 17 finding 4), from what this loop publishes every second.
  let operationsThread: Awaited<ReturnType<typeof startOperationsThread>> | null = null;
  if (config.operationsPort !== null) {
    try {
      operationsThread = await startOperationsThread(deps, {
        port: config.operationsPort,
        host: config.host,
        ...options.operations,
      });
    } catch (error) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw error;
    }
  }

  const shutdown = (signal: string) => {
    stopping ??= (async () => {
      deps.logger.info({ signal, inFlight: drain.inFlight }, "shutting down");
      drain.beginDraining();
      deps.readiness.beginShutdown();
      operationsThread?.publishReadiness();
      deps.readiness.stop();
      clearInterval(housekeeping);
      // Idle keep-alive connections would only bring new requests: close them now.
      if ("closeIdleConnections" in server) server.closeIdleConnections();
      // The worker finishes the message in flight and hands the rest of its batch back.
      const workersStopped = Promise.allSettled([
        mailWorker?.stop(),
        webhookWorker.stop().finally(() => webhookTransport.close()),
        bulkResetWorker.stop(),
        comboScanWorker.stop(),
        resetRequestWorker.stop(),
        backchannelLogoutWorker.stop(),
        reminderScheduler.stop(),
        defenceMonitor.stop(),
        waveMonitor.stop(),
        censusWorker.stop(),
        figuresRefresh.stop(),
      ]);
      const finished = await drain.waitForInFlight(drainTimeoutInMilliseconds);
      if (!finished) {
        deps.logger.error(
          { inFlight: drain.inFlight, drainTimeoutInMilliseconds },
          "requests still in flight when the shutdown bound ran out",
        );
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
      await operationsThread?.stop();
      await workersStopped;
      await deps.strengthEstimator.close().catch(() => {});
      deps.mailTransport?.close();
      deps.breachSource.close?.();
      await closeDeps(deps);
    })();
    return stopping;
  };

  return {
    deps,
    app,
    address: server.address() as AddressInfo,
    operationsAddress: operationsThread?.address ?? null,
    shutdown,
  };
}
