/**
 * bench/import: `rekey members import` on a generated JSON Lines file with a mix of formats.
 * 1. N members whose hashes are stored as is (bcrypt, argon2id, scrypt, PBKDF2-SHA256 at 600k, no
 *    password): members/s end to end (read, parse, check, set-based upsert). Goal >= 20,000/s.
 *    Run twice, at N/10 and N, to show peak RSS does not grow with the file.
 * 2. W members with fast hashes (MD5, SHA-1, salted SHA-256, md5-crypt, phpass, sha512-crypt),
 *    each wrapped in argon2id: wraps/s against the machine's argon2 capacity (argon2id hashes/s
 *    at the same parameters on every core), while a native member signs in every 250 ms.
 * Usage: npm run bench:import [-- --members N --wrapped N]
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { hash as bcryptHash } from "@node-rs/bcrypt";
import md5Crypt from "apache-md5";
import { encrypt as shaCrypt } from "unixcrypt";
import { insertMember } from "../../src/accounts/members";
import { readImportRecords } from "../../src/imports/import-records";
import {
  type MemberImportOptions,
  openMemberImport,
  runMemberImport,
} from "../../src/imports/member-import";
import { authenticateWithPassword } from "../../src/sessions/password-sign-in";
import { openBenchPortal } from "../support/bench-portal";

const { values } = parseArgs({
  options: {
    members: { type: "string", default: "1000000" },
    wrapped: { type: "string", default: "2000" },
  },
});
const memberCount = Number(values.members);
const wrappedCount = Number(values.wrapped);
const cores = availableParallelism();
const options: MemberImportOptions = {
  hashFormat: { kind: "auto" },
  resetRequired: false,
  resetWeakerThan: null,
  sendSetPasswordLinks: false,
};

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
}
console.log(`machine: ${cores} cores, load average ${load()} (1/5/15 min) at start`);

const { deps, passwordHash: nativeHash, remove } = await openBenchPortal("import");
const folder = join(import.meta.dirname, "../.work/import");

// Adaptive hashes are kept as they are, so the rows can share a few real ones.
const adaptive = [
  await bcryptHash("old password", 10),
  "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
  "$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E",
  "$pbkdf2-sha256$600000$N2YMIWQsBWBMae09x1jrPQ$lEjTD4tvq5SOB5ctjdSxvnbzU5PQEfMComvCIxNEqq8",
  null,
];
function fastHash(index: number): string {
  const password = `old password ${index}`;
  switch (index % 6) {
    case 0:
      return createHash("md5").update(password).digest("hex");
    case 1:
      return createHash("sha1").update(password).digest("hex");
    case 2:
      return `md5$s${index}$${createHash("md5").update(`s${index}${password}`).digest("hex")}`;
    case 3:
      return md5Crypt(password, `$1$s${index % 100000}$`);
    case 4:
      return "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0";
    default:
      return shaCrypt(password, `$6$s${index % 100000}`);
  }
}

async function writeFile(
  name: string,
  count: number,
  offset: number,
  hashOf: (index: number) => string | null,
) {
  const path = join(folder, name);
  const out = createWriteStream(path);
  for (let index = offset; index < offset + count; index++) {
    const line = `${JSON.stringify({
      externalId: `svc-${index}`,
      loginId: `member${index}`,
      email: `member${index}@example.jp`,
      emailVerified: index % 3 !== 0,
      displayName: `Member ${index}`,
      language: index % 2 === 0 ? "ja" : "en",
      createdAt: "2018-06-01T00:00:00Z",
      passwordHash: hashOf(index),
    })}\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return path;
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function importFile(path: string, wrapConcurrency = cores) {
  peakRss = process.memoryUsage().rss;
  const importRow = await openMemberImport(deps, {
    source: "cli",
    fileName: path,
    fileFingerprint: null,
    importOptions: options,
    resume: false,
  });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const finished = await runMemberImport(deps, {
    importRow,
    records: readImportRecords(createReadStream(path), "jsonl"),
    importOptions: options,
    actor: { kind: "cli" },
    wrapConcurrency,
  });
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time of this process (all threads): what the import costs, whatever else the cores run.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { finished, seconds: (performance.now() - started) / 1000, cpuSeconds, peakRss };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

// 1. Stored as is, at N/10 then N (new members, so each is an insert).
const small = Math.max(1000, Math.floor(memberCount / 10));
const smallFile = await writeFile(
  "small.jsonl",
  small,
  0,
  (index) => adaptive[index % adaptive.length] ?? null,
);
const bigFile = await writeFile(
  "big.jsonl",
  memberCount,
  small,
  (index) => adaptive[index % adaptive.length] ?? null,
);
const first = await importFile(smallFile);
const second = await importFile(bigFile);
for (const [label, run] of [
  [`${small.toLocaleString("en")} rows`, first],
  [`${memberCount.toLocaleString("en")} rows`, second],
] as const) {
  const stored = run.finished.created + run.finished.updated;
  console.log(
    `stored as is, ${label}: ${stored.toLocaleString("en")} members in ${run.seconds.toFixed(1)} s = ${Math.round(stored / run.seconds).toLocaleString("en")} members/s wall, ${((run.cpuSeconds / stored) * 1e6).toFixed(0)} us CPU/member = ${Math.round(stored / run.cpuSeconds).toLocaleString("en")} members per CPU-second; peak RSS ${mb(run.peakRss)}; refused ${run.finished.rejected}`,
  );
}
const reimport = await importFile(smallFile);
console.log(
  `re-import (updates by externalId), ${small.toLocaleString("en")} rows: ${Math.round(reimport.finished.updated / reimport.seconds).toLocaleString("en")} members/s`,
);
console.log(`load average after phase 1: ${load()}`);

// 2. argon2 capacity: hashes/s at the portal's parameters with every core busy.
const capacityHashes = cores * 8;
const started = performance.now();
await Promise.all(
  Array.from({ length: capacityHashes }, (_, index) =>
    deps.passwordHasher.hashPassword(`capacity ${index}`),
  ),
);
const capacity = capacityHashes / ((performance.now() - started) / 1000);
console.log(`argon2id capacity: ${capacity.toFixed(1)} hashes/s on ${cores} cores`);

// 3. Wrapping, while a native member signs in every 250 ms.
await insertMember(deps.database, {
  loginId: "native-member",
  email: "native@example.jp",
  passwordHash: nativeHash,
  createdAt: new Date(),
});
const wrapFile = await writeFile("wrapped.jsonl", wrappedCount, small + memberCount, fastHash);
const signIns: number[] = [];
let signInFailures = 0;
let importing = true;
const signInLoop = (async () => {
  while (importing) {
    const begun = performance.now();
    const result = await authenticateWithPassword(deps, {
      identifier: "native-member",
      password: "bench password 2026",
    });
    if (!result.ok) signInFailures++;
    signIns.push(performance.now() - begun);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
})();
const wrap = await importFile(wrapFile);
importing = false;
await signInLoop;
const wrapRate = wrap.finished.wrapped / wrap.seconds;
signIns.sort((a, b) => a - b);
const percentile = (p: number) =>
  signIns[Math.min(signIns.length - 1, Math.floor(p * signIns.length))] ?? 0;
console.log(
  `wrapped in argon2id: ${wrap.finished.wrapped.toLocaleString("en")} fast hashes in ${wrap.seconds.toFixed(1)} s = ${wrapRate.toFixed(1)}/s, ${((wrapRate / capacity) * 100).toFixed(0)}% of argon2 capacity; refused ${wrap.finished.rejected}`,
);
console.log(
  `sign-ins during the wrap: ${signIns.length} (failed ${signInFailures}), p50 ${percentile(0.5).toFixed(0)} ms, p99 ${percentile(0.99).toFixed(0)} ms, max ${(signIns.at(-1) ?? 0).toFixed(0)} ms`,
);
console.log(`load average at end: ${load()}`);
clearInterval(sampler);
remove();
