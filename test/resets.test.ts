import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { describe, test } from "node:test";
import { eq, isNull } from "drizzle-orm";
import { findMemberByLoginId } from "../src/accounts/members";
import { registerMember } from "../src/accounts/registration";
import { apiKeyScopes } from "../src/admin/api-key-scopes";
import { createApiKey } from "../src/admin/api-keys";
import { createDeps } from "../src/bootstrap";
import { runCommandLine } from "../src/cli/main";
import { loadConfig } from "../src/config";
import {
  auditEvent,
  bulkResetItem,
  bulkResetJob,
  member,
  outboxMessage,
  session,
} from "../src/db/schema";
import { processBulkResetBatch } from "../src/resets/bulk-reset-batch";
import {
  claimBulkResetJob,
  createBulkResetJob,
  findBulkResetJob,
  listBulkResetJobs,
} from "../src/resets/bulk-reset-jobs";
import { deleteAbandonedBulkResetLists } from "../src/resets/bulk-reset-lists";
import { runBulkResetJob } from "../src/resets/bulk-reset-runner";
import { issueAllQueuedResetLinks } from "../src/resets/reset-request-worker";
import { SoftwareAuthenticator } from "./support/authenticator";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { messageText } from "./support/mail";
import { signInWithPasskey } from "./support/passkeys";
import { createPersonas } from "./support/routes";
import { createRecordingDatabase } from "./support/statements";

const newPassword = "a brand new passphrase 2026";

async function seedMembers(portal: TestPortal, loginIds: string[]) {
  const browsers = new Map<string, TestBrowser>();
  // Each member from their own address: one address registering many accounts is throttled.
  for (const [index, loginId] of loginIds.entries()) {
    const ipAddress = `198.51.100.${index + 1}`;
    browsers.set(
      loginId,
      await registerAndSignIn(portal, { loginId, email: `${loginId}@example.jp`, ipAddress }),
    );
  }
  return browsers;
}

async function emailsOfKind(portal: TestPortal, kind: string) {
  return portal.deps.database.select().from(outboxMessage).where(eq(outboxMessage.kind, kind));
}

function resetPathFor(
  rows: { recipient: string; template: string | null; language: "en" | "ja" }[],
  recipient: string,
): string {
  const row = rows.find((candidate) => candidate.recipient === recipient);
  const body = row ? messageText(row) : "";
  const path = /http:\/\/localhost:3000(\/reset\/\S+)/.exec(body)?.[1];
  assert.ok(path, `a reset link for ${recipient}`);
  return path;
}

/** A worker leases the job now, as a running process would. */
async function claimJobAs(portal: TestPortal, workerId: string, jobId: number) {
  const claimed = await claimBulkResetJob(portal.deps.database, {
    workerId,
    now: portal.clock.now(),
    leaseInSeconds: 60,
    jobId,
  });
  assert.ok(claimed, `${workerId} leases the job`);
  return claimed;
}

function request(overrides: Partial<Parameters<typeof createBulkResetJob>[1]> = {}) {
  return {
    identifiers: [],
    reason: "leaked list from another site",
    dryRun: false,
    revokeSessions: true,
    invalidatePassword: true,
    notifyMembers: true,
    source: "cli" as const,
    actor: { kind: "cli" as const },
    ...overrides,
  };
}

describe("bulk reset", () => {
  test("IDs and e-mails with unknowns and duplicates: right counts, one e-mail each, sessions gone, password refused", async () => {
    const portal = createTestPortal();
    const browsers = await seedMembers(portal, ["taro", "hanako", "jiro"]);
    const job = await createBulkResetJob(
      portal.deps,
      request({
        identifiers: ["taro", "HANAKO@example.jp", "nobody", "hanako", "ghost@example.jp", "taro"],
      }),
    );
    const finished = await runBulkResetJob(portal.deps, { jobId: job.id, batchSize: 2 });
    assert.equal(finished?.status, "completed");
    assert.deepEqual(
      {
        processed: finished?.processed,
        matched: finished?.matched,
        unknown: finished?.unknown,
        duplicates: finished?.duplicates,
        alreadyPending: finished?.alreadyPending,
      },
      { processed: 6, matched: 2, unknown: 2, duplicates: 2, alreadyPending: 0 },
    );

    const emails = await emailsOfKind(portal, "forced-reset");
    assert.deepEqual(emails.map((email) => email.recipient).sort(), [
      "hanako@example.jp",
      "taro@example.jp",
    ]);
    for (const loginId of ["taro", "hanako"]) {
      assert.equal(
        (await browsers.get(loginId)?.get("/account"))?.status,
        303,
        `${loginId} was signed out`,
      );
      const member = await findMemberByLoginId(portal.deps.database, loginId);
      assert.ok(member?.resetRequiredAt);
      assert.equal(member?.resetJobId, job.id);
    }
    assert.equal(
      (await browsers.get("jiro")?.get("/account"))?.status,
      200,
      "an unlisted member is untouched",
    );

    const right = await new TestBrowser(portal).post("/login", {
      loginId: "taro",
      password: memberPassword,
    });
    const wrong = await new TestBrowser(portal).post("/login", {
      loginId: "taro",
      password: "not the password",
    });
    // The compromised password is refused like any wrong one (test/sign-in-enumeration.test.ts).
    assert.equal(right.status, 401);
    assert.equal(wrong.status, right.status);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, "");
    assert.equal(
      strip(right.text),
      strip(wrong.text),
      "the same failure page for right and wrong passwords",
    );
    assert.match(right.text, /your old one no longer works/);
    assert.ok(
      !right.setCookies.some((cookie) => cookie.startsWith("rekey_session=")),
      "no session",
    );
    const [sessions] = await portal.deps.database
      .select()
      .from(session)
      .where(
        eq(session.memberId, (await findMemberByLoginId(portal.deps.database, "taro"))?.id ?? 0),
      );
    assert.equal(sessions, undefined);
  });

  test("a passwordless member is only signed out: no reset state, no link", async () => {
    const portal = createTestPortal();
    const browsers = await seedMembers(portal, ["taro"]);
    await portal.deps.database
      .update(member)
      .set({ passwordHash: null })
      .where(eq(member.loginId, "taro"));
    const job = await createBulkResetJob(portal.deps, request({ identifiers: ["taro"] }));
    const finished = await runBulkResetJob(portal.deps, { jobId: job.id });
    assert.equal(finished?.matched, 1);
    assert.equal((await browsers.get("taro")?.get("/account"))?.status, 303, "signed out");
    assert.equal((await findMemberByLoginId(portal.deps.database, "taro"))?.resetRequiredAt, null);
    assert.equal((await emailsOfKind(portal, "forced-reset")).length, 0);
  });

  test("a re-submitted list sends no second e-mail", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, ["taro"]);
    for (let round = 0; round < 2; round++) {
      const job = await createBulkResetJob(portal.deps, request({ identifiers: ["taro"] }));
      await runBulkResetJob(portal.deps, { jobId: job.id });
    }
    assert.equal((await emailsOfKind(portal, "forced-reset")).length, 1);
    const jobs = await Promise.all([1, 2].map((id) => findBulkResetJob(portal.deps.database, id)));
    assert.equal(jobs[1]?.alreadyPending, 1);
  });

  test("a dry run changes nothing and counts what would happen", async () => {
    const portal = createTestPortal();
    const browsers = await seedMembers(portal, ["taro"]);
    const job = await createBulkResetJob(
      portal.deps,
      request({ identifiers: ["taro", "nobody"], dryRun: true }),
    );
    const finished = await runBulkResetJob(portal.deps, { jobId: job.id });
    assert.deepEqual([finished?.matched, finished?.unknown], [1, 1]);
    assert.equal((await emailsOfKind(portal, "forced-reset")).length, 0);
    assert.equal((await browsers.get("taro")?.get("/account"))?.status, 200);
    assert.equal((await findMemberByLoginId(portal.deps.database, "taro"))?.resetRequiredAt, null);
  });

  test("a job interrupted between batches resumes after its lease expires, each ID processed exactly once", async () => {
    const portal = createTestPortal();
    const loginIds = Array.from({ length: 9 }, (_, index) => `member${index}`);
    await seedMembers(portal, loginIds);
    const job = await createBulkResetJob(portal.deps, request({ identifiers: loginIds }));

    // A worker takes the job, finishes two batches, then its process dies.
    const claimed = await claimJobAs(portal, "dying", job.id);
    for (let batch = 0; batch < 2; batch++)
      await processBulkResetBatch(portal.deps, claimed, { batchSize: 3, leaseInSeconds: 60 });
    assert.equal(
      await runBulkResetJob(portal.deps, { workerId: "other", jobId: job.id }),
      null,
      "the live lease is respected",
    );

    portal.clock.advanceByMinutes(2);
    const finished = await runBulkResetJob(portal.deps, {
      workerId: "other",
      jobId: job.id,
      batchSize: 3,
    });
    assert.equal(finished?.status, "completed");
    assert.equal(finished?.processed, 9);
    assert.equal(finished?.matched, 9);
    const emails = await emailsOfKind(portal, "forced-reset");
    assert.equal(emails.length, 9);
    assert.equal(new Set(emails.map((email) => email.recipient)).size, 9);
  });
});

describe("bulk reset at scale", () => {
  /** Members straight into the table: argon2 for hundreds of them would make the test slow. */
  async function insertMembers(portal: TestPortal, count: number) {
    const now = portal.clock.now();
    const rows = Array.from({ length: count }, (_, index) => ({
      loginId: `bulk${index}`,
      email: `bulk${index}@example.jp`,
      passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
      createdAt: now,
    }));
    await portal.deps.database.insert(member).values(rows);
  }

  test("a batch holding duplicates and already-pending members queues exactly one e-mail each", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, ["taro", "hanako", "jiro"]);
    const first = await createBulkResetJob(portal.deps, request({ identifiers: ["hanako"] }));
    await runBulkResetJob(portal.deps, { jobId: first.id });
    const job = await createBulkResetJob(
      portal.deps,
      request({
        identifiers: ["taro", "TARO", "taro@example.jp", "hanako", "Hanako@Example.jp", "jiro"],
      }),
    );
    const finished = await runBulkResetJob(portal.deps, { jobId: job.id });
    assert.deepEqual(
      [finished?.matched, finished?.duplicates, finished?.alreadyPending, finished?.unknown],
      [2, 2, 2, 0],
    );
    const emails = await emailsOfKind(portal, "forced-reset");
    assert.deepEqual(emails.map((email) => email.recipient).sort(), [
      "hanako@example.jp",
      "jiro@example.jp",
      "taro@example.jp",
    ]);
  });

  test("a batch larger than one IN list resets every member in it, once", async () => {
    const portal = createTestPortal();
    await insertMembers(portal, 600);
    // 600 members, each listed by ID and by address: 1,200 items, batches of 700.
    const identifiers = Array.from({ length: 600 }, (_, index) => [
      `bulk${index}`,
      `bulk${599 - index}@example.jp`,
    ]).flat();
    const job = await createBulkResetJob(portal.deps, request({ identifiers }));
    const finished = await runBulkResetJob(portal.deps, { jobId: job.id, batchSize: 700 });
    assert.deepEqual([finished?.matched, finished?.duplicates], [600, 600]);
    const emails = await emailsOfKind(portal, "forced-reset");
    assert.equal(emails.length, 600);
    assert.equal(new Set(emails.map((email) => email.recipient)).size, 600);
    const stillUsable = await portal.deps.database
      .select({ id: member.id })
      .from(member)
      .where(isNull(member.resetRequiredAt));
    assert.equal(stillUsable.length, 0, "every listed member must set a new password");
  });

  test("a list is stored a chunk per transaction, and no worker starts before all of it is in", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, ["taro", "hanako", "jiro"]);
    const identifiers = ["taro", "nobody", "hanako", "ghost", "jiro", "taro"];
    const creating = createBulkResetJob(portal.deps, request({ identifiers }), {
      identifiersPerTransaction: 2,
    });
    // The event loop runs between chunks: here, with part of the list stored.
    await new Promise((resolve) => setImmediate(resolve));
    const [storing] = await listBulkResetJobs(portal.deps.database, 1);
    assert.equal(storing?.status, "preparing");
    assert.equal(await runBulkResetJob(portal.deps, {}), null, "a partial list is not claimed");

    const job = await creating;
    assert.equal(job.status, "pending");
    const finished = await runBulkResetJob(portal.deps, {});
    assert.equal(finished?.id, job.id);
    assert.deepEqual([finished?.processed, finished?.matched, finished?.unknown], [6, 3, 2]);
  });

  test("a list its process stopped storing is never processed, and housekeeping removes it", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, ["taro"]);
    const [abandoned] = await portal.deps.database
      .insert(bulkResetJob)
      .values({
        reason: "stopped while storing",
        source: "cli",
        dryRun: false,
        revokeSessions: true,
        invalidatePassword: true,
        notifyMembers: true,
        status: "preparing",
        total: 2,
        createdAt: portal.clock.now(),
      })
      .returning();
    assert.ok(abandoned);
    await portal.deps.database
      .insert(bulkResetItem)
      .values({ jobId: abandoned.id, position: 0, identifier: "taro" });
    assert.equal(await runBulkResetJob(portal.deps, {}), null);
    assert.equal(await deleteAbandonedBulkResetLists(portal.deps), 0, "kept while it may finish");
    portal.clock.advanceByMinutes(61);
    assert.equal(await deleteAbandonedBulkResetLists(portal.deps), 1);
    assert.equal(await findBulkResetJob(portal.deps.database, abandoned.id), undefined);
    assert.equal((await emailsOfKind(portal, "forced-reset")).length, 0);
  });

  test("a worker whose lease ran out and was taken over processes no further batch", async () => {
    const portal = createTestPortal();
    await insertMembers(portal, 9);
    const identifiers = Array.from({ length: 9 }, (_, index) => `bulk${index}`);
    const job = await createBulkResetJob(portal.deps, request({ identifiers }));
    const stalled = await claimJobAs(portal, "stalled", job.id);
    const options = { batchSize: 3, leaseInSeconds: 60 };
    assert.equal((await processBulkResetBatch(portal.deps, stalled, options)).status, "processed");

    portal.clock.advanceByMinutes(2);
    await claimJobAs(portal, "taker", job.id);
    assert.equal((await processBulkResetBatch(portal.deps, stalled, options)).status, "lease-lost");
    assert.equal((await findBulkResetJob(portal.deps.database, job.id))?.processed, 3);

    const finished = await runBulkResetJob(portal.deps, { workerId: "taker", jobId: job.id });
    assert.deepEqual(
      [finished?.status, finished?.processed, finished?.matched],
      ["completed", 9, 9],
    );
    assert.equal((await emailsOfKind(portal, "forced-reset")).length, 9);
  });
});

describe("the member's reset link", () => {
  async function forcedResetLink(portal: TestPortal, loginId = "taro") {
    const job = await createBulkResetJob(portal.deps, request({ identifiers: [loginId] }));
    await runBulkResetJob(portal.deps, { jobId: job.id });
    return resetPathFor(await emailsOfKind(portal, "forced-reset"), `${loginId}@example.jp`);
  }

  test("GET shows the form without using the link; POST sets the password, which then signs in", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, ["taro"]);
    const path = await forcedResetLink(portal);
    const browser = new TestBrowser(portal);
    for (let visit = 0; visit < 2; visit++) assert.equal((await browser.get(path)).status, 200);

    const done = await browser.post(path, { password: newPassword });
    assert.equal(done.status, 200);
    assert.match(done.text, /Your password was changed/);
    assert.ok(
      !done.setCookies.some((cookie) => cookie.startsWith("rekey_session=")),
      "a reset never signs in",
    );

    assert.equal(
      (await new TestBrowser(portal).post("/login", { loginId: "taro", password: memberPassword }))
        .status,
      401,
    );
    const signedIn = await new TestBrowser(portal).post("/login", {
      loginId: "taro",
      password: newPassword,
    });
    assert.equal(signedIn.location, "/account");
    assert.equal((await emailsOfKind(portal, "password-changed")).length, 1);
  });

  test("the new password must differ from the compromised one and pass the policy", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, ["taro"]);
    const path = await forcedResetLink(portal);
    const browser = new TestBrowser(portal);
    const same = await browser.post(path, { password: memberPassword });
    assert.equal(same.status, 400);
    assert.match(same.text, /used this password recently/);
    const short = await browser.post(path, { password: "short" });
    assert.equal(short.status, 400);
    assert.match(short.text, /at least 12 characters/);
    assert.equal(
      (await browser.post(path, { password: newPassword })).status,
      200,
      "the link still works after refusals",
    );
  });

  test("50 concurrent submissions of one link: exactly one succeeds", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, ["taro"]);
    const path = await forcedResetLink(portal);
    const browser = new TestBrowser(portal);
    await browser.get("/");
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        browser.post(path, { password: `${newPassword} ${index}` }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    assert.equal(statuses.filter((status) => status === 200).length, 1, String(statuses));
    assert.equal(statuses.filter((status) => status === 404).length, 49);
    assert.equal((await emailsOfKind(portal, "password-changed")).length, 1);
  });

  test("used, expired and tampered links fail the same way", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, ["taro", "hanako"]);
    const used = await forcedResetLink(portal, "taro");
    await new TestBrowser(portal).post(used, { password: newPassword });
    const expiring = await forcedResetLink(portal, "hanako");
    const tampered = `${expiring.slice(0, -2)}zz`;
    const pages = [
      await new TestBrowser(portal).post(used, { password: newPassword }),
      await new TestBrowser(portal).get(tampered),
    ];
    portal.clock.advanceByMinutes(24 * 60 + 1);
    pages.push(await new TestBrowser(portal).post(expiring, { password: newPassword }));
    for (const page of pages) assert.equal(page.status, 404);
    assert.equal(new Set(pages.map((page) => page.text.replace(/value="[^"]*"/g, ""))).size, 1);
  });
});

describe("a passkey right after the reset", () => {
  test("the completed reset allows one passkey enrolment, without a session, and the passkey then signs in", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, ["taro"]);
    const job = await createBulkResetJob(portal.deps, request({ identifiers: ["taro"] }));
    await runBulkResetJob(portal.deps, { jobId: job.id });
    const path = resetPathFor(await emailsOfKind(portal, "forced-reset"), "taro@example.jp");
    const browser = new TestBrowser(portal);
    const done = await browser.post(path, { password: newPassword });
    assert.match(done.text, /data-passkey-ceremony="enrol-after-reset"/);
    assert.ok(browser.cookies.has("rekey_passkey_grant"));
    assert.ok(!browser.cookies.has("rekey_session"), "a reset never signs anyone in");
    assert.equal((await browser.get("/account")).status, 303);

    const authenticator = new SoftwareAuthenticator();
    const options = await browser.postJson("/reset/passkey-options", {});
    assert.equal(options.status, 200);
    const enrolled = await browser.postJson("/reset/passkey", {
      response: authenticator.createCredential(options.json as never),
    });
    assert.equal(enrolled.status, 200);
    assert.equal(enrolled.json.location, "/login?passkey=added");
    assert.ok(!browser.cookies.has("rekey_passkey_grant"), "the grant is spent");
    assert.equal(
      (await browser.postJson("/reset/passkey-options", {})).status,
      403,
      "and cannot be used again",
    );

    const passkeyBrowser = new TestBrowser(portal);
    const signedIn = await signInWithPasskey(passkeyBrowser, authenticator);
    assert.equal(signedIn.status, 200);
    assert.equal((await passkeyBrowser.get("/account")).status, 200);
  });

  test("without the grant, or after it expires, the enrolment endpoints refuse", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, ["taro"]);
    await new TestBrowser(portal).post("/forgot-password", { loginId: "taro" });
    await issueAllQueuedResetLinks(portal.deps);
    const path = resetPathFor(await emailsOfKind(portal, "password-reset"), "taro@example.jp");
    const browser = new TestBrowser(portal);
    await browser.post(path, { password: newPassword });
    assert.equal(
      (await new TestBrowser(portal).postJson("/reset/passkey-options", {})).status,
      403,
    );
    portal.clock.advanceByMinutes(11);
    assert.equal((await browser.postJson("/reset/passkey-options", {})).status, 403);
  });
});

describe("forgot password", () => {
  test("answers the same for known and unknown IDs and e-mails a one-hour link only to a real member", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, ["taro"]);
    const known = await new TestBrowser(portal).post("/forgot-password", {
      loginId: "taro@example.jp",
    });
    const unknown = await new TestBrowser(portal).post("/forgot-password", {
      loginId: "nobody@example.jp",
    });
    assert.equal(known.status, unknown.status);
    assert.equal(known.location, unknown.location);
    assert.equal(known.text, unknown.text);
    assert.equal(
      (await emailsOfKind(portal, "password-reset")).length,
      0,
      "the link is not issued inside the request",
    );
    await issueAllQueuedResetLinks(portal.deps);
    const emails = await emailsOfKind(portal, "password-reset");
    assert.deepEqual(
      emails.map((email) => email.recipient),
      ["taro@example.jp"],
    );
    const path = resetPathFor(emails, "taro@example.jp");
    portal.clock.advanceByMinutes(61);
    assert.equal(
      (await new TestBrowser(portal).get(path)).status,
      404,
      "self-service links last one hour",
    );
  });

  test("a real ID and an unknown one cost the request the same: the same database statements, no argon2", async () => {
    const recording = createRecordingDatabase();
    const portal = createTestPortal({}, { database: recording.database });
    await seedMembers(portal, ["taro"]);
    let host = 1;
    const workOf = async (loginId: string) => {
      const browser = new TestBrowser(portal, { ipAddress: `192.0.2.${host++}` });
      await browser.get("/forgot-password");
      const argon2Before = portal.hasher.calls();
      const statements = await recording.during(() =>
        browser.post("/forgot-password", { loginId }),
      );
      return { statements, argon2Calls: portal.hasher.calls() - argon2Before };
    };
    for (const [known, unknown] of [
      ["taro", "nobody"],
      ["taro@example.jp", "nobody@example.jp"],
    ] as const) {
      const knownWork = await workOf(known);
      const unknownWork = await workOf(unknown);
      assert.ok(knownWork.statements.length > 0);
      assert.deepEqual(knownWork.statements, unknownWork.statements, `${known} vs ${unknown}`);
      assert.equal(knownWork.argon2Calls, 0);
      assert.equal(unknownWork.argon2Calls, 0);
    }
    await issueAllQueuedResetLinks(portal.deps);
    assert.deepEqual(
      (await emailsOfKind(portal, "password-reset")).map((email) => email.recipient),
      ["taro@example.jp", "taro@example.jp"],
      "the worker then e-mails the real member, once per request",
    );
  });

  test("is throttled per ID (silently, three links an hour) and per address (429)", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, ["taro"]);
    for (let index = 0; index < 5; index++) {
      const answer = await new TestBrowser(portal, { ipAddress: `192.0.2.${index + 1}` }).post(
        "/forgot-password",
        { loginId: "taro" },
      );
      assert.equal(answer.location, "/forgot-password/sent", "the answer never changes");
    }
    await issueAllQueuedResetLinks(portal.deps);
    assert.equal((await emailsOfKind(portal, "password-reset")).length, 3);

    const one = new TestBrowser(portal, { ipAddress: "192.0.2.200" });
    const statuses: number[] = [];
    for (let index = 0; index < 30; index++)
      statuses.push((await one.post("/forgot-password", { loginId: `nobody${index}` })).status);
    assert.ok(statuses.includes(429), `one address is throttled: ${statuses.join(",")}`);
  });

  test("a member waiting for a forced reset can get a new link and leave the reset state", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, ["taro"]);
    const job = await createBulkResetJob(
      portal.deps,
      request({ identifiers: ["taro"], notifyMembers: false }),
    );
    await runBulkResetJob(portal.deps, { jobId: job.id });
    await new TestBrowser(portal).post("/forgot-password", { loginId: "taro" });
    await issueAllQueuedResetLinks(portal.deps);
    const path = resetPathFor(await emailsOfKind(portal, "password-reset"), "taro@example.jp");
    assert.equal((await new TestBrowser(portal).post(path, { password: newPassword })).status, 200);
    assert.equal((await findMemberByLoginId(portal.deps.database, "taro"))?.resetRequiredAt, null);
  });
});

describe("the admin pages and the API", () => {
  test("an administrator uploads a CSV, sees the dry run, starts the reset and downloads the unknown IDs", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await seedMembers(portal, ["taro"]);
    await administrator.get("/admin/resets");
    const form = new FormData();
    form.set("csrfToken", administrator.csrfToken() ?? "");
    form.set("list", "");
    form.set("file", new Blob(["id,name\r\ntaro,Taro\r\nnobody,Nobody\r\n"]), "ids.csv");
    form.set("column", "id");
    form.set("reason", "stuffing wave 2026-11-20");
    for (const option of ["revokeSessions", "invalidatePassword", "notifyMembers"])
      form.set(option, "on");
    const created = await administrator.request("/admin/resets", {
      method: "POST",
      headers: { origin: "http://localhost:3000" },
      body: form,
    });
    assert.equal(created.status, 303, created.text);
    const jobPath = created.location ?? "";

    await runBulkResetJob(portal.deps, {});
    const dryRun = await administrator.get(jobPath);
    assert.match(dryRun.text, /<dt>Matched<\/dt><dd>1<\/dd>/);
    assert.match(dryRun.text, /<dt>Unknown<\/dt><dd>1<\/dd>/);
    assert.equal((await emailsOfKind(portal, "forced-reset")).length, 0);

    const started = await administrator.post(`${jobPath}/start`, { confirmedEmails: "1" });
    assert.equal(started.status, 303);
    assert.equal(started.location, jobPath, "the dry run and the run are one job");
    await runBulkResetJob(portal.deps, {});
    assert.equal((await emailsOfKind(portal, "forced-reset")).length, 1);
    const csv = await administrator.get(`${started.location}/unknown/export`);
    assert.equal(csv.text, "identifier\r\nnobody\r\n");
    assert.match(csv.headers.get("content-disposition") ?? "", /attachment/);

    const audit = await portal.deps.database.select().from(auditEvent);
    assert.deepEqual(
      audit.map((event) => event.action),
      // The setup link's first administrator, the job, and the download of its unknown IDs.
      ["administrator.created", "bulk-reset.dry-run", "bulk-reset.started", "export.downloaded"],
    );
    assert.ok(audit.every((event) => event.actorLabel === "admin"));
  });

  test("the form refuses an empty list and a missing reason with messages", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const response = await administrator.post("/admin/resets", { list: "  \n", reason: "" });
    assert.equal(response.status, 400);
    assert.match(response.text, /The list is empty/);
    assert.match(response.text, /Give a reason/);
  });

  test("the API: 401 without a key, 400 on bad JSON or fields, 202 then progress to done", async () => {
    const portal = createTestPortal();
    await seedMembers(portal, ["taro"]);
    const { value: key } = await createApiKey(portal.deps.database, portal.clock, {
      name: "soc",
      createdByMemberId: null,
      scopes: apiKeyScopes,
      expiresInDays: null,
    });
    const call = (init: { method?: string; body?: string; key?: string; path?: string }) =>
      portal.app.request(init.path ?? "/admin/api/bulk-resets", {
        method: init.method ?? "POST",
        headers: {
          "content-type": "application/json",
          ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
        },
        body: init.body,
      });

    const anonymous = await call({ body: "{}" });
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get("www-authenticate") ?? "", /^Bearer/);
    assert.equal((await call({ body: "{}", key: `${key}x` })).status, 401);
    const badJson = await call({ body: "{not json", key });
    assert.equal(badJson.status, 400);
    assert.equal((await badJson.json()).error.code, "invalid-json");
    const badFields = await call({ body: JSON.stringify({ loginIds: "taro", reason: "" }), key });
    assert.equal(badFields.status, 400);
    assert.match((await badFields.json()).error.message, /loginIds/);

    const accepted = await call({
      body: JSON.stringify({ loginIds: ["taro", "ghost@example.jp"], reason: "from the SOC" }),
      key,
    });
    assert.equal(accepted.status, 202);
    const job = await accepted.json();
    assert.equal(job.url, `http://localhost:3000/admin/api/bulk-resets/${job.id}`);
    assert.equal(job.status, "pending");
    assert.match(accepted.headers.get("cache-control") ?? "", /no-store/);

    await runBulkResetJob(portal.deps, {});
    const status = await (
      await call({ method: "GET", key, path: `/admin/api/bulk-resets/${job.id}` })
    ).json();
    assert.deepEqual(
      [status.status, status.progress, status.counts.matched, status.counts.unknown],
      ["completed", 1, 1, 1],
    );
    assert.equal(
      (await call({ method: "GET", key, path: "/admin/api/bulk-resets/999" })).status,
      404,
    );
  });

  test("API keys are shown once, work until revoked, and both actions are audited", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const created = await administrator.post("/admin/api-keys", {
      name: "incident bot",
      "scope-read-only": "on",
    });
    const key = /<pre class="mail-text">(rekey_[^<]+)<\/pre>/.exec(created.text)?.[1];
    assert.ok(key);
    assert.doesNotMatch(
      (await administrator.get("/admin/api-keys")).text,
      new RegExp(key.slice(10)),
    );
    const probe = () =>
      portal.app.request("/admin/api/bulk-resets/1", {
        headers: { authorization: `Bearer ${key}` },
      });
    assert.equal((await probe()).status, 404, "authenticated, no such job");
    const id = /action="\/admin\/api-keys\/([^/]+)\/revoke"/.exec(
      (await administrator.get("/admin/api-keys")).text,
    )?.[1];
    await administrator.post(`/admin/api-keys/${id}/revoke`, {});
    assert.equal((await probe()).status, 401);
    const audit = await administrator.get("/admin/audit");
    assert.match(audit.text, /api-key\.created/);
    assert.match(audit.text, /api-key\.revoked/);
  });
});

describe("rekey reset", () => {
  test("resets the IDs in a file, printing progress and the counts", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-reset-"));
    try {
      const environment = { NODE_ENV: "test", REKEY_DB: join(folder, "rekey.db") };
      const deps = createDeps(loadConfig(environment));
      await registerMember(deps, {
        loginId: "taro",
        email: "taro@example.jp",
        password: memberPassword,
      });
      deps.database.$client.close();
      writeFileSync(join(folder, "ids.txt"), "taro\nnobody\n");

      const run = async (argv: string[]) => {
        let out = "";
        let err = "";
        const stdout = new PassThrough().on("data", (chunk) => {
          out += chunk;
        });
        const stderr = new PassThrough().on("data", (chunk) => {
          err += chunk;
        });
        const code = await runCommandLine(argv, {
          stdin: Readable.from([]),
          stdout,
          stderr,
          environment,
        });
        return { code, out, err };
      };
      const dry = await run([
        "reset",
        "--file",
        join(folder, "ids.txt"),
        "--reason",
        "test",
        "--dry-run",
      ]);
      assert.equal(dry.code, 0, dry.err);
      assert.match(dry.out, /would reset: 1, unknown: 1/);
      const live = await run(["reset", "--file", join(folder, "ids.txt"), "--reason", "test"]);
      assert.equal(live.code, 0, live.err);
      assert.match(live.out, /reset: 1, unknown: 1/);
      assert.match(live.err, /reset \[#{24}\] 100\.0% 2\/2/);
      const missing = await run(["reset", "--file", join(folder, "ids.txt")]);
      assert.equal(missing.code, 2);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
