import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { Agent, request } from "node:http";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";

/**
 * bench/pages: `npm run bench:pages -- [--connections 50] [--seconds 4] [--rounds 3]
 *   [--compare /work/main] [--profile]`
 * Issue 18: GET /account (signed in) and GET /login against a Hono hello-world on
 * @hono/node-server, each server alone in its own process (portal.ts, hello.ts), driven in
 * turn from this one with `connections` keep-alive connections for `seconds`, A/B interleaved
 * over `rounds` so the machine's load falls on every target alike. Prints req/s, the server's
 * CPU milliseconds per request (process.cpuUsage of the server process), p99, the ratios to hello
 * world and the load average. --compare runs a second rekey from another checkout in the same
 * run; --profile writes a --cpu-prof profile of the rekey server to bench/.work/pages-profile.
 * Only ratios within one run mean anything on a shared machine.
 */
const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    seconds: { type: "string", default: "4" },
    rounds: { type: "string", default: "3" },
    compare: { type: "string" },
    profile: { type: "boolean", default: false },
  },
});
const connections = Math.min(Number(values.connections), 500);
const seconds = Math.min(Number(values.seconds), 60);
const rounds = Math.min(Number(values.rounds), 20);

interface Server {
  child: ChildProcess;
  origin: string;
  cookie: string;
}

const startServer = async (script: string, args: string[], execArgv: string[] = []) => {
  // fork() reuses this process's execArgv, so the children load TypeScript through tsx too;
  // tsx reads the tsconfig (JSX settings) of the working folder, so each runs in its checkout.
  const child = fork(new URL(script, import.meta.url), args, {
    cwd: args[0] ?? process.cwd(),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    execArgv: [...process.execArgv, ...execArgv],
  });
  const [ready] = (await once(child, "message")) as [{ origin: string; cookie?: string }];
  return { child, origin: ready.origin, cookie: ready.cookie ?? "" } satisfies Server;
};

const readCpuInMilliseconds = async (server: Server): Promise<number> => {
  server.child.send("cpu");
  const [{ cpu }] = (await once(server.child, "message")) as [{ cpu: NodeJS.CpuUsage }];
  return (cpu.user + cpu.system) / 1000;
};

/** `connections` keep-alive loops of GET requests; latencies in ms, and any non-200 counted. */
async function drive(server: Server, path: string, withCookie: boolean) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const headers = withCookie ? { cookie: server.cookie } : {};
  const latencies: number[] = [];
  let failures = 0;
  const get = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const outgoing = request(`${server.origin}${path}`, { agent, headers }, (response) => {
        response.resume();
        response.on("end", () => {
          latencies.push(performance.now() - started);
          if (response.statusCode !== 200) failures++;
          resolve();
        });
      });
      outgoing.on("error", () => {
        failures++;
        resolve();
      });
      outgoing.end();
    });
  const cpuBefore = await readCpuInMilliseconds(server);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) await get();
    }),
  );
  const elapsedInSeconds = (performance.now() - started) / 1000;
  const cpuInMilliseconds = (await readCpuInMilliseconds(server)) - cpuBefore;
  agent.destroy();
  return { latencies, failures, elapsedInSeconds, cpuInMilliseconds };
}

const hello = await startServer("./hello.ts", []);
const rekey = await startServer(
  "./portal.ts",
  [],
  values.profile ? ["--cpu-prof", `--cpu-prof-dir=${process.cwd()}/bench/.work/pages-profile`] : [],
);
const baseline = values.compare ? await startServer("./portal.ts", [values.compare]) : null;

const targets = [
  { name: "hello world", server: hello, path: "/", withCookie: false },
  { name: "GET /account", server: rekey, path: "/account", withCookie: true },
  { name: "GET /login", server: rekey, path: "/login", withCookie: false },
  ...(baseline
    ? [
        { name: "GET /account (compare)", server: baseline, path: "/account", withCookie: true },
        { name: "GET /login (compare)", server: baseline, path: "/login", withCookie: false },
      ]
    : []),
];
const totals = new Map(
  targets.map((target) => [
    target.name,
    { requests: 0, failures: 0, seconds: 0, cpu: 0, latencies: [] as number[] },
  ]),
);
const loadSamples: number[] = [];
for (let round = 0; round < rounds; round++) {
  // Alternate the order each round, so no target always runs right after the same neighbour.
  const order = round % 2 === 0 ? targets : [...targets].reverse();
  for (const target of order) {
    const result = await drive(target.server, target.path, target.withCookie);
    const total = totals.get(target.name);
    if (!total) continue;
    total.requests += result.latencies.length;
    total.failures += result.failures;
    total.seconds += result.elapsedInSeconds;
    total.cpu += result.cpuInMilliseconds;
    total.latencies.push(...result.latencies);
    loadSamples.push(loadavg()[0] ?? 0);
  }
}
for (const server of [hello, rekey, baseline]) {
  if (!server) continue;
  server.child.send("stop");
  await once(server.child, "exit");
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const percentile = (sorted: number[], fraction: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
const helloRate = (() => {
  const total = totals.get("hello world");
  return total ? total.requests / total.seconds : Number.NaN;
})();
const rows = [...totals].map(([name, total]) => {
  const sorted = total.latencies.sort((a, b) => a - b);
  const requestsPerSecond = total.requests / total.seconds;
  return {
    target: name,
    requestsPerSecond: Math.round(requestsPerSecond),
    cpuMillisecondsPerRequest: round(total.cpu / total.requests, 3),
    p50InMilliseconds: round(percentile(sorted, 0.5), 1),
    p99InMilliseconds: round(percentile(sorted, 0.99), 1),
    ofHelloWorld: `${round((requestsPerSecond / helloRate) * 100, 1)}%`,
    failures: total.failures,
  };
});
console.table(rows);
console.log(
  JSON.stringify(
    {
      connections,
      secondsPerSlot: seconds,
      rounds,
      rows,
      loadAverageDuringRun: {
        min: round(Math.min(...loadSamples)),
        max: round(Math.max(...loadSamples)),
      },
      loadAverageAtEnd: loadavg().map((value) => round(value)),
      cores: availableParallelism(),
    },
    null,
    2,
  ),
);
if (rows.some((row) => row.failures > 0)) process.exitCode = 1;
