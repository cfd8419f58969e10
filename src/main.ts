import { dirname } from "node:path";
import { announceFirstAdminSetup } from "./admin/first-admin-notice";
import { isOperatorProblem } from "./cli/with-deps";
import { ConfigError, loadConfig } from "./config";
import { startServer } from "./server";

/** Requests in flight get this long to finish after SIGTERM; the process ends before 30 s. */
const drainTimeoutInMilliseconds = 20_000;
const shutdownLimitInMilliseconds = 30_000;

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

  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    running = await startServer(config, { drainTimeoutInMilliseconds });
  } catch (error) {
    // A damaged corpus or an inconsistent migration record: say what to do, no stack trace.
    if (isOperatorProblem(error)) {
      console.error((error as Error).message);
      process.exit(1);
    }
    throw error;
  }
  const { deps, address } = running;
  // The origin is the one address that works (other hosts are redirected to it): say it first.
  console.log(`rekey is ready: open ${config.origin.origin}/`);
  console.log(
    `(listening on ${address.address}:${address.port}; requests for any other host name are sent to ${config.origin.origin})`,
  );
  if (!deps.mailTransport) {
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

  const shutdown = (signal: string) => {
    // A worker stuck on an unresponsive SMTP server must not keep the process alive for ever.
    setTimeout(() => process.exit(1), shutdownLimitInMilliseconds).unref();
    running.shutdown(signal).then(
      () => process.exit(0),
      (error) => {
        deps.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
