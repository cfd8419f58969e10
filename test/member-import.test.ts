import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { hash as bcryptHash } from "@node-rs/bcrypt";
import md5Crypt from "apache-md5";
import { eq } from "drizzle-orm";
import { member, memberImportProblem, oneTimeToken, session } from "../src/db/schema";
import type { ImportRecord } from "../src/imports/import-records";
import { readImportRecords } from "../src/imports/import-records";
import {
  type MemberImportOptions,
  openMemberImport,
  runMemberImport,
} from "../src/imports/member-import";
import { issueOneTimeToken } from "../src/tokens/one-time-tokens";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { runRekey } from "./support/cli";
import { createTestPortal, type TestPortal } from "./support/harness";

const defaultOptions: MemberImportOptions = {
  hashFormat: { kind: "auto" },
  resetRequired: false,
  resetWeakerThan: null,
  sendSetPasswordLinks: false,
};

function jsonLines(rows: object[]): string {
  return `${rows.map((row) => JSON.stringify(row)).join("\n")}\n`;
}

async function importText(
  portal: TestPortal,
  text: string,
  options: Partial<MemberImportOptions> & { format?: "jsonl" | "csv" } = {},
) {
  const importOptions = { ...defaultOptions, ...options };
  const importRow = await openMemberImport(portal.deps, {
    source: "cli",
    fileName: null,
    fileFingerprint: null,
    importOptions,
    resume: false,
  });
  return runMemberImport(portal.deps, {
    importRow,
    records: readImportRecords(Readable.from([text]), options.format ?? "jsonl"),
    importOptions,
    actor: { kind: "cli" },
  });
}

function row(externalId: string, fields: Record<string, unknown> = {}) {
  return {
    externalId,
    loginId: `user-${externalId}`,
    email: `${externalId}@example.jp`,
    emailVerified: true,
    displayName: `User ${externalId}`,
    language: "ja",
    createdAt: "2019-04-01T00:00:00Z",
    ...fields,
  };
}

async function storedHashOf(portal: TestPortal, externalId: string) {
  const [found] = await portal.deps.database
    .select()
    .from(member)
    .where(eq(member.externalId, externalId));
  return found;
}

let nextHost = 1;
async function signIn(portal: TestPortal, loginId: string, password: string) {
  const browser = new TestBrowser(portal, { ipAddress: `203.0.113.${nextHost++}` });
  await browser.get("/login");
  return browser.post("/login", { loginId, password });
}

async function legacyHashes(password: string) {
  return {
    bcrypt: await bcryptHash(password, 4),
    md5Crypt: md5Crypt(password, "$1$abcdefgh$"),
    sha1: createHash("sha1").update(password).digest("hex"),
    saltedSha256: createHash("sha256").update(`pepper${password}`).digest("hex"),
  };
}

describe("members in: importing a service's members with their password hashes", () => {
  test("imported members sign in with their old passwords and end up on plain argon2id", async () => {
    const portal = createTestPortal();
    const hashes = await legacyHashes(memberPassword);
    const summary = await importText(
      portal,
      jsonLines([
        row("b1", { passwordHash: hashes.bcrypt }),
        row("m1", { passwordHash: hashes.md5Crypt }),
        row("s1", { passwordHash: hashes.sha1 }),
      ]),
    );
    assert.deepEqual(
      { created: summary.created, storedAsIs: summary.storedAsIs, wrapped: summary.wrapped },
      { created: 3, storedAsIs: 1, wrapped: 2 },
    );
    for (const externalId of ["b1", "m1", "s1"]) {
      const refused = await signIn(portal, `user-${externalId}`, "not the password at all");
      assert.equal(refused.status, 401, `${externalId}: a wrong password fails`);
      const response = await signIn(portal, `user-${externalId}`, memberPassword);
      assert.equal(response.status, 303, `${externalId} signs in`);
      const stored = await storedHashOf(portal, externalId);
      assert.match(stored?.passwordHash ?? "", /^\$argon2id\$/, `${externalId} is re-hashed`);
      assert.equal(stored?.passwordHealth, "ok", "the sign-in re-check judged the password");
    }
  });

  test("fast hashes are stored only inside argon2id; adaptive ones as they came", async () => {
    const portal = createTestPortal();
    const hashes = await legacyHashes(memberPassword);
    await importText(
      portal,
      jsonLines([
        row("b1", { passwordHash: hashes.bcrypt }),
        row("s1", { passwordHash: hashes.sha1 }),
        row("m1", { passwordHash: hashes.md5Crypt }),
      ]),
    );
    const sha1 = (await storedHashOf(portal, "s1"))?.passwordHash ?? "";
    assert.match(sha1, /^\$rekey-wrapped\$[^$]+\$\$argon2id\$/);
    assert.ok(!sha1.includes(hashes.sha1), "the SHA-1 digest is not stored");
    const md5 = (await storedHashOf(portal, "m1"))?.passwordHash ?? "";
    assert.ok(!md5.includes(hashes.md5Crypt.slice(12)), "the md5-crypt digest is not stored");
    assert.match((await storedHashOf(portal, "b1"))?.passwordHash ?? "", /^\$rekey-legacy\$/);
  });

  test("unknown IDs, native members and imported members cost the same argon2 work at sign-in", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "native" });
    const hashes = await legacyHashes(memberPassword);
    await importText(
      portal,
      jsonLines([
        row("b1", { passwordHash: hashes.bcrypt }),
        row("s1", { passwordHash: hashes.sha1 }),
        row("none1"),
      ]),
    );
    const costs: Record<string, number> = {};
    for (const loginId of ["nobody-here", "native", "user-b1", "user-s1", "user-none1"]) {
      const before = portal.hasher.calls();
      const response = await signIn(portal, loginId, "a wrong password, surely");
      assert.equal(response.status, 401);
      costs[loginId] = portal.hasher.calls() - before;
    }
    assert.deepEqual(new Set(Object.values(costs)), new Set([1]), JSON.stringify(costs));
  });

  test("a salted digest with the salt's position stated by --hash-format signs in", async () => {
    const portal = createTestPortal();
    const hashes = await legacyHashes(memberPassword);
    await importText(
      portal,
      jsonLines([row("x1", { passwordHash: hashes.saltedSha256, passwordSalt: "pepper" })]),
      {
        hashFormat: {
          kind: "digest",
          algorithm: "sha256",
          encoding: "hex",
          saltPosition: "before",
        },
      },
    );
    assert.equal((await signIn(portal, "user-x1", memberPassword)).status, 303);
  });

  test("bad rows are reported by line number and the rest is imported", async () => {
    const portal = createTestPortal();
    const text = [
      JSON.stringify(row("a1")),
      "{not json",
      JSON.stringify(row("a2", { email: "not an address" })),
      "",
      JSON.stringify(row("a3", { passwordHash: "$9$unknown" })),
      JSON.stringify(row("a4", { loginId: "user-a1" })),
      JSON.stringify(row("a5")),
    ].join("\n");
    const summary = await importText(portal, text);
    assert.equal(summary.created, 2);
    const problems = await portal.deps.database
      .select()
      .from(memberImportProblem)
      .where(eq(memberImportProblem.importId, summary.id))
      .orderBy(memberImportProblem.lineNumber);
    assert.deepEqual(
      problems.map((problem) => [problem.lineNumber, problem.message]),
      [
        [2, "not valid JSON"],
        [3, "email: format"],
        [5, "passwordHash is in no recognised format (see --hash-format)"],
        [6, "loginId belongs to another member"],
      ],
    );
  });

  test("re-importing updates members by externalId and keeps a password the member has since replaced", async () => {
    const portal = createTestPortal();
    const hashes = await legacyHashes(memberPassword);
    await importText(portal, jsonLines([row("r1", { passwordHash: hashes.sha1 }), row("r2")]));
    assert.equal((await signIn(portal, "user-r1", memberPassword)).status, 303);
    const rehashed = (await storedHashOf(portal, "r1"))?.passwordHash;
    const again = await importText(
      portal,
      jsonLines([
        row("r1", {
          passwordHash: hashes.sha1,
          displayName: "Renamed",
          email: "r1-new@example.jp",
        }),
        row("r2", { displayName: "Also renamed" }),
      ]),
    );
    assert.deepEqual(
      { created: again.created, updated: again.updated },
      { created: 0, updated: 2 },
    );
    const r1 = await storedHashOf(portal, "r1");
    assert.equal(r1?.displayName, "Renamed");
    assert.equal(r1?.email, "r1-new@example.jp");
    assert.equal(r1?.passwordHash, rehashed, "the argon2id hash from the sign-in stays");
    assert.equal((await storedHashOf(portal, "r2"))?.displayName, "Also renamed");
  });

  test("an interrupted import resumes after the last stored batch without repeating a row", async () => {
    const portal = createTestPortal();
    const rows = Array.from({ length: 2500 }, (_, index) => row(`bulk${index}`));
    const importRow = await openMemberImport(portal.deps, {
      source: "cli",
      fileName: "members.jsonl",
      fileFingerprint: "same-file",
      importOptions: defaultOptions,
      resume: true,
    });
    async function* dyingAfter(count: number): AsyncGenerator<ImportRecord> {
      for (const [index, record] of rows.entries()) {
        if (index === count) throw new Error("the process died");
        yield { lineNumber: index + 1, record };
      }
    }
    await assert.rejects(
      runMemberImport(portal.deps, {
        importRow,
        records: dyingAfter(1500),
        importOptions: defaultOptions,
        actor: { kind: "cli" },
      }),
    );
    const resumed = await openMemberImport(portal.deps, {
      source: "cli",
      fileName: "members.jsonl",
      fileFingerprint: "same-file",
      importOptions: defaultOptions,
      resume: true,
    });
    assert.equal(resumed.id, importRow.id);
    assert.equal(resumed.linesCommitted, 1000);
    const finished = await runMemberImport(portal.deps, {
      importRow: resumed,
      records: dyingAfter(rows.length),
      importOptions: defaultOptions,
      actor: { kind: "cli" },
    });
    assert.deepEqual(
      { created: finished.created, updated: finished.updated, status: finished.status },
      { created: 2500, updated: 0, status: "finished" },
    );
  });

  test("CSV with a header imports the same fields", async () => {
    const portal = createTestPortal();
    const hashes = await legacyHashes(memberPassword);
    const csv = [
      "externalId,loginId,email,emailVerified,displayName,language,createdAt,passwordHash",
      `c1,csv-member,c1@example.jp,true,"Suzuki, Hanako",ja,2020-01-02T03:04:05Z,${hashes.bcrypt}`,
      "c2,csv-member-2,c2@example.jp,maybe,,en,,",
    ].join("\n");
    const summary = await importText(portal, csv, { format: "csv" });
    assert.deepEqual(
      { created: summary.created, rejected: summary.rejected },
      { created: 1, rejected: 1 },
    );
    const c1 = await storedHashOf(portal, "c1");
    assert.equal(c1?.displayName, "Suzuki, Hanako");
    assert.equal(c1?.createdAt.toISOString(), "2020-01-02T03:04:05.000Z");
    assert.equal((await signIn(portal, "csv-member", memberPassword)).status, 303);
  });

  test("every imported member, or those with a weaker legacy format, can be marked reset-required", async () => {
    const portal = createTestPortal();
    const hashes = await legacyHashes(memberPassword);
    await importText(
      portal,
      jsonLines([
        row("w1", { passwordHash: hashes.sha1 }),
        row("w2", { passwordHash: hashes.bcrypt }),
      ]),
      { resetWeakerThan: "iterated" },
    );
    assert.match(
      (await storedHashOf(portal, "w1"))?.resetReason ?? "",
      /sha1 hash weaker than iterated/,
    );
    assert.equal((await storedHashOf(portal, "w2"))?.resetRequiredAt, null);
    // The right old password of a reset-required member opens nothing.
    const response = await signIn(portal, "user-w1", memberPassword);
    assert.equal(response.status, 401);
    await importText(portal, jsonLines([row("all1", { passwordHash: hashes.bcrypt })]), {
      resetRequired: true,
    });
    assert.ok((await storedHashOf(portal, "all1"))?.resetRequiredAt);
  });
});

describe("a re-import that marks existing members reset-required", () => {
  test("evicts whoever holds the account: its sessions end and its links die, like any forced reset", async () => {
    const portal = createTestPortal();
    const hashes = await legacyHashes(memberPassword);
    await importText(portal, jsonLines([row("held", { passwordHash: hashes.bcrypt })]));
    const holder = new TestBrowser(portal, { ipAddress: "203.0.113.250" });
    await holder.get("/login");
    const signedIn = await holder.post("/login", {
      loginId: "user-held",
      password: memberPassword,
    });
    assert.equal(signedIn.status, 303);
    assert.equal((await holder.get("/account")).status, 200);
    const target = await storedHashOf(portal, "held");
    assert.ok(target);
    const link = await issueOneTimeToken(portal.deps, {
      memberId: target.id,
      purpose: "password-reset",
      expiresInSeconds: 3600,
    });
    await importText(portal, jsonLines([row("held", { passwordHash: hashes.bcrypt })]), {
      resetRequired: true,
    });
    assert.ok((await storedHashOf(portal, "held"))?.resetRequiredAt);
    const sessions = await portal.deps.database
      .select()
      .from(session)
      .where(eq(session.memberId, target.id));
    assert.equal(sessions.length, 0, "no session survives");
    assert.notEqual((await holder.get("/account")).status, 200);
    const [token] = await portal.deps.database
      .select()
      .from(oneTimeToken)
      .where(eq(oneTimeToken.id, link.id));
    assert.ok(!token || token.usedAt !== null, "the link asked for before the reset is dead");
  });
});

describe("rekey members import", () => {
  test("imports a file and prints a summary; exit 1 lists refused lines, a re-run updates by externalId, exit 2 for usage", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-members-import-"));
    try {
      const environment = { REKEY_DB: join(folder, "rekey.db") };
      const file = join(folder, "members.jsonl");
      writeFileSync(
        file,
        jsonLines([row("k1"), row("k2", { passwordHash: "$9$nope" }), row("k3")]),
      );
      const first = await runRekey(["members", "import", file], { environment });
      assert.equal(first.code, 1, first.err);
      assert.match(first.out, /2 created, 0 updated/);
      assert.match(first.err, /line 2: passwordHash is in no recognised format/);
      // The same file again: its import finished, so this is a new run that updates by externalId.
      const again = await runRekey(["members", "import", file], { environment });
      assert.match(again.out, /0 created, 2 updated/);
      const clean = join(folder, "clean.csv");
      writeFileSync(clean, "externalId,loginId,email\nk9,user-k9,k9@example.jp\n");
      const csv = await runRekey(["members", "import", clean, "--reset-weaker-than", "salted"], {
        environment,
      });
      assert.equal(csv.code, 0, csv.err);
      const usage = await runRekey(["members", "import", file, "--hash-format", "rot13"], {
        environment,
      });
      assert.equal(usage.code, 2);
      assert.match(usage.err, /--hash-format must be/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("the hygiene policy at an imported member's first sign-in", () => {
  test("a breached imported password is re-hashed and forces a reset, with no session", async () => {
    const leaked = "a leaked but long passphrase";
    const portal = createTestPortal(
      {},
      {
        breachSource: {
          version: "test-corpus",
          isBreached: async (password) =>
            password === leaked ? { breached: true, count: 42 } : { breached: false },
        },
      },
    );
    await importText(
      portal,
      jsonLines([row("l1", { passwordHash: createHash("md5").update(leaked).digest("hex") })]),
    );
    const response = await signIn(portal, "user-l1", leaked);
    assert.equal(
      response.setCookies.some((cookie) => cookie.includes("session=")),
      false,
    );
    const stored = await storedHashOf(portal, "l1");
    assert.equal(stored?.passwordHealth, "breached");
    assert.ok(stored?.resetRequiredAt, "the member must reset");
    assert.match(stored?.passwordHash ?? "", /^\$argon2id\$/);
  });
});
