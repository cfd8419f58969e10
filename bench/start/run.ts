import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

/**
 * bench/start: `npm run bench:start [-- --mode compiled|source] [--starts 3] [--fresh-build]`
 * Issue 24: how long `npm start` takes from the process starting to /healthz answering 200, on
 * a fresh data folder (the first start: migrations, the default breach corpus built) and then
 * on the same folder again (every later start). `compiled` runs scripts/start.mjs as `npm start`
 * does (with --fresh-build, build/ is removed first, so the first start compiles too, as on a
 * clone installed without scripts); `source` runs src/main.ts through tsx as `npm run dev`
 * does. Prints each start, the machine's load average and its cores, since a shared machine's
 * load moves every figure.
 */
const { values } = parseArgs({
  options: {
    mode: { type: "string", default: "compiled" },
    starts: { type: "string", default: "3" },
    "fresh-build": { type: "boolean", default: false },
  },
});
const mode = values.mode === "source" ? "source" : "compiled";
const starts = Math.max(1, Math.min(Number(values.starts) || 3, 10));
const projectRoot = new URL("../../", import.meta.url);

async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function healthy(origin: string): Promise<boolean> {
  try {
    const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(1000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

async function measureStart(folder: string): Promise<number> {
  const port = await findFreePort();
  const entry = mode === "compiled" ? ["scripts/start.mjs"] : ["--import", "tsx", "src/main.ts"];
  const began = performance.now();
  const child: ChildProcess = spawn(process.execPath, entry, {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(port),
      REKEY_ORIGIN: `http://127.0.0.1:${port}`,
      REKEY_DB: join(folder, "rekey.db"),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the portal exited with ${child.exitCode}`);
      if (await healthy(`http://127.0.0.1:${port}`)) return performance.now() - began;
      if (performance.now() - began > 120_000) throw new Error("no /healthz 200 within 120 s");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    child.kill("SIGTERM");
    if (child.exitCode === null) await new Promise((resolve) => child.once("exit", resolve));
  }
}

if (mode === "compiled" && values["fresh-build"])
  rmSync(new URL("build", projectRoot), { recursive: true, force: true });
const folder = mkdtempSync(join(tmpdir(), "rekey-bench-start-"));
try {
  const [before] = loadavg();
  const timings: number[] = [];
  for (let start = 0; start < starts; start++) timings.push(await measureStart(folder));
  const [after] = loadavg();
  console.log(`mode: ${mode}${values["fresh-build"] ? " (build/ removed first)" : ""}`);
  timings.forEach((milliseconds, index) => {
    const label = index === 0 ? "first start (fresh data folder)" : `start ${index + 1}`;
    console.log(`${label}: /healthz 200 after ${(milliseconds / 1000).toFixed(2)} s`);
  });
  console.log(
    `load average (1 min): ${before?.toFixed(2)} before, ${after?.toFixed(2)} after, on ${availableParallelism()} cores`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
