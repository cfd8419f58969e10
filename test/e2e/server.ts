import { mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { loadConfig } from "../../src/config";
import type { Clock, Deps } from "../../src/deps";
import { startServer } from "../../src/server";
import type { AppEnv } from "../../src/web/context";

/** The system clock, which a test may move forward (e.g. past the re-authentication window). */
export class ShiftableClock implements Clock {
  private offsetInMilliseconds = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetInMilliseconds);
  }
  advanceByMinutes(minutes: number): void {
    this.offsetInMilliseconds += minutes * 60_000;
  }
}

export interface RunningPortal {
  origin: string;
  clock: ShiftableClock;
  /** The server's own dependencies, for seeding data through the domain modules. */
  deps: Deps;
  /** The app it serves, whose registered routes a test may walk. */
  app: Hono<AppEnv>;
  stop(): Promise<void>;
}

/**
 * The real portal, started exactly as src/main.ts starts it (src/server.ts: checked corpus,
 * warmed strength pool, background workers, readiness probes), on a free port of localhost
 * with a temporary database file. The origin is http://localhost:PORT: a secure context for
 * WebAuthn, and the RP ID "localhost" that the browser checks against the page it is on.
 */
export async function startPortal(overrides: Partial<Deps> = {}): Promise<RunningPortal> {
  const folder = mkdtempSync(join(tmpdir(), "rekey-e2e-"));
  const port = await findFreePort();
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: String(port),
    HOST: "127.0.0.1",
    REKEY_ORIGIN: `http://localhost:${port}`,
    REKEY_DB: join(folder, "rekey.db"),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  });
  const clock = new ShiftableClock();
  const running = await startServer(config, {
    overrides: { clock, ...overrides },
    drainTimeoutInMilliseconds: 2000,
  });
  return {
    origin: config.origin.origin,
    clock,
    deps: running.deps,
    app: running.app,
    stop: async () => {
      // Workers, the checkpoint thread and the database close before their files go away, so
      // nothing logs ENOENT or "database connection is not open" after the suite.
      await running.shutdown("test teardown");
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on now (the kernel's pick), for an origin known before the start. */
async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
