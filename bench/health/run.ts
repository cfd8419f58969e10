import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { get } from "node:http";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";

/**
 * bench/health: `npx tsx bench/health/run.ts [--connections 200] [--seconds 15]`
 * Issue 17 finding 4: /healthz, /readyz and /metrics latency while the portal is saturated.
 * Three processes, as in production: the portal (portal.ts: src/server.ts with throttles raised
 * and REKEY_OPERATIONS_PORT), a load generator (load.ts: `connections` sign-ins for unknown IDs
 * in flight for `seconds`, each a real argon2id verification), and this one, which only probes
 * /healthz, /readyz and /metrics every 50 ms on fresh connections (as a load balancer and a
 * scraper do) on the operations port and on the main port, then prints p50/p99/max and the
 * machine's load average. Loopback only.
 */
const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "200" },
    seconds: { type: "string", default: "15" },
  },
});
const connections = Math.min(Number(values.connections), 500);
const seconds = Math.min(Number(values.seconds), 60);
const metricsToken = "metrics-token-for-tests-0123456789";

// fork() reuses this process's execArgv, so the children load TypeScript through tsx too.
const startChild = (script: string, args: string[] = []): ChildProcess =>
  fork(new URL(script, import.meta.url), args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });

const portal = startChild("./portal.ts");
const [{ origin, operationsOrigin }] = (await once(portal, "message")) as [
  { origin: string; operationsOrigin: string },
];
const loadGenerator = startChild("./load.ts", [origin, String(connections), String(seconds)]);
const loadReport = once(loadGenerator, "message") as Promise<
  [{ signIns: number; failures: number }]
>;

const targets = {
  "operations port": operationsOrigin,
  "main port": origin,
} as const;
const paths = ["/healthz", "/readyz", "/metrics"] as const;
const latencies = new Map<string, number[]>();
let probeFailures = 0;
const probe = (listener: keyof typeof targets, path: (typeof paths)[number]) =>
  new Promise<void>((resolve) => {
    const started = performance.now();
    const headers = path === "/metrics" ? { authorization: `Bearer ${metricsToken}` } : {};
    const request = get(`${targets[listener]}${path}`, { headers, agent: false }, (response) => {
      response.resume();
      response.on("end", () => {
        const key = `${listener} ${path}`;
        latencies.set(key, [...(latencies.get(key) ?? []), performance.now() - started]);
        if (response.statusCode !== 200) probeFailures++;
        resolve();
      });
    });
    request.setTimeout(30_000, () => request.destroy());
    request.on("error", () => {
      probeFailures++;
      resolve();
    });
  });

// Let the load build up first, then probe until the load generator stops.
await new Promise((resolve) => setTimeout(resolve, 1000));
const deadline = performance.now() + (seconds - 1.5) * 1000;
const pending: Promise<void>[] = [];
while (performance.now() < deadline) {
  for (const listener of Object.keys(targets) as (keyof typeof targets)[]) {
    for (const path of paths) pending.push(probe(listener, path));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await Promise.all(pending);
const [{ signIns, failures }] = await loadReport;
const load = loadavg();
portal.send("stop");
await once(portal, "exit");

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}
const round = (value: number) => Number(value.toFixed(1));
console.log(
  JSON.stringify(
    {
      connections,
      seconds,
      signIns,
      signInsPerSecond: Math.round(signIns / seconds),
      signInFailures: failures,
      probeFailures,
      ...Object.fromEntries(
        [...latencies].map(([key, samples]) => {
          const sorted = [...samples].sort((a, b) => a - b);
          return [
            key,
            {
              probes: sorted.length,
              p50InMilliseconds: round(percentile(sorted, 0.5)),
              p99InMilliseconds: round(percentile(sorted, 0.99)),
              maxInMilliseconds: round(sorted.at(-1) ?? Number.NaN),
            },
          ];
        }),
      ),
      loadAverageAtEnd: load.map((value) => Number(value.toFixed(2))),
      cores: availableParallelism(),
    },
    null,
    2,
  ),
);
