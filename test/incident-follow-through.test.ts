import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { findMemberByLoginId } from "../src/accounts/members";
import { auditEvent, bulkResetJob, member, outboxMessage, passkey } from "../src/db/schema";
import { runBulkResetJob } from "../src/resets/bulk-reset-runner";
import { registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { messageText } from "./support/mail";
import { createPersonas } from "./support/routes";

const newPassword = "a brand new passphrase 2026";

async function seedMembers(portal: TestPortal, loginIds: string[]) {
  for (const [index, loginId] of loginIds.entries()) {
    await registerAndSignIn(portal, { loginId, ipAddress: `198.51.100.${index + 1}` });
  }
}

async function makeAdministrator(portal: TestPortal, loginId: string) {
  await portal.deps.database
    .update(member)
    .set({ role: "admin" })
    .where(eq(member.loginId, loginId));
}

/** The administrator's dry run of `list` through the form, processed by the worker. */
async function dryRun(
  portal: TestPortal,
  administrator: TestBrowser,
  list: string[],
  options: Record<string, string> = {
    revokeSessions: "on",
    invalidatePassword: "on",
    notifyMembers: "on",
  },
): Promise<string> {
  const created = await administrator.post("/admin/resets", {
    list: list.join("\n"),
    reason: "stuffing wave",
    ...options,
  });
  assert.equal(created.status, 303, created.text);
  await runBulkResetJob(portal.deps, {});
  return created.location ?? "";
}

async function forcedResetEmails(portal: TestPortal) {
  return portal.deps.database
    .select()
    .from(outboxMessage)
    .where(eq(outboxMessage.kind, "forced-reset"));
}

async function resetPathOf(portal: TestPortal, recipient: string): Promise<string> {
  const rows = (await forcedResetEmails(portal)).filter((row) => row.recipient === recipient);
  const path = /http:\/\/localhost:3000(\/reset\/\S+)/.exec(messageText(rows.at(-1) as never))?.[1];
  assert.ok(path, `a reset link for ${recipient}`);
  return path;
}

describe("a bulk reset's dry run and start", () => {
  test("the dry run states the options that will apply, and Start asks to confirm the number of e-mails", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await seedMembers(portal, ["taro", "hanako"]);
    const jobPath = await dryRun(portal, administrator, ["taro", "hanako", "nobody"], {
      invalidatePassword: "on",
      notifyMembers: "on",
    });

    const page = await administrator.get(jobPath);
    assert.match(page.text, /data-option="revokeSessions">no</);
    assert.match(page.text, /data-option="invalidatePassword">yes</);
    assert.match(page.text, /data-option="notifyMembers">yes</);

    const confirmation = await administrator.get(`${jobPath}/confirm`);
    assert.equal(confirmation.status, 200);
    assert.match(confirmation.text, /This resets 2 member accounts and sends 2 e-mails\./);
    assert.match(confirmation.text, /Start the reset and send 2 e-mails/);
    assert.equal((await forcedResetEmails(portal)).length, 0, "confirming alone changes nothing");

    const stale = await administrator.post(`${jobPath}/start`, { confirmedEmails: "3" });
    assert.equal(stale.status, 409);
    assert.match(stale.text, /number of e-mails changed/);
    await runBulkResetJob(portal.deps, {});
    assert.equal((await forcedResetEmails(portal)).length, 0, "a mismatched count starts nothing");

    const started = await administrator.post(`${jobPath}/start`, { confirmedEmails: "2" });
    assert.equal(started.status, 303);
    assert.equal(started.location, jobPath);
    await runBulkResetJob(portal.deps, {});
    assert.equal((await forcedResetEmails(portal)).length, 2);
    const jobs = await portal.deps.database.select().from(bulkResetJob);
    assert.equal(jobs.length, 1, "the dry run and the run are one job");
    assert.equal(jobs[0]?.dryRun, false);
    assert.equal(jobs[0]?.confirmedEmails, 2);
    const after = await administrator.get(jobPath);
    assert.match(after.text, /The dry run found/);

    const started2 = await administrator.post(`${jobPath}/start`, { confirmedEmails: "2" });
    assert.equal(started2.status, 303);
    await runBulkResetJob(portal.deps, {});
    assert.equal((await forcedResetEmails(portal)).length, 2, "a started job cannot start again");
  });

  test("the confirmation is in Japanese for a Japanese operator", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await seedMembers(portal, ["taro"]);
    const jobPath = await dryRun(portal, administrator, ["taro"]);
    const confirmation = await administrator.get(`${jobPath}/confirm`, {
      "accept-language": "ja",
    });
    assert.match(confirmation.text, /1件の会員アカウントを再設定し、1通のメールを送信します。/);
  });

  test("administrators in the list are set apart and reset only when ticked in", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await seedMembers(portal, ["taro", "chief", "deputy"]);
    await makeAdministrator(portal, "chief");
    await makeAdministrator(portal, "deputy");
    const jobPath = await dryRun(portal, administrator, ["taro", "chief", "deputy", "admin"]);

    const page = await administrator.get(jobPath);
    assert.match(page.text, /Reset chief \(chief@example\.jp\) as well/);
    assert.match(page.text, /Reset deputy \(deputy@example\.jp\) as well/);
    assert.doesNotMatch(page.text, /Reset admin \(/, "the operator is not offered");
    assert.match(page.text, /data-self-excluded/);
    assert.match(page.text, /<dt>Matched<\/dt><dd>1<\/dd>/);
    assert.match(page.text, /<dt>Administrators set apart<\/dt><dd>3<\/dd>/);

    const chief = await findMemberByLoginId(portal.deps.database, "chief");
    const self = await findMemberByLoginId(portal.deps.database, "admin");
    const confirmation = await administrator.get(`${jobPath}/confirm?include=${chief?.id}`);
    assert.match(confirmation.text, /This resets 2 member accounts and sends 2 e-mails\./);
    // The operator's own ID, forged into the form, changes nothing.
    const started = await administrator.post(`${jobPath}/start`, {
      confirmedEmails: "2",
      included: `${chief?.id},${self?.id}`,
    });
    assert.equal(started.status, 303);
    await runBulkResetJob(portal.deps, {});

    const resetState = async (loginId: string) =>
      (await findMemberByLoginId(portal.deps.database, loginId))?.resetRequiredAt !== null;
    assert.equal(await resetState("taro"), true);
    assert.equal(await resetState("chief"), true, "ticked in");
    assert.equal(await resetState("deputy"), false, "left out");
    assert.equal(await resetState("admin"), false, "never the operator's own account");
    assert.deepEqual((await forcedResetEmails(portal)).map((row) => row.recipient).sort(), [
      "chief@example.jp",
      "taro@example.jp",
    ]);
  });
});

describe("a bulk reset's follow-through page", () => {
  async function startedJob() {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await seedMembers(portal, ["taro", "hanako", "jiro"]);
    const jobPath = await dryRun(portal, administrator, ["taro", "hanako", "jiro"]);
    await administrator.post(`${jobPath}/start`, { confirmedEmails: "3" });
    await runBulkResetJob(portal.deps, {});
    return { portal, administrator, jobPath };
  }

  test("follows each member from e-mailed to a new password or passkey, with a chart, its table and CSV lists", async () => {
    const { portal, administrator, jobPath } = await startedJob();
    const database = portal.deps.database;
    portal.clock.advanceByMinutes(2);
    // The delivery worker's outcomes: taro's and hanako's e-mails sent, jiro's refused for good.
    for (const [recipient, status] of [
      ["taro@example.jp", "sent"],
      ["hanako@example.jp", "sent"],
      ["jiro@example.jp", "failed"],
    ] as const) {
      await database
        .update(outboxMessage)
        .set({ status, sentAt: status === "sent" ? portal.clock.now() : null })
        .where(and(eq(outboxMessage.recipient, recipient), eq(outboxMessage.kind, "forced-reset")));
    }
    portal.clock.advanceByMinutes(3);
    const taroLink = await resetPathOf(portal, "taro@example.jp");
    const taro = new TestBrowser(portal);
    const opened = await taro.get(taroLink);
    assert.equal(opened.status, 200, `${opened.location}`);
    const done = await taro.post(taroLink, { password: newPassword });
    assert.equal(done.status, 200, `${done.location}`);
    // hanako adds a passkey instead (the ceremony itself is covered by test/passkeys.test.ts).
    const hanako = await findMemberByLoginId(database, "hanako");
    await database.insert(passkey).values({
      memberId: hanako?.id as number,
      credentialId: randomBytes(16),
      publicKey: randomBytes(32),
      counter: 0,
      deviceType: "multiDevice",
      backedUp: true,
      aaguid: "00000000-0000-0000-0000-000000000000",
      name: "Phone",
      createdAt: portal.clock.now(),
      enrolmentProof: "email",
      confirmedAt: portal.clock.now(),
    });

    const page = await administrator.get(jobPath);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("cache-control") ?? "", /no-store/);
    const count = (state: string) =>
      new RegExp(`data-state="${state}"><th scope="row">[^<]+</th><td data-count="(\\d+)"`).exec(
        page.text,
      )?.[1];
    assert.deepEqual(
      [
        "emailed",
        "delivered",
        "bounced",
        "linkOpened",
        "passwordSet",
        "passkeyAdded",
        "pending",
      ].map(count),
      ["3", "2", "1", "1", "1", "1", "1"],
    );
    assert.match(page.text, /<svg[^>]+aria-labelledby="follow-up-chart-title"/);
    assert.match(page.text, /Members reaching each state over time, as a table/);

    const pending = await administrator.get(`${jobPath}/members/export?state=pending`);
    assert.equal(pending.status, 200);
    assert.match(pending.headers.get("content-type") ?? "", /text\/csv/);
    const lines = pending.text.trim().split("\r\n");
    assert.equal(lines.length, 2);
    assert.match(lines[1] ?? "", /^jiro,jiro@example\.jp,.*,yes,/);
    const exported = await database
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.action, "export.downloaded"));
    assert.equal(exported.length, 1, "audited once");
    assert.match(exported[0]?.details ?? "", /"state":"pending"/);
    assert.equal((await administrator.get(`${jobPath}/members/export?state=nope`)).status, 404);
  });

  test("re-sending to those still pending sends one e-mail each, withdraws the old link and is audited", async () => {
    const { portal, administrator, jobPath } = await startedJob();
    portal.clock.advanceByMinutes(1);
    const taroLink = await resetPathOf(portal, "taro@example.jp");
    assert.equal(
      (await new TestBrowser(portal).post(taroLink, { password: newPassword })).status,
      200,
    );
    const oldHanakoLink = await resetPathOf(portal, "hanako@example.jp");

    const page = await administrator.get(jobPath);
    assert.match(page.text, /Send the link again to 2 members/);
    const resent = await administrator.post(`${jobPath}/resend`, {});
    assert.equal(resent.status, 303);
    assert.equal(resent.location, `${jobPath}?resent=2`);
    assert.match(
      (await administrator.get(resent.location ?? "")).text,
      /A new link went to 2 members\./,
    );

    const emails = await forcedResetEmails(portal);
    assert.equal(emails.filter((row) => row.recipient === "hanako@example.jp").length, 2);
    assert.equal(emails.filter((row) => row.recipient === "jiro@example.jp").length, 2);
    assert.equal(emails.filter((row) => row.recipient === "taro@example.jp").length, 1);
    assert.equal((await new TestBrowser(portal).get(oldHanakoLink)).status, 404);
    const newHanakoLink = await resetPathOf(portal, "hanako@example.jp");
    assert.equal((await new TestBrowser(portal).get(newHanakoLink)).status, 200);

    const again = await administrator.post(`${jobPath}/resend`, {});
    assert.equal(again.location, `${jobPath}?resent=0`, "a repeat within the hour sends nothing");
    assert.equal((await forcedResetEmails(portal)).length, 5);
    const audited = await portal.deps.database
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.action, "bulk-reset.resent"));
    assert.deepEqual(
      audited.map((event) => JSON.parse(event.details).members),
      [2, 0],
    );
  });

  test("a member is not reset by the resend form of a dry run, and members cannot reach it", async () => {
    const portal = createTestPortal();
    const { administrator, member: signedInMember } = await createPersonas(portal);
    await seedMembers(portal, ["taro"]);
    const jobPath = await dryRun(portal, administrator, ["taro"]);
    assert.equal((await administrator.post(`${jobPath}/resend`, {})).status, 404);
    assert.notEqual((await signedInMember.get(jobPath)).status, 200);
    assert.notEqual((await signedInMember.post(`${jobPath}/resend`, {})).status, 303);
  });
});
