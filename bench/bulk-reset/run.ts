/**
 * bench/bulk-reset: a database of 1M members, a bulk reset of 100k IDs through the real engine,
 * while members keep loading /account over HTTP. Prints IDs/s end to end and the /account p99.
 * Goal: >= 20k IDs/s, p99 < 100 ms. Usage: npm run bench:bulk-reset [-- --members N --ids N]
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { createDeps } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import { createArgon2Hasher, owaspArgon2Parameters } from "../../src/passwords/hashing";
import { createBulkResetJob } from "../../src/resets/bulk-reset-jobs";
import { runBulkResetJob } from "../../src/resets/bulk-reset-runner";
import { createSession } from "../../src/sessions/sessions";
import { createApp } from "../../src/web/app";
import { seedMembers } from "./seed";

const { values } = parseArgs({
  options: {
    members: { type: "string", default: "1000000" },
    ids: { type: "string", default: "100000" },
  },
});
const memberCount = Number(values.members);
const idCount = Number(values.ids);
const folder = join(import.meta.dirname, "../.work/bulk-reset");
rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });

const config = loadConfig({
  NODE_ENV: "production",
  REKEY_ORIGIN: "https://portal.example.jp",
  REKEY_DB: join(folder, "rekey.db"),
  LOG_LEVEL: "silent",
  PORT: "0",
});
const deps = createDeps(config, { logger: pino({ level: "silent" }) });
const hash = await createArgon2Hasher(owaspArgon2Parameters).hashPassword("bench password 2026");

let started = performance.now();
seedMembers(deps.database, { count: memberCount, passwordHash: hash, now: Date.now() });
console.log(
  `seeded ${memberCount.toLocaleString("en")} members in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

// Members outside the reset list who keep using the portal during the job.
const cookies: string[] = [];
for (let index = memberCount - 200; index < memberCount; index++) {
  const { token } = await createSession(deps, {
    memberId: index + 1,
    ipAddress: "127.0.0.1",
    userAgent: "bench",
  });
  cookies.push(`__Host-rekey_session=${token}`);
}

const app = createApp(deps);
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
await new Promise((resolve) => server.once("listening", resolve));
const address = server.address();
const port = typeof address === "object" && address ? address.port : 0;

// IDs and e-mail addresses mixed, 2% unknown, spread over the whole member table.
const stride = Math.max(1, Math.floor((memberCount - 200) / idCount));
const identifiers = Array.from({ length: idCount }, (_, index) =>
  index % 50 === 0
    ? `unknown${index}`
    : index % 2 === 0
      ? `member${index * stride}`
      : `member${index * stride}@example.jp`,
);

const client = new Worker(new URL("./account-client.mjs", import.meta.url), {
  workerData: { url: `http://127.0.0.1:${port}/account`, cookies, durationInMilliseconds: 600_000 },
});
await new Promise((resolve) => setTimeout(resolve, 1000));

started = performance.now();
const job = await createBulkResetJob(deps, {
  identifiers,
  reason: "bench",
  dryRun: false,
  revokeSessions: true,
  invalidatePassword: true,
  notifyMembers: true,
  source: "cli",
  actor: { kind: "cli" },
});
const created = performance.now();
const finished = await runBulkResetJob(deps, { jobId: job.id });
const elapsedInSeconds = (performance.now() - started) / 1000;

client.postMessage("stop");
const result = await new Promise<{ latencies: number[]; statuses: Record<string, number> }>(
  (resolve) => client.once("message", resolve),
);
await client.terminate();
server.close();

const sorted = [...result.latencies].sort((a, b) => a - b);
const percentile = (fraction: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
const rate = idCount / elapsedInSeconds;
const p99 = percentile(0.99);
console.log(
  `job ${finished?.id}: ${finished?.matched.toLocaleString("en")} reset, ${finished?.unknown} unknown, status ${finished?.status}`,
);
console.log(`job creation (list stored): ${((created - started) / 1000).toFixed(2)} s`);
console.log(
  `end to end: ${idCount.toLocaleString("en")} IDs in ${elapsedInSeconds.toFixed(2)} s = ${Math.round(rate).toLocaleString("en")} IDs/s (goal >= 20,000)`,
);
console.log(
  `/account during the job: ${sorted.length} requests, statuses ${JSON.stringify(result.statuses)}, median ${percentile(0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms (goal p99 < 100 ms)`,
);
deps.database.$client.close();
rmSync(folder, { recursive: true, force: true });
