import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync, utimesSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";

const builtEntry = new URL("../build/src/main.js", import.meta.url);

async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("npm start runs the compiled portal", () => {
  test("a source newer than the build is compiled first; the portal then answers /healthz and sends 127.0.0.1 to its origin", async (t) => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-production-start-"));
    // A source changed after the last build (a `git pull`): the start compiles again.
    const now = new Date();
    utimesSync(new URL("../src/main.ts", import.meta.url), now, now);
    const port = await findFreePort();
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: new URL("../", import.meta.url),
      env: {
        ...process.env,
        NODE_ENV: "development",
        PORT: String(port),
        REKEY_DB: join(folder, "rekey.db"),
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    t.after(() => {
      child.kill("SIGTERM");
      rmSync(folder, { recursive: true, force: true });
    });
    for (let waited = 0; !output.includes("rekey is ready"); waited += 100) {
      assert.ok(waited < 90_000 && child.exitCode === null, output);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(output, /rekey: compiling the server/);
    assert.match(output, new RegExp(`rekey is ready: open http://localhost:${port}/`));
    assert.ok(statSync(builtEntry).mtimeMs >= now.getTime() - 1000, "build/ was made afresh");

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    const redirected = await fetch(`http://127.0.0.1:${port}/login`, { redirect: "manual" });
    assert.equal(redirected.status, 308);
    assert.equal(redirected.headers.get("location"), `http://localhost:${port}/login`);
  });
});
