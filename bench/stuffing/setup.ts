import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { openSync, readFileSync } from "node:fs";
import { registerMember } from "../../src/accounts/registration";
import { createDeps } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import { closeDatabase } from "../../src/db/connection";
import { signInMinute } from "../../src/db/schema";
import { minuteOf } from "../../src/defence/sign-in-events";
import { createArgon2Hasher, owaspArgon2Parameters } from "../../src/passwords/hashing";
import { benchHost, sleep } from "./http";

export interface RealMember {
  loginId: string;
  email: string;
  password: string;
}

/**
 * Real members, and an hour of ordinary sign-in history: a portal that has been running, so
 * the spike detector has a baseline to compare the wave with.
 */
export async function seedDatabase(
  databasePath: string,
  options: { members: number; baselinePerMinute: number },
): Promise<RealMember[]> {
  const deps = createDeps(loadConfig({ REKEY_DB: databasePath, LOG_LEVEL: "silent" }));
  const members: RealMember[] = [];
  for (let index = 0; index < options.members; index++) {
    const member = {
      loginId: `member${index}`,
      email: `member${index}@example.jp`,
      password: randomBytes(12).toString("base64url"),
    };
    await registerMember(deps, member);
    members.push(member);
  }
  const now = minuteOf(new Date());
  for (let minute = now - 61; minute < now; minute++) {
    await deps.database.insert(signInMinute).values({
      minute,
      attempts: options.baselinePerMinute,
      successes: Math.round(options.baselinePerMinute * 0.95),
      rejected: 0,
    });
  }
  closeDatabase(deps.database);
  return members;
}

/** The machine's argon2 capacity: verifications per second on the libuv pool (4 threads). */
export async function measureArgon2Capacity(seconds: number): Promise<number> {
  const hasher = createArgon2Hasher(owaspArgon2Parameters);
  const hash = await hasher.hashPassword("correct horse battery staple");
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (performance.now() < deadline) {
        await hasher.verifyPassword(hash, "correct horse battery staple");
        done++;
      }
    }),
  );
  return done / seconds;
}

/**
 * Starts `src/main.ts` as `npm start` does (tsx's loader, in-process rather than through the
 * tsx wrapper, so the child's pid is the server's and its CPU time can be read), and waits
 * until /healthz answers. BENCH_NODE_OPTIONS adds node flags, e.g. "--cpu-prof".
 */
export async function startPortal(environment: Record<string, string>, port: number) {
  const nodeOptions = (process.env.BENCH_NODE_OPTIONS ?? "").split(" ").filter(Boolean);
  // BENCH_PORTAL_LOG keeps the portal's JSON request log (durations per request) in a file.
  const logFile = process.env.BENCH_PORTAL_LOG;
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeOptions, "--import", "tsx", "src/main.ts"],
    {
      env: { ...process.env, ...environment, PORT: String(port), HOST: benchHost },
      stdio: ["ignore", logFile ? openSync(logFile, "w") : "ignore", "inherit"],
    },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    await sleep(200);
    try {
      const response = await fetch(`http://${benchHost}:${port}/healthz`);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
  }
  child.kill();
  throw new Error("the portal did not start within 20 seconds");
}

/**
 * CPU time a process has used so far (user + system, all its threads), from /proc on Linux:
 * unlike wall-clock rates it barely moves when other work shares the cores.
 */
export function processCpuInMilliseconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicksPerSecond;
}
// USER_HZ is 100 on every mainstream Linux build.
const clockTicksPerSecond = 100;
