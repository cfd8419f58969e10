/**
 * bench/webhooks: webhook fan-out for a bulk reset. A database of N members, one Standard
 * Webhooks endpoint subscribed to `member.reset_forced` and `member.sessions_revoked`, a bulk
 * reset of N IDs through the real engine while the real delivery worker (real HTTP, signing,
 * leases) sends to a receiver in another process on 127.0.0.1. Prints the reset's pace with
 * events recorded, deliveries/s, the delay from each member's reset to its delivery (p50, p99,
 * max), duplicates, and the machine's load.
 * Usage: npm run bench:webhooks [-- --ids 100000 --concurrency 32 --worker after-reset|alongside|none]
 * `--worker after-reset` measures the reset alone, then the deliveries with the process to
 * themselves; `--worker none` subscribes no endpoint (the reset's pace without webhooks).
 */
import { fork } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createDeps } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import { closeDatabase } from "../../src/db/connection";
import { createArgon2Hasher, owaspArgon2Parameters } from "../../src/passwords/hashing";
import { createBulkResetJob } from "../../src/resets/bulk-reset-jobs";
import { runBulkResetJob } from "../../src/resets/bulk-reset-runner";
import { createEndpoint } from "../../src/webhooks/endpoints";
import { createHttpWebhookTransport } from "../../src/webhooks/sender";
import { createWebhookWorker } from "../../src/webhooks/worker";
import { seedMembers } from "../bulk-reset/seed";

const { values } = parseArgs({
  options: {
    ids: { type: "string", default: "100000" },
    concurrency: { type: "string", default: "32" },
    "limit-seconds": { type: "string", default: "900" },
    worker: { type: "string", default: "alongside" },
  },
});
const idCount = Number(values.ids);
const workerMode = values.worker as "alongside" | "after-reset" | "none";
const limitInSeconds = Number(values["limit-seconds"]);

const folder = join(import.meta.dirname, "../.work", "webhooks");
rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });
const config = loadConfig({
  NODE_ENV: "production",
  REKEY_ORIGIN: "https://portal.example.jp",
  REKEY_DB: join(folder, "rekey.db"),
  LOG_LEVEL: "silent",
  PORT: "0",
  // The receiver is on this machine: the operator's explicit allowance (SSRF guard off).
  REKEY_WEBHOOKS_ALLOW_PRIVATE: "true",
  REKEY_WEBHOOKS_CONCURRENCY: values.concurrency,
});
const deps = createDeps(config, { logger: pino({ level: "silent" }) });
const passwordHash =
  await createArgon2Hasher(owaspArgon2Parameters).hashPassword("bench password 2026");
seedMembers(deps.database, { count: idCount, passwordHash, now: Date.now() });
console.log(`seeded ${idCount.toLocaleString("en")} members`);

const { endpoint, secret } = await createEndpoint(
  deps,
  {
    kind: "standard",
    url: new URL("http://127.0.0.1/"),
    description: "bench",
    events: workerMode === "none" ? [] : ["member.reset_forced", "member.sessions_revoked"],
    language: "en",
  },
  { kind: "cli" },
);
// The receiver verifies with the endpoint's secret; its port then becomes the endpoint's URL.
const verifyingReceiver = fork(new URL("./receiver.mjs", import.meta.url), [secret ?? ""]);
const { port } = await new Promise<{ port: number }>((resolve) =>
  verifyingReceiver.once("message", (message) => resolve(message as { port: number })),
);
deps.database.$client
  .prepare("update webhook_endpoint set url = ? where id = ?")
  .run(`http://127.0.0.1:${port}/hooks`, endpoint.id);
const askReceiver = <T>(message: string) =>
  new Promise<T>((resolve) => {
    verifyingReceiver.once("message", (answer) => resolve(answer as T));
    verifyingReceiver.send(message);
  });

const transport = createHttpWebhookTransport({
  allowPrivateAddresses: true,
  timeoutInMilliseconds: config.webhooks.requestTimeoutInMilliseconds,
});
const worker = createWebhookWorker(deps, transport, { idlePollInMilliseconds: 100 });

const loadAtStart = loadavg();
const cpuAtStart = process.cpuUsage();
const started = performance.now();
const startedAtWall = Date.now();
if (workerMode === "alongside") worker.start();
const job = await createBulkResetJob(deps, {
  identifiers: Array.from({ length: idCount }, (_, index) => `member${index}`),
  reason: "bench",
  dryRun: false,
  revokeSessions: true,
  invalidatePassword: true,
  notifyMembers: true,
  source: "cli",
  actor: { kind: "cli" },
});
await runBulkResetJob(deps, { jobId: job.id });
const resetSeconds = (performance.now() - started) / 1000;
const loadAfterReset = loadavg();
console.log(
  `bulk reset of ${idCount.toLocaleString("en")} IDs, ${workerMode === "none" ? "no endpoint" : "events recorded"}: ${resetSeconds.toFixed(1)} s (${Math.round(idCount / resetSeconds).toLocaleString("en")} IDs/s, webhook worker ${workerMode})`,
);
if (workerMode === "none") {
  console.log(
    `machine: ${cpus().length} cores; load average ${loadavg()
      .map((v) => v.toFixed(2))
      .join(" ")}`,
  );
  verifyingReceiver.kill();
  closeDatabase(deps.database);
  rmSync(folder, { recursive: true, force: true });
  process.exit(0);
}
const deliveriesStartedAt = Date.now();
if (workerMode === "after-reset") worker.start();

const expected = idCount * 2;
let progress = { received: 0, unique: 0 };
while (progress.unique < expected && (performance.now() - started) / 1000 < limitInSeconds) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  progress = await askReceiver<typeof progress>("report");
}
await worker.stop();
transport.close();
const cpu = process.cpuUsage(cpuAtStart);
const report = await askReceiver<{
  received: number;
  unique: number;
  duplicates: number;
  verified: number;
  firstAt: number;
  lastAt: number;
  p50: number;
  p99: number;
  max: number;
}>("stop");
const deliverySeconds =
  (report.lastAt - (workerMode === "after-reset" ? deliveriesStartedAt : startedAtWall)) / 1000;
const lines = [
  `deliveries: ${report.unique.toLocaleString("en")} of ${expected.toLocaleString("en")} unique (${report.duplicates} duplicates, ${report.verified} signatures verified by standardwebhooks)`,
  `deliveries/s: ${Math.round(report.unique / deliverySeconds).toLocaleString("en")} from the ${workerMode === "after-reset" ? "worker's start" : "reset's start"} to the last delivery (${deliverySeconds.toFixed(1)} s); ${Math.round(report.unique / ((report.lastAt - report.firstAt) / 1000)).toLocaleString("en")} from first to last delivery`,
  `delay from a member's reset to its delivery: p50 ${(report.p50 / 1000).toFixed(1)} s, p99 ${(report.p99 / 1000).toFixed(1)} s, max ${(report.max / 1000).toFixed(1)} s`,
  `portal process CPU: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; concurrency ${config.webhooks.concurrency}`,
  `machine: ${cpus().length} cores; load average (1/5/15 min) at start ${loadAtStart.map((v) => v.toFixed(2)).join(" ")}, after the reset ${loadAfterReset.map((v) => v.toFixed(2)).join(" ")}, at the end ${loadavg()
    .map((v) => v.toFixed(2))
    .join(" ")}`,
];
for (const line of lines) console.log(line);
closeDatabase(deps.database);
rmSync(folder, { recursive: true, force: true });
