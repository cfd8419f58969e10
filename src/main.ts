import { prepareFirstAdminSetupLink } from "./admin/first-admin";
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
  console.log(
    `rekey is listening on http://${address.address}:${address.port} (public origin ${config.origin.origin})`,
  );
  const setupLink = await prepareFirstAdminSetupLink(deps);
  if (!deps.mailTransport && config.environment !== "production") {
    console.log(
      `SMTP_URL is not set: e-mails wait in the outbox; read them at ${new URL("/dev/mail", config.origin).href}`,
    );
  }
  if (setupLink) {
    console.log(
      `No administrator exists yet. Create one within the next hour at:\n  ${setupLink.href}\n` +
        "or run: npx rekey admin create --login-id <id> --email <address>",
    );
  }

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
