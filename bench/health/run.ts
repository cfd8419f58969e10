import { get } from "node:http";
import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createSignInSender, startSaturablePortal } from "../../test/support/saturation";

/**
 * bench/health: `npx tsx bench/health/run.ts [--connections 200] [--seconds 10]`
 * Issue 17 finding 4: /healthz and /metrics latency while the portal is saturated. Starts the
 * real portal (src/server.ts) on a loopback port with throttles raised, keeps `connections`
 * sign-ins for unknown IDs in flight (each a real argon2id verification) for `seconds`, probes
 * /healthz and /metrics every 50 ms on fresh connections, on the main port and on the
 * operations port (REKEY_OPERATIONS_PORT), (as a load balancer and a scraper
 * do), then prints p50/p99/max and the machine's load average. The load generator runs in the
 * same process as the portal, so the figures include its own event-loop work: pessimistic.
 */
const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "200" },
    seconds: { type: "string", default: "10" },
  },
});
const connections = Math.min(Number(values.connections), 500);
const seconds = Math.min(Number(values.seconds), 60);
const metricsToken = "metrics-token-for-tests-0123456789";

const portal = await startSaturablePortal({ LOG_LEVEL: "silent", REKEY_OPERATIONS_PORT: "0" });
const operationsOrigin = `http://127.0.0.1:${portal.running.operationsAddress?.port}`;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const signIn = await createSignInSender(portal.origin);
const deadline = performance.now() + seconds * 1000;
let signIns = 0;
const workers = Array.from({ length: connections }, async () => {
  while (performance.now() < deadline) {
    await signIn().catch(() => 0);
    signIns++;
  }
});

const latencies: Record<string, number[]> = {
  "main port /healthz": [],
  "main port /metrics": [],
  "operations port /healthz": [],
  "operations port /metrics": [],
};
const probe = (listener: "main port" | "operations port", path: string) =>
  new Promise<void>((resolve) => {
    const started = performance.now();
    const headers = path === "/metrics" ? { authorization: `Bearer ${metricsToken}` } : {};
    const origin = listener === "main port" ? portal.origin : operationsOrigin;
    get(`${origin}${path}`, { headers, agent: false }, (response) => {
      response.resume();
      response.on("end", () => {
        latencies[`${listener} ${path}`]?.push(performance.now() - started);
        resolve();
      });
    }).on("error", () => resolve());
  });
const probes = (async () => {
  // Let the load build up first.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const pending: Promise<void>[] = [];
  while (performance.now() < deadline) {
    pending.push(
      probe("main port", "/healthz"),
      probe("main port", "/metrics"),
      probe("operations port", "/healthz"),
      probe("operations port", "/metrics"),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await Promise.all(pending);
})();

await Promise.all([...workers, probes]);
const load = loadavg();
loopDelay.disable();
await portal.stop();

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}
const report = {
  connections,
  seconds,
  signIns,
  signInsPerSecond: Math.round(signIns / seconds),
  ...Object.fromEntries(
    Object.entries(latencies).map(([path, samples]) => {
      const sorted = [...samples].sort((a, b) => a - b);
      return [
        path,
        {
          probes: sorted.length,
          p50InMilliseconds: Number(percentile(sorted, 0.5).toFixed(1)),
          p99InMilliseconds: Number(percentile(sorted, 0.99).toFixed(1)),
          maxInMilliseconds: Number((sorted.at(-1) ?? Number.NaN).toFixed(1)),
        },
      ];
    }),
  ),
  eventLoopDelay: {
    p99InMilliseconds: Number((loopDelay.percentile(99) / 1e6).toFixed(1)),
    maxInMilliseconds: Number((loopDelay.max / 1e6).toFixed(1)),
  },
  loadAverage: load.map((value) => Number(value.toFixed(2))),
};
console.log(JSON.stringify(report, null, 2));
