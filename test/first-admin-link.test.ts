import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { createAdministrator } from "../src/admin/administrators";
import { announceFirstAdminSetup, firstAdminLinkFileName } from "../src/admin/first-admin-notice";
import { createTestPortal } from "./support/harness";

/** Starts `npm start`'s entry point with standard output piped, as systemd or Docker would. */
function startServer(folder: string, port: number): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(port),
      REKEY_DB: join(folder, "rekey.db"),
      REKEY_BREACH_CORPUS: ":memory:",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("the first administrator's setup link", () => {
  test("a server whose output is not a terminal writes the link to a 0600 file and never prints it", async (t) => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-first-admin-"));
    const server = startServer(folder, await findFreePort());
    t.after(() => {
      server.child.kill("SIGTERM");
      rmSync(folder, { recursive: true, force: true });
    });
    await waitFor(() => /Or run: npx rekey admin create/.test(server.output()), "the notice");
    const output = server.output();
    const path = join(folder, firstAdminLinkFileName);
    assert.doesNotMatch(output, /\/setup\//, output);
    assert.ok(output.includes(path), output);
    assert.equal(statSync(path).mode & 0o777, 0o600);

    // The link in the file is the live one.
    const link = new URL(readFileSync(path, "utf8").trim());
    // The address printed first is the one that works (any other host is redirected to it).
    const printed = /rekey is ready: open (http:\/\/\S+)/.exec(output)?.[1] ?? "";
    const setupPage = await fetch(new URL(link.pathname, printed));
    assert.equal(setupPage.status, 200);
  });

  test("a terminal also gets the link; once an administrator exists the file is removed", async (t) => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-first-admin-"));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const portal = createTestPortal();
    const printed: string[] = [];
    const output = { linkFolder: folder, print: (line: string) => printed.push(line) };
    await announceFirstAdminSetup(portal.deps, { ...output, printsToTerminal: true });
    const path = join(folder, firstAdminLinkFileName);
    const link = readFileSync(path, "utf8").trim();
    assert.ok(printed.some((line) => line.trim() === link));

    await createAdministrator(portal.deps, {
      loginId: "admin",
      email: "admin@example.jp",
      password: "tidal orchard lantern symphony",
    });
    await announceFirstAdminSetup(portal.deps, { ...output, printsToTerminal: true });
    assert.equal(existsSync(path), false);
  });
});
