/**
 * bench/admin: the admin console over a million members. Seeds the database, runs the member
 * census (the dashboard's source), then measures over HTTP the latency of the dashboard, member
 * search (login-ID and e-mail prefixes, first and later pages) and member pages.
 * Goal: dashboard and member search p99 <= 200 ms. Usage: npm run bench:admin [-- --members N]
 */
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { findLatestCompletedCensus } from "../../src/admin/census";
import { advanceMemberCensus } from "../../src/admin/census-worker";
import { createSession } from "../../src/sessions/sessions";
import { createApp } from "../../src/web/app";
import { openBenchPortal } from "../support/bench-portal";
import { seedAdminData } from "./seed";

const { values } = parseArgs({
  options: {
    members: { type: "string", default: "1000000" },
    requests: { type: "string", default: "300" },
  },
});
const memberCount = Number(values.members);
let requests = Number(values.requests);
const { deps, passwordHash: hash, remove } = await openBenchPortal("admin");

let started = performance.now();
seedAdminData(deps.database, { members: memberCount, passwordHash: hash, now: Date.now() });
deps.database.$client.exec("analyze");
console.log(
  `seeded ${memberCount.toLocaleString("en")} members in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

// The census in the slices the background worker uses; each slice holds the event loop.
started = performance.now();
const slices: number[] = [];
let round = { moreWork: true };
let force = true;
while (round.moreWork) {
  const sliceStarted = performance.now();
  round = await advanceMemberCensus(deps, { force });
  force = false;
  slices.push(performance.now() - sliceStarted);
}
const census = await findLatestCompletedCensus(deps.database);
console.log(
  `census: ${census?.figures.members.toLocaleString("en")} members counted in ${((performance.now() - started) / 1000).toFixed(1)} s, ${slices.length} slices, longest slice ${Math.max(...slices).toFixed(1)} ms`,
);

const adminId = 1;
deps.database.$client.prepare("update member set role = 'admin' where id = ?").run(adminId);
const { token } = await createSession(deps, {
  memberId: adminId,
  ipAddress: "127.0.0.1",
  userAgent: "bench",
});
const cookie = `__Host-rekey_session=${token}`;

const app = createApp(deps);
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
await new Promise((resolve) => server.once("listening", resolve));
const address = server.address();
const origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

async function measure(paths: () => string): Promise<{ latencies: number[]; bad: number }> {
  const latencies: number[] = [];
  let bad = 0;
  for (let index = 0; index < requests; index++) {
    const path = paths();
    const begun = performance.now();
    const response = await fetch(origin + path, { headers: { cookie }, redirect: "manual" });
    const body = await response.text();
    latencies.push(performance.now() - begun);
    if (response.status !== 200 || body.length < 500) bad++;
  }
  return { latencies, bad };
}

function report(label: string, result: { latencies: number[]; bad: number }, goal?: number) {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
  console.log(
    `${label.padEnd(34)} n=${sorted.length} median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms${result.bad ? `, ${result.bad} bad answers` : ""}${goal ? ` (goal p99 <= ${goal} ms)` : ""}`,
  );
}

let seed = 17;
const random = (limit: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed % limit;
};
// Warm the page cache and the JIT as a running portal would be.
await measure(() => "/admin");

report("GET /admin (dashboard)", await measure(() => "/admin"), 200);
report(
  "member search, login-ID prefix",
  await measure(() => `/admin/members?q=${`member${random(memberCount)}`.slice(0, 7 + random(5))}`),
  200,
);
report(
  "member search, e-mail prefix",
  await measure(() => `/admin/members?q=${encodeURIComponent(`member${random(memberCount)}@`)}`),
  200,
);
report(
  "member search, a later page",
  await measure(() => {
    const after = `member${random(memberCount)}`;
    return `/admin/members?q=member&after=${after}`;
  }),
  200,
);
report("member page", await measure(() => `/admin/members/${1 + random(memberCount)}`));

// The other console pages, fewer times each: no goal is set for them, but an operator uses
// them at the same scale.
const otherPages = [
  "/admin/attacks",
  "/admin/resets",
  "/admin/investigate",
  "/admin/reminders",
  "/admin/mail",
  "/admin/api-keys",
  "/admin/audit",
];
const fullRequests = requests;
requests = Math.max(10, Math.floor(requests / 10));
for (const path of otherPages) report(`GET ${path}`, await measure(() => path));
requests = fullRequests;

const memory = process.memoryUsage();
console.log(
  `process memory: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`,
);
console.log(
  "The client and the server share this process and the machine's 2 cores; the load average was",
  (await import("node:os"))
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(" "),
);
server.close();
deps.database.$client.close();
remove();
