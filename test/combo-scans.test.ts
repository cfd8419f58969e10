import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { hashSync } from "@node-rs/bcrypt";
import { eq } from "drizzle-orm";
import { runComboScans } from "../src/combo-scans/scan-runner";
import { summarizeComboScan } from "../src/combo-scans/scans";
import { claimComboScanSegment } from "../src/combo-scans/segment-work";
import { prepareComboListFile } from "../src/combo-scans/spool";
import { createVerificationPool } from "../src/combo-scans/verification";
import { member } from "../src/db/schema";
import { preparePassword, wrapLegacyHash } from "../src/imports/prepare-password";
import { TestBrowser } from "./support/browser";
import { runRekey } from "./support/cli";
import { createFilePortal, seedMember, writeList } from "./support/combo-scans";

const alicePassword = "Correct-Horse-7";
const bobOld = "Summer2019!bob";
const bobCurrent = "a-new-one-for-bob";
const carolPassword = "carol-keeps-hers";

async function scanFile(
  portal: Parameters<typeof seedMember>[0],
  path: string,
  options: { columns?: { identifier: string; password: string }; segmentBytes?: number } = {},
) {
  const scan = await prepareComboListFile(portal.deps, path, {
    name: "test list",
    fileName: "list.txt",
    source: "cli",
    actor: { kind: "cli" },
    ...options,
  });
  await runComboScans(portal.deps, { scanId: scan.id });
  const summary = await summarizeComboScan(portal.deps.database, scan.id);
  assert.ok(summary);
  return summary;
}

describe("combo-list scan: formats found in the wild", () => {
  let context: ReturnType<typeof createFilePortal>;
  let lists: string;
  const cleanUps: (() => void)[] = [];
  after(() => {
    for (const cleanUp of cleanUps) cleanUp();
  });
  before(async () => {
    context = createFilePortal({ after: (fn) => cleanUps.push(fn) });
    lists = mkdtempSync(join(tmpdir(), "rekey-lists-"));
    cleanUps.push(() => rmSync(lists, { recursive: true }));
    await seedMember(context.portal, {
      loginId: "alice",
      email: "alice@example.jp",
      password: alicePassword,
    });
    await seedMember(context.portal, { loginId: "jurgen", password: "Jürgen-Pässwort" });
  });

  const cases: {
    title: string;
    content: string | Buffer;
    columns?: { identifier: string; password: string };
  }[] = [
    {
      title: "identifier:password",
      content: `someone@else.example:x\nalice@example.jp:${alicePassword}\n`,
    },
    { title: "identifier;password with a login ID", content: `ALICE;${alicePassword}\n` },
    { title: "tab-separated", content: `alice@example.jp\t${alicePassword}\n` },
    {
      title: "a password that holds the separators",
      content: `nobody:a:b;c\nalice:${alicePassword}\n`,
    },
    {
      title: "CSV with a header",
      content: `"email","password"\n"alice@example.jp","${alicePassword}"\n`,
    },
    {
      title: "CSV with chosen columns",
      content: `site,pw,user\nexample,${alicePassword},alice\n`,
      columns: { identifier: "user", password: "pw" },
    },
    {
      title: "a BOM and CRLF line ends",
      content: `\uFEFFalice@example.jp:${alicePassword}\r\nbob:x\r\n`,
    },
    {
      title: "upper-case, full-width address as typed elsewhere",
      content: `ＡＬＩＣＥ@EXAMPLE.JP:${alicePassword}\n`,
    },
    {
      title: "Latin-1 and UTF-8 lines in one file",
      content: Buffer.concat([
        Buffer.from("jurgen:Jürgen-Pässwort\n", "latin1"),
        Buffer.from(`alice:${alicePassword}\n`, "utf8"),
      ]),
    },
    { title: "no final line end", content: `alice:${alicePassword}` },
  ];
  for (const { title, content, columns } of cases) {
    test(`${title}: the exposed member is found`, async () => {
      const path = writeList(lists, `${title.replace(/\W+/g, "-")}.txt`, content);
      const summary = await scanFile(context.portal, path, { columns });
      assert.equal(summary.scan.status, "completed");
      assert.ok(summary.members.current >= 1, `current exposed in ${title}`);
      assert.equal(summary.malformed, 0);
    });
  }
});

describe("combo-list scan: outcomes", () => {
  test("members still on an imported legacy hash (bcrypt kept as is, SHA-1 wrapped in argon2id) are found by their real verification", async (t) => {
    const { portal, folder } = createFilePortal(t);
    const legacy = [
      { loginId: "oldbcrypt", password: "bcrypt-era-Pass1", hash: hashSync("bcrypt-era-Pass1", 4) },
      {
        loginId: "oldsha",
        password: "sha1-era-Pass2",
        hash: createHash("sha1").update("sha1-era-Pass2").digest("hex"),
      },
    ];
    for (const entry of legacy) {
      await seedMember(portal, { loginId: entry.loginId, password: "placeholder-not-listed" });
      const prepared = preparePassword(entry.hash, null, { kind: "auto" });
      assert.ok(prepared.ok && prepared.password.kind !== "none", entry.loginId);
      const stored =
        prepared.password.kind === "as-is"
          ? prepared.password.storedHash
          : await wrapLegacyHash(portal.deps.passwordHasher, prepared.password.scheme);
      await portal.deps.database
        .update(member)
        .set({ passwordHash: stored })
        .where(eq(member.loginId, entry.loginId));
    }
    const path = writeList(
      folder,
      "legacy.txt",
      legacy.map((entry) => `${entry.loginId}:${entry.password}`).join("\n"),
    );
    const summary = await scanFile(portal, path);
    assert.deepEqual(summary.members, { current: 2, old: 0, none: 0 });
  });

  test("current, old and not exposed on a seeded database; unknown identifiers are only counted", async (t) => {
    const { portal, folder } = createFilePortal(t);
    await seedMember(portal, { loginId: "alice", password: alicePassword });
    await seedMember(portal, { loginId: "bob", password: bobCurrent, previous: [bobOld] });
    await seedMember(portal, { loginId: "carol", password: carolPassword });
    await seedMember(portal, { loginId: "dave", password: "dave-is-not-listed" });
    const path = writeList(
      folder,
      "list.txt",
      [
        `alice@example.jp:${alicePassword}`,
        `bob@example.jp:${bobOld}`,
        `carol:guess-1`,
        `carol:guess-2`,
        `stranger@example.net:${alicePassword}`,
        `alice:wrong`,
      ].join("\n"),
    );
    const summary = await scanFile(portal, path);
    assert.deepEqual(summary.members, { current: 1, old: 1, none: 1 });
    assert.equal(summary.lines, 6);
    assert.equal(summary.matched, 5, "the stranger's pair never reaches verification");
  });

  test("a mixed-format and broken file: malformed lines are counted and skipped with their numbers", async (t) => {
    const { portal, folder } = createFilePortal(t);
    await seedMember(portal, { loginId: "alice", password: alicePassword });
    await seedMember(portal, { loginId: "bob", password: bobCurrent, previous: [bobOld] });
    const path = writeList(
      folder,
      "broken.txt",
      Buffer.concat([
        Buffer.from(`alice;${alicePassword}\n`),
        Buffer.from("just some text without a separator\n"),
        Buffer.from(`bob@example.jp\t${bobOld}\r\n`),
        Buffer.from("\n"),
        Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x3a, 0x0a]),
        Buffer.from("not an address@:password\n"),
        Buffer.from("alice:\n"),
        Buffer.from(`${"x".repeat(300)}:pw\n`),
      ]),
    );
    const summary = await scanFile(portal, path);
    assert.equal(summary.scan.status, "completed");
    assert.deepEqual(summary.members, { current: 1, old: 1, none: 0 });
    assert.equal(summary.malformed, 5);
    assert.deepEqual(summary.malformedSample, [2, 5, 6, 7, 8]);
  });
});

describe("combo-list scan: leases, crash and resume", () => {
  test("a worker that dies holding a segment: another takes it over when the lease runs out, and no pair is verified twice", async (t) => {
    const { portal, folder } = createFilePortal(t);
    await seedMember(portal, { loginId: "alice", password: alicePassword });
    const lines = Array.from({ length: 40 }, (_, index) => `alice:wrong-${index}`);
    lines[25] = `alice:${alicePassword}`;
    const path = writeList(folder, "list.txt", `${lines.join("\n")}\n`);
    const scan = await prepareComboListFile(portal.deps, path, {
      name: "crash",
      fileName: "list.txt",
      source: "cli",
      actor: { kind: "cli" },
      segmentBytes: 64,
    });
    // The crashed worker: it claimed the first segment and never came back.
    const held = await claimComboScanSegment(portal.deps.database, {
      workerId: "crashed",
      now: portal.clock.now(),
      leaseInSeconds: 60,
      scanId: scan.id,
    });
    assert.equal(held?.position, 0);
    const callsBefore = portal.hasher.calls();
    // Two live workers share the rest.
    await Promise.all([
      runComboScans(portal.deps, { scanId: scan.id, workerId: "a" }),
      runComboScans(portal.deps, { scanId: scan.id, workerId: "b" }),
    ]);
    let summary = await summarizeComboScan(portal.deps.database, scan.id);
    assert.equal(summary?.scan.status, "running", "the held segment keeps the scan open");
    assert.ok((summary?.segmentsDone ?? 0) < (summary?.segments ?? 0));
    portal.clock.advanceByMinutes(2);
    await runComboScans(portal.deps, { scanId: scan.id, workerId: "a" });
    summary = await summarizeComboScan(portal.deps.database, scan.id);
    assert.equal(summary?.scan.status, "completed");
    assert.equal(summary?.lines, 40);
    assert.deepEqual(summary?.members, { current: 1, old: 0, none: 0 });
    // 40 pairs; alice has no older password, so each pair is one verification, done once.
    assert.equal(portal.hasher.calls() - callsBefore, 40);
  });
});

describe("rekey scan", () => {
  test("prints the summary and exits 0; --json prints one object; usage errors exit 2; an unreadable file exits 1", async (t) => {
    const { portal, folder, environment } = createFilePortal(t);
    await seedMember(portal, { loginId: "alice", password: alicePassword });
    await seedMember(portal, { loginId: "bob", password: bobCurrent, previous: [bobOld] });
    const path = writeList(folder, "combo.txt", `alice:${alicePassword}\nbob:${bobOld}\nbroken\n`);
    const plain = await runRekey(["scan", path], { environment });
    assert.equal(plain.code, 0, plain.err);
    assert.match(plain.out, /current password exposed: 1/);
    assert.match(plain.out, /old password exposed: 1/);
    assert.match(plain.out, /malformed: 1 \(skipped; lines 3\)/);
    assert.match(plain.err, /lines\/s, \d+ matches, \d+ verified, ETA/);

    const json = await runRekey(["scan", path, "--json", "--name", "paste-42"], { environment });
    assert.equal(json.code, 0);
    const summary = JSON.parse(json.out);
    assert.equal(summary.name, "paste-42");
    assert.equal(typeof summary.id, "number");
    assert.equal(summary.malformedLines, 1);
    assert.deepEqual(summary.members, {
      currentPasswordExposed: 1,
      oldPasswordExposed: 1,
      notExposed: 0,
    });

    assert.equal((await runRekey(["scan"], { environment })).code, 2);
    assert.equal((await runRekey(["scan", path, "--reset"], { environment })).code, 2);
    assert.equal((await runRekey(["scan", path, "--bogus"], { environment })).code, 2);
    assert.equal((await runRekey(["scan", join(folder, "missing.txt")], { environment })).code, 1);
  });

  test("--reset --reason hands the members whose current password is exposed to a bulk reset and prints its job", async (t) => {
    const { portal, folder, environment } = createFilePortal(t);
    await seedMember(portal, { loginId: "alice", password: alicePassword });
    await seedMember(portal, { loginId: "bob", password: bobCurrent, previous: [bobOld] });
    const path = writeList(folder, "combo.txt", `alice:${alicePassword}\nbob:${bobOld}\n`);
    const result = await runRekey(["scan", path, "--json", "--reset", "--reason", "intel feed 7"], {
      environment,
    });
    assert.equal(result.code, 0, result.err);
    const summary = JSON.parse(result.out);
    assert.equal(typeof summary.bulkResetJobId, "number");
    const rows = portal.deps.database.$client
      .prepare("select login_id, reset_reason from member where reset_required_at is not null")
      .all();
    assert.deepEqual(rows, [{ login_id: "alice", reset_reason: "intel feed 7" }]);
  });
});

describe("combo-list scan: beside sign-in", () => {
  test("members sign in while a scan verifies, and the scan's verifications never exceed its pool", async (t) => {
    const { portal, folder } = createFilePortal(t);
    await seedMember(portal, { loginId: "alice", password: alicePassword });
    await seedMember(portal, { loginId: "erin", password: "erin-signs-in-now" });
    const lines = Array.from({ length: 30 }, (_, index) => `alice:guess-${index}`);
    lines.push(`alice:${alicePassword}`);
    const path = writeList(folder, "list.txt", `${lines.join("\n")}\n`);
    const scan = await prepareComboListFile(portal.deps, path, {
      name: "busy",
      fileName: "list.txt",
      source: "cli",
      actor: { kind: "cli" },
    });
    let running = 0;
    let mostRunning = 0;
    const limited = createVerificationPool(1);
    const pool = <T>(task: () => Promise<T>): Promise<T> =>
      limited(async () => {
        running++;
        mostRunning = Math.max(mostRunning, running);
        try {
          return await task();
        } finally {
          running--;
        }
      });
    const scanning = runComboScans(portal.deps, { scanId: scan.id, pool });
    for (let attempt = 0; attempt < 3; attempt++) {
      const signIn = await new TestBrowser(portal).post("/login", {
        loginId: "erin",
        password: "erin-signs-in-now",
      });
      assert.equal(signIn.status, 303);
      assert.equal(signIn.location, "/account");
    }
    await scanning;
    const summary = await summarizeComboScan(portal.deps.database, scan.id);
    assert.equal(summary?.scan.status, "completed");
    assert.deepEqual(summary?.members, { current: 1, old: 0, none: 0 });
    assert.equal(mostRunning, 1, "one verification at a time on a pool of one");
  });
});
