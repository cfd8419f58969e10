import { mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config";
import { type RunningServer, startServer } from "../../src/server";

type ServerOptions = NonNullable<Parameters<typeof startServer>[1]>;

/**
 * A real portal on a free localhost port whose sign-in form accepts unlimited tries from one
 * address (throttles raised, no automatic blocks), so a test or benchmark can keep its argon2
 * pool saturated with sign-ins for unknown IDs (each one a real argon2id verification).
 */
export async function startSaturablePortal(
  environment: Record<string, string> = {},
  serverOptions: Pick<ServerOptions, "operations"> = {},
): Promise<{ running: RunningServer; origin: string; stop(): Promise<void> }> {
  const folder = mkdtempSync(join(tmpdir(), "rekey-saturation-"));
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: String(port),
    HOST: "127.0.0.1",
    // The address the load is sent to: any other host name would be redirected to the origin.
    REKEY_ORIGIN: `http://127.0.0.1:${port}`,
    REKEY_DB: join(folder, "rekey.db"),
    REKEY_SIGN_IN_PER_ADDRESS_PER_MINUTE: "10000",
    REKEY_SIGN_IN_PER_NETWORK_PER_MINUTE: "100000",
    REKEY_UNTRUSTED_PASSWORD_CHECKS: "64",
    REKEY_UNDER_ATTACK_AUTO: "false",
    REKEY_AUTO_BLOCK_ACCOUNTS: "100000",
    REKEY_ACCOUNT_FREE_FAILURES: "100",
    REKEY_METRICS_TOKEN: "metrics-token-for-tests-0123456789",
    ...environment,
  });
  const running = await startServer(config, {
    drainTimeoutInMilliseconds: 5000,
    ...serverOptions,
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    running,
    origin,
    stop: async () => {
      await running.shutdown("test");
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** One sign-in for an unknown ID through the real form: CSRF cookie first, then the POST. */
export async function createSignInSender(origin: string): Promise<() => Promise<number>> {
  const home = await fetch(`${origin}/login`);
  const cookies = home.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
  const csrf = cookies.find((cookie) => cookie?.includes("csrf"))?.split("=")[1] ?? "";
  let attempt = 0;
  return async () => {
    attempt++;
    const response = await fetch(`${origin}/login`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: origin.replace("127.0.0.1", "localhost"),
        "sec-fetch-site": "same-origin",
        cookie: cookies.join("; "),
      },
      body: new URLSearchParams({
        loginId: `nobody-${attempt}`,
        password: "a wrong password for load",
        csrfToken: csrf,
      }).toString(),
    });
    await response.arrayBuffer();
    return response.status;
  };
}
