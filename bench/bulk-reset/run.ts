/**
 * bench/bulk-reset: a database of 1M members, a bulk reset of 100k IDs through the real engine,
 * while members keep loading /account over HTTP from another process. Prints IDs/s end to end,
 * the server's CPU time per ID, and the /account p99. Goal: >= 20k IDs/s, p99 < 100 ms.
 * Usage: npm run bench:bulk-reset [-- --members N --ids N --batch-size N]
 */
import { fork } from "node:child_process";
import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { closeDatabase } from "../../src/db/connection";
import { createBulkResetJob } from "../../src/resets/bulk-reset-jobs";
import { runBulkResetJob } from "../../src/resets/bulk-reset-runner";
import { createSession } from "../../src/sessions/sessions";
import { createApp } from "../../src/web/app";
import { openBenchPortal } from "../support/bench-portal";
import {
  type ClientResult,
  formatReport,
  readBytesWritten,
  readMainThreadCpuSeconds,
} from "./report";
import { seedMembers } from "./seed";

const { values } = parseArgs({
  options: {
    members: { type: "string", default: "1000000" },
    ids: { type: "string", default: "100000" },
    "batch-size": { type: "string" },
  },
});
const memberCount = Number(values.members);
const idCount = Number(values.ids);
const batchSize = values["batch-size"] ? Number(values["batch-size"]) : undefined;
const { deps, passwordHash: hash, remove } = await openBenchPortal("bulk-reset");

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

const client = fork(new URL("./account-client.mjs", import.meta.url), [
  `http://127.0.0.1:${port}/account`,
  "600000",
]);
client.send({ cookies });
await new Promise((resolve) => client.once("message", resolve));
// Enabled a second ahead (of idle time) and never reset: the monitor's first tick after either
// only starts its clock, so a stall right then would go unrecorded.
const stalls = monitorEventLoopDelay({ resolution: 10 });
stalls.enable();
await new Promise((resolve) => setTimeout(resolve, 1000));

const loadAtStart = loadavg();
const cpuAtStart = process.cpuUsage();
const mainThreadCpuAtStart = readMainThreadCpuSeconds();
const writtenAtStart = readBytesWritten();
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
const finished = await runBulkResetJob(deps, { jobId: job.id, batchSize });
const elapsedInSeconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuAtStart);
const mainThreadCpuAtEnd = readMainThreadCpuSeconds();
const writtenAtEnd = readBytesWritten();
stalls.disable();

const result = new Promise<ClientResult>((resolve) => client.once("message", resolve));
client.send("stop");
const figures = await result;
server.close();
for (const line of formatReport(
  {
    idCount,
    matched: finished?.matched ?? 0,
    unknown: finished?.unknown ?? 0,
    status: finished?.status ?? "missing",
    creationInSeconds: (created - started) / 1000,
    elapsedInSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    mainThreadCpuSeconds:
      mainThreadCpuAtStart === null || mainThreadCpuAtEnd === null
        ? null
        : mainThreadCpuAtEnd - mainThreadCpuAtStart,
    bytesWritten:
      writtenAtStart === null || writtenAtEnd === null ? null : writtenAtEnd - writtenAtStart,
    longestStallInMilliseconds: stalls.max / 1e6,
    loadAtStart,
  },
  figures,
))
  console.log(line);
closeDatabase(deps.database);
remove();
