import { dirname } from "node:path";
import { serve } from "@hono/node-server";
import { createCensusWorker } from "./admin/census-worker";
import { announceFirstAdminSetup } from "./admin/first-admin-notice";
import { closeDeps, createDeps } from "./bootstrap";
import { ConfigError, loadConfig } from "./config";
import { cleanUpDefenceData } from "./defence/housekeeping";
import { startDefenceMonitor } from "./defence/monitor";
import { createDeliveryWorker } from "./mail/delivery-worker";
import { createOperationalFiguresCache, startFiguresRefresh } from "./operations/figures";
import { registerOperationsGauges } from "./operations/gauges";
import { deleteExpiredPasskeyChallenges } from "./passkeys/challenges";
import { deleteExpiredReminderLinks } from "./reminders/links";
import { createReminderScheduler } from "./reminders/scheduler";
import { deleteAbandonedBulkResetLists } from "./resets/bulk-reset-lists";
import { createBulkResetWorker } from "./resets/bulk-reset-runner";
import { createResetRequestWorker } from "./resets/reset-request-worker";
import { deleteExpiredSessions } from "./sessions/sessions";
import { deleteStaleOneTimeTokens } from "./tokens/one-time-tokens";
import { createApp } from "./web/app";

const housekeepingIntervalInMilliseconds = 15 * 60_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const deps = createDeps(config);
  const app = createApp(deps);
  // Load the strength dictionaries now rather than on the first registration.
  deps.strengthEstimator
    .start()
    .catch((error) =>
      deps.logger.error({ err: error }, "password strength threads failed to start"),
    );

  const housekeeping = setInterval(() => {
    // Deletes are idempotent, so several instances may run this at once without harm.
    Promise.all([
      deleteExpiredSessions(deps),
      deleteStaleOneTimeTokens(deps),
      deleteExpiredPasskeyChallenges(deps),
      cleanUpDefenceData(deps),
      deleteExpiredReminderLinks(deps.database, deps.clock.now()),
      deleteAbandonedBulkResetLists(deps),
    ]).catch((error) => deps.logger.error({ err: error }, "housekeeping failed"));
  }, housekeepingIntervalInMilliseconds);
  housekeeping.unref();
  // Spike detection and automatic blocks; a lease keeps instances from doubling the work.
  const defenceMonitor = startDefenceMonitor(deps, { intervalInSeconds: 5 });

  const mailWorker = deps.mailTransport
    ? createDeliveryWorker(deps, deps.mailTransport, {
        messagesPerSecond: config.mail.messagesPerSecond,
        maximumAttempts: config.mail.maximumAttempts,
      })
    : null;
  mailWorker?.start();
  const bulkResetWorker = createBulkResetWorker(deps);
  bulkResetWorker.start();
  // "Forgot password" links: issued here, outside the request that asked (see self-service.ts).
  const resetRequestWorker = createResetRequestWorker(deps);
  resetRequestWorker.start();
  const reminderScheduler = createReminderScheduler(deps);
  reminderScheduler.start();
  // The dashboard's member figures: counted in slices under a lease, read as one row.
  const censusWorker = createCensusWorker(deps);
  censusWorker.start();
  // Outbox, bulk-reset and corpus gauges for /metrics, read every 15 s rather than per scrape.
  const operationalFigures = createOperationalFiguresCache(deps);
  registerOperationsGauges(deps, operationalFigures);
  const figuresRefresh = startFiguresRefresh(deps, operationalFigures);

  const server = serve(
    { fetch: app.fetch, port: config.port, hostname: config.host },
    async (info) => {
      console.log(
        `rekey is listening on http://${info.address}:${info.port} (public origin ${config.origin.origin})`,
      );
      if (!mailWorker) {
        console.log(
          config.mail.devViewer
            ? `SMTP_URL is not set: e-mails wait in the outbox; read them on this machine at ${new URL("/dev/mail", config.origin).href}`
            : "SMTP_URL is not set: e-mails wait in the outbox until it is",
        );
      }
      await announceFirstAdminSetup(deps, {
        // Beside the database (data/ by default), which only the operator's user should read.
        linkFolder: config.databasePath === ":memory:" ? "data" : dirname(config.databasePath),
        print: (line) => console.log(line),
        printsToTerminal: process.stdout.isTTY === true,
      });
    },
  );

  const shutdown = (signal: string) => {
    deps.logger.info({ signal }, "shutting down");
    clearInterval(housekeeping);
    // The worker finishes the message in flight and hands the rest of its batch back.
    const workerStopped = Promise.all([
      mailWorker?.stop(),
      bulkResetWorker.stop(),
      resetRequestWorker.stop(),
      reminderScheduler.stop(),
      defenceMonitor.stop(),
      censusWorker.stop(),
      figuresRefresh.stop(),
    ]);
    let finishing: Promise<void> | null = null;
    const finish = () => {
      finishing ??= closeDeps(deps)
        .catch((error) => deps.logger.error({ err: error }, "closing the database failed"))
        .finally(() => process.exit(0));
      return finishing;
    };
    server.close(() => {
      Promise.allSettled([workerStopped, deps.strengthEstimator.close()]).finally(() => {
        deps.mailTransport?.close();
        finish();
      });
    });
    // Keep-alive connections would hold server.close open: after a moment stop waiting for
    // them, but never close the database under a background worker in the middle of a batch.
    setTimeout(() => void workerStopped.finally(finish), 5000).unref();
    // A worker stuck on an unresponsive SMTP server must not keep the process alive for ever.
    setTimeout(() => process.exit(1), 30_000).unref();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
