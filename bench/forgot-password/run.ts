import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { insertMember } from "../../src/accounts/members";
import { outboxMessage } from "../../src/db/schema";
import { issueAllQueuedResetLinks } from "../../src/resets/reset-request-worker";
import { createApp } from "../../src/web/app";
import { machineLoad, summarise } from "../strength/stats";
import { openBenchPortal } from "../support/bench-portal";

/**
 * npm run bench:forgot-password [-- --pairs 200]
 * "Forgot password" through the real app (app.request: every middleware, the source and per-ID
 * throttles) on a database file with the production configuration, for a real ID and an
 * unknown one in interleaved pairs (the order alternates), so both share the machine's load.
 * Each request comes from its own /24 and names an ID used once, so every one is admitted and
 * does the full work; a gap between the two medians is what a timing attacker would see.
 * The worker that issues the links runs after the timed requests, and is timed on its own.
 */
const { values } = parseArgs({ options: { pairs: { type: "string", default: "200" } } });
const pairs = Number(values.pairs);
const warmUpPairs = 20;

const { deps, passwordHash, remove } = await openBenchPortal("forgot-password");
const app = createApp(deps);
const origin = deps.config.origin.origin;
for (let index = 0; index < pairs + warmUpPairs; index += 1) {
  await insertMember(deps.database, {
    loginId: `member${index}`,
    email: `member${index}@example.jp`,
    passwordHash,
    createdAt: deps.clock.now(),
  });
}

let requestCount = 0;
/** One request for `loginId` from a browser of its own (a fresh /24), timed without the GET. */
async function timeForgotPassword(loginId: string): Promise<number> {
  requestCount += 1;
  const address = `10.${(requestCount >> 8) & 255}.${requestCount & 255}.1`;
  const env = { incoming: { socket: { remoteAddress: address } } } as never;
  const form = await app.request(`${origin}/forgot-password`, {}, env);
  await form.arrayBuffer();
  const cookies = form.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] ?? "")
    .filter(Boolean);
  const csrf = cookies.find((pair) => pair.split("=")[0]?.endsWith("rekey_csrf"))?.split("=")[1];
  const init = {
    method: "POST",
    headers: {
      cookie: cookies.join("; "),
      "content-type": "application/x-www-form-urlencoded",
      origin,
      "sec-fetch-site": "same-origin",
    },
    body: new URLSearchParams({ csrfToken: csrf ?? "", loginId }).toString(),
  };
  const startedAt = performance.now();
  const response = await app.request(`${origin}/forgot-password`, init, env);
  await response.arrayBuffer();
  const elapsed = performance.now() - startedAt;
  if (response.status !== 303) throw new Error(`forgot-password answered ${response.status}`);
  return elapsed;
}

console.log(`node ${process.version}, ${availableParallelism()} cores ${machineLoad()}`);
const samples = { known: [] as number[], unknown: [] as number[] };
for (let index = 0; index < pairs + warmUpPairs; index += 1) {
  const record = index >= warmUpPairs;
  const order = index % 2 === 0 ? (["known", "unknown"] as const) : (["unknown", "known"] as const);
  for (const kind of order) {
    const loginId = kind === "known" ? `member${index}` : `nobody${index}`;
    const elapsed = await timeForgotPassword(loginId);
    if (record) samples[kind].push(elapsed);
  }
}

// The same median as summarise() prints.
const median = (numbers: readonly number[]) =>
  [...numbers].sort((a, b) => a - b)[Math.ceil(numbers.length / 2) - 1] ?? Number.NaN;
const differences = samples.known.map((known, index) => known - (samples.unknown[index] ?? 0));
console.log(`\n${pairs} interleaved pairs of forgot-password requests  ${machineLoad()}`);
console.log(`  real ID     ${summarise(samples.known)}`);
console.log(`  unknown ID  ${summarise(samples.unknown)}`);
console.log(
  `  real minus unknown: difference of medians ${(median(samples.known) - median(samples.unknown)).toFixed(3)} ms, ` +
    `median of the paired differences ${median(differences).toFixed(3)} ms`,
);

const workerStartedAt = performance.now();
await issueAllQueuedResetLinks(deps);
const workerElapsed = performance.now() - workerStartedAt;
const emails = await deps.database
  .select({ id: outboxMessage.id })
  .from(outboxMessage)
  .where(eq(outboxMessage.kind, "password-reset"));
console.log(
  `\nthe reset-request worker, afterwards: ${emails.length} links issued and e-mails queued in ` +
    `${workerElapsed.toFixed(1)} ms (${(workerElapsed / Math.max(1, emails.length)).toFixed(3)} ms each)`,
);
console.log(`\nat the end ${machineLoad()}`);
remove();
process.exit(0);
