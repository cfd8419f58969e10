import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { CookieJar, createClient, type Send, sleep } from "./http";
import { formatReport, type LegitResult } from "./report";
import {
  measureArgon2Capacity,
  processCpuInMilliseconds,
  type RealMember,
  seedDatabase,
  startPortal,
} from "./setup";
import { memberAddress, runWave } from "./wave";

/**
 * bench:stuffing: a credential-stuffing wave against a real portal on 127.0.0.1, faster than
 * the machine can hash, while real members keep signing in. Bounded in time and requests.
 * BENCH_INSTANCES starts that many portal processes on one database (one per core is how the
 * README says to run it), with the bench spreading connections over them as a load balancer.
 */
const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const members = setting("BENCH_MEMBERS", 100);
const waveSeconds = setting("BENCH_WAVE_SECONDS", 45);
const concurrency = setting("BENCH_CONCURRENCY", 16);
const sourceCount = setting("BENCH_SOURCES", 1024);
const maximumRequests = setting("BENCH_MAX_REQUESTS", 400_000);
const port = setting("BENCH_PORT", 3917);
const instanceCount = setting("BENCH_INSTANCES", 1);
const metricsToken = randomBytes(24).toString("base64url");

async function signIn(send: Send, jar: CookieJar, member: RealMember, address: string) {
  const response = await send("POST", "/login", {
    headers: { cookie: jar.header(), "x-forwarded-for": address },
    form: {
      csrfToken: jar.get("rekey_csrf") ?? "",
      loginId: member.loginId,
      password: member.password,
    },
  });
  jar.remember(response.setCookies);
  return response;
}

const loadAverage = () => loadavg()[0]?.toFixed(2) ?? "?";
const cpuMilliseconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

async function main(): Promise<void> {
  console.log(
    `rekey bench:stuffing — ${cpus().length} CPU cores, shared by the portal, this load generator ` +
      "and whatever else runs on the machine: every wall-clock figure moves with that load",
  );
  console.log(`load average (1 min) at start: ${loadAverage()}`);
  const capacityBefore = await measureArgon2Capacity(3);
  console.log(
    `argon2 capacity (argon2id m=19 MiB t=2 p=1, 4 pool threads, all cores): ${capacityBefore.toFixed(1)} verifications/s`,
  );

  const folder = mkdtempSync(join(tmpdir(), "rekey-bench-"));
  console.log(`seeding ${members} members and an hour of ordinary sign-in history`);
  const realMembers = await seedDatabase(join(folder, "rekey.db"), {
    members,
    baselinePerMinute: 600,
  });
  const portals: Awaited<ReturnType<typeof startPortal>>[] = [];
  // The portals never outlive the bench, however the bench ends.
  const stopPortals = () => {
    for (const portal of portals) portal.kill("SIGTERM");
  };
  process.once("exit", stopPortals);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(1));
  try {
    // One after the other, so that only the first start checks the migrations.
    for (let instance = 0; instance < instanceCount; instance++) {
      portals.push(
        await startPortal(
          {
            REKEY_DB: join(folder, "rekey.db"),
            TRUSTED_PROXIES: "127.0.0.1",
            REKEY_METRICS_TOKEN: metricsToken,
          },
          port + instance,
        ),
      );
    }
    const ports = portals.map((_, instance) => port + instance);
    const sends = ports.map((each) =>
      createClient(each, { maximumSockets: concurrency + 4, keepAlive: true }),
    );
    // Members come back every few seconds, after the server closed idle keep-alive connections.
    const memberSends = ports.map((each) =>
      createClient(each, { maximumSockets: members, keepAlive: false }),
    );
    const sendOf = (clients: Send[], index: number) => clients[index % clients.length] as Send;
    console.log(
      `${instanceCount} portal process${instanceCount === 1 ? "" : "es"} started; real members sign in once on their devices`,
    );
    // Real members signed in before, on the devices they use (they carry a device cookie).
    const jars = realMembers.map(() => new CookieJar());
    for (const [index, member] of realMembers.entries()) {
      const jar = jars[index] as CookieJar;
      const page = await sendOf(sends, index)("GET", "/login", {
        headers: { "x-forwarded-for": memberAddress(index) },
      });
      jar.remember(page.setCookies);
      const first = await signIn(sendOf(sends, index), jar, member, memberAddress(index));
      if (first.status !== 303) throw new Error(`warm-up sign-in failed: ${first.status}`);
    }

    const legit: LegitResult[] = [];
    let waveStartedAt: number | null = null;
    let stopping = false;
    const legitLoops = realMembers.map(async (member, index) => {
      await sleep(Math.random() * 10_000);
      while (!stopping) {
        const jar = jars[index] as CookieJar;
        const response = await signIn(
          sendOf(memberSends, index),
          jar,
          member,
          memberAddress(index),
        );
        legit.push({
          duringWave: waveStartedAt !== null,
          ok: response.status === 303,
          status: response.status,
          latencyInMilliseconds: response.latencyInMilliseconds,
        });
        await sleep(7_000 + Math.random() * 6_000);
      }
    });
    await sleep(12_000);
    console.log(`ordinary traffic running; the wave starts now for ${waveSeconds} s`);

    const portalCpu = () =>
      portals.reduce((total, portal) => total + processCpuInMilliseconds(portal.pid ?? 0), 0);
    const portalCpuBefore = portalCpu();
    const benchCpuBefore = process.cpuUsage();
    const attack = await runWave({
      sends,
      realMembers,
      seconds: waveSeconds,
      concurrency,
      sourceCount,
      maximumRequests,
      metricsToken,
      onStart: () => {
        waveStartedAt = performance.now();
      },
    });
    const cpu = {
      portalInMilliseconds: portalCpu() - portalCpuBefore,
      loadGeneratorInMilliseconds: cpuMilliseconds(process.cpuUsage(benchCpuBefore)),
    };
    const loadAfterWave = loadAverage();
    stopping = true;
    await Promise.all(legitLoops);
    stopPortals();
    await sleep(500);
    // Measured again once the portal is gone; the ratio uses the higher of the two figures.
    const capacityAfter = await measureArgon2Capacity(3);
    console.log(
      formatReport({
        capacity: { before: capacityBefore, after: capacityAfter },
        attack,
        legit,
        sourceCount,
        concurrency,
        instanceCount,
        cpu,
        loadAverage: loadAfterWave,
      }).join("\n"),
    );
  } finally {
    stopPortals();
    await sleep(500);
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
