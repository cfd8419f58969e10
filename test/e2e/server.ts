import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { createDeps } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import { closeDatabase } from "../../src/db/connection";
import type { Clock, Deps } from "../../src/deps";
import { createApp } from "../../src/web/app";
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
 * The real portal (the app main.ts serves) on a free port of localhost, with a temporary
 * database file. The origin is http://localhost:PORT: a secure context for WebAuthn, and the
 * RP ID "localhost" that the browser checks against the page it is on.
 */
export async function startPortal(): Promise<RunningPortal> {
  const folder = mkdtempSync(join(tmpdir(), "rekey-e2e-"));
  let app: Hono<AppEnv> | undefined;
  const server = serve({
    fetch: (request, env) => (app ? app.fetch(request, env) : new Response(null, { status: 503 })),
    port: 0,
    hostname: "127.0.0.1",
  });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: String(port),
    REKEY_ORIGIN: `http://localhost:${port}`,
    REKEY_DB: join(folder, "rekey.db"),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  });
  const clock = new ShiftableClock();
  const deps = createDeps(config, { clock });
  const portalApp = createApp(deps);
  app = portalApp;
  return {
    origin: config.origin.origin,
    clock,
    deps,
    app: portalApp,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      closeDatabase(deps.database);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
