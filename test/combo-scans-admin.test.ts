import assert from "node:assert/strict";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { createApiKey } from "../src/admin/api-keys";
import { runComboScans } from "../src/combo-scans/scan-runner";
import { cleanUpComboScanFiles } from "../src/combo-scans/spool";
import { auditEvent, bulkResetJob, outboxMessage } from "../src/db/schema";
import { runBulkResetJob } from "../src/resets/bulk-reset-runner";
import type { TestBrowser } from "./support/browser";
import { createFilePortal, filesContaining, seedMember } from "./support/combo-scans";
import { type TestPortal, testOrigin } from "./support/harness";
import { messageText } from "./support/mail";
import { createPersonas } from "./support/routes";

const alicePassword = "Alice-Leaked-2019";
const bobOld = "bobs-old-secret-77";

/** Uploads a list through the page's form, fields before the file as the browser sends them. */
async function uploadList(
  browser: TestBrowser,
  content: string,
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  form.set("csrfToken", browser.csrfToken() ?? "");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set("file", new Blob([content], { type: "text/plain" }), "leak.txt");
  return browser.request("/admin/combo-scans", {
    method: "POST",
    headers: { origin: testOrigin, "sec-fetch-site": "same-origin" },
    body: form,
  });
}

async function seedLeakedMembers(portal: TestPortal) {
  await seedMember(portal, {
    loginId: "alice",
    email: "alice@example.jp",
    password: alicePassword,
  });
  await seedMember(portal, { loginId: "bob", password: "bob-now", previous: [bobOld] });
  await seedMember(portal, { loginId: "carol", password: "carol-safe-pw" });
}
const leak = `alice@example.jp:${alicePassword}\nbob:${bobOld}\ncarol:nope\nghost@example.net:whatever1\n`;

describe("combo-list scan: the admin page", () => {
  test("a streamed upload is scanned, its results listed and exported, and nothing of it is kept", async (t) => {
    const { portal, folder } = createFilePortal(t);
    const { administrator } = await createPersonas(portal);
    await seedLeakedMembers(portal);
    const uploaded = await uploadList(administrator, leak, { name: "paste 42" });
    assert.equal(uploaded.status, 303, uploaded.text);
    const scanPath = uploaded.location ?? "";
    assert.match(scanPath, /^\/admin\/combo-scans\/\d+$/);
    await runComboScans(portal.deps, {});

    const page = await administrator.get(scanPath);
    assert.equal(page.status, 200);
    assert.match(page.text, /data-status="completed"/);
    assert.match(page.text, /<tr data-member-id="\d+" data-exposure="2">\s*<td><a [^>]*>alice</);
    assert.match(page.text, /data-exposure="1">\s*<td><a [^>]*>bob</);
    assert.match(page.text, /data-exposure="0">\s*<td><a [^>]*>carol</);
    assert.equal(page.headers.get("cache-control"), "no-store, private");

    const csv = await administrator.get(`${scanPath}/members/export`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
    assert.match(csv.text, /,alice,alice@example\.jp,current password exposed\r\n/);
    assert.match(csv.text, /,bob,bob@example\.jp,old password exposed\r\n/);

    // Nothing kept: no password of the list in the database file, its WAL or the spool.
    assert.deepEqual(readdirSync(join(folder, "combo-scans")), []);
    portal.deps.database.$client.pragma("wal_checkpoint(TRUNCATE)");
    for (const secret of [alicePassword, bobOld, "whatever1", `alice@example.jp:${alicePassword}`])
      assert.deepEqual(filesContaining(folder, secret), [], secret);
    // The audit log records who scanned what: the file, its size and the counts.
    const audit = await portal.deps.database.select().from(auditEvent);
    const started = audit.find((event) => event.action === "combo-scan.started");
    const completed = audit.find((event) => event.action === "combo-scan.completed");
    assert.equal(started?.actorLabel, "admin");
    assert.equal(JSON.parse(started?.details ?? "{}").fileName, "leak.txt");
    assert.equal(JSON.parse(started?.details ?? "{}").fileBytes, Buffer.byteLength(leak));
    assert.equal(JSON.parse(completed?.details ?? "{}").currentExposed, 1);
    // Every password of the list now counts as breached.
    assert.equal((await portal.deps.breachSource.isBreached("whatever1")).breached, true);
  });

  test("an upload without the CSRF token is refused before the list is read", async (t) => {
    const { portal, folder } = createFilePortal(t);
    const { administrator } = await createPersonas(portal);
    const form = new FormData();
    form.set("file", new Blob([leak]), "leak.txt");
    const refused = await administrator.request("/admin/combo-scans", {
      method: "POST",
      headers: { origin: testOrigin, "sec-fetch-site": "same-origin" },
      body: form,
    });
    assert.equal(refused.status, 403);
    assert.deepEqual(
      readdirSync(folder).filter((name) => name === "combo-scans"),
      [],
    );
  });

  test("members cannot reach the scan pages", async (t) => {
    const { portal } = createFilePortal(t);
    const { member } = await createPersonas(portal);
    const page = await member.get("/admin/combo-scans");
    assert.notEqual(page.status, 200);
  });

  test("the exposed members are handed to a dry-run bulk reset with the reason filled in; its e-mail and page explain the combo list and offer a passkey", async (t) => {
    const { portal } = createFilePortal(t);
    const { administrator, anonymous } = await createPersonas(portal);
    await seedLeakedMembers(portal);
    const uploaded = await uploadList(administrator, leak, { name: "paste 42" });
    await runComboScans(portal.deps, {});
    const page = await administrator.get(uploaded.location ?? "");
    assert.match(page.text, /value="current password in combo list paste 42"/);

    const handed = await administrator.post(`${uploaded.location}/bulk-reset`, {
      reason: "current password in combo list paste 42",
    });
    assert.equal(handed.status, 303);
    const jobId = Number(handed.location?.match(/^\/admin\/resets\/(\d+)$/)?.[1]);
    const [dryRun] = await portal.deps.database
      .select()
      .from(bulkResetJob)
      .where(eq(bulkResetJob.id, jobId));
    assert.equal(dryRun?.dryRun, true);
    assert.equal(dryRun?.total, 1, "only alice, whose current password is exposed");
    assert.equal(dryRun?.reason, "current password in combo list paste 42");
    await runBulkResetJob(portal.deps, { jobId });

    const started = await administrator.post(`/admin/resets/${jobId}/start`, {
      confirmedEmails: "1",
    });
    assert.equal(started.status, 303);
    await runBulkResetJob(portal.deps, {});
    const [message] = await portal.deps.database
      .select()
      .from(outboxMessage)
      .where(eq(outboxMessage.kind, "forced-reset"));
    const text = messageText(message);
    assert.match(
      text,
      /found your password together with your e-mail address or login ID in a list leaked from another site/,
    );
    assert.match(text, /reused/);
    assert.match(text, /passkey/);
    const link = new URL(text.match(/https?:\/\/\S+\/reset\/\S+/)?.[0] ?? "").pathname;
    const resetPage = await anonymous.get(link);
    assert.equal(resetPage.status, 200);
    assert.match(resetPage.text, /data-cause="combo-list"/);
    const japanese = messageText({ ...(message as NonNullable<typeof message>), language: "ja" });
    assert.match(japanese, /流出したリスト/);
    assert.match(japanese, /パスキー/);
  });
});

describe("combo-list scan: the API", () => {
  test("POST /admin/api/combo-scans streams the list with a combo-scan key; other keys get 403", async (t) => {
    const { portal } = createFilePortal(t);
    await seedLeakedMembers(portal);
    const key = async (scopes: ("combo-scan" | "read-only" | "bulk-reset")[]) =>
      (
        await createApiKey(portal.deps.database, portal.clock, {
          name: `key-${scopes.join("-")}`,
          createdByMemberId: null,
          scopes,
          expiresInDays: null,
        })
      ).value;
    const scanner = await key(["combo-scan"]);
    const accepted = await portal.app.request("/admin/api/combo-scans?name=feed-7", {
      method: "POST",
      headers: { authorization: `Bearer ${scanner}`, "content-type": "text/plain" },
      body: leak,
    });
    assert.equal(accepted.status, 202);
    const created = await accepted.json();
    assert.equal(created.name, "feed-7");
    assert.equal(accepted.headers.get("location"), created.url);
    await runComboScans(portal.deps, {});
    const read = await portal.app.request(`/admin/api/combo-scans/${created.id}`, {
      headers: { authorization: `Bearer ${await key(["read-only"])}` },
    });
    assert.equal(read.status, 200);
    const summary = await read.json();
    assert.equal(summary.status, "completed");
    assert.deepEqual(summary.members, {
      currentPasswordExposed: 1,
      oldPasswordExposed: 1,
      notExposed: 1,
    });

    const wrongScope = await portal.app.request("/admin/api/combo-scans", {
      method: "POST",
      headers: {
        authorization: `Bearer ${await key(["bulk-reset"])}`,
        "content-type": "text/plain",
      },
      body: leak,
    });
    assert.equal(wrongScope.status, 403);
  });
});

describe("combo-list scan: start-up", () => {
  test("leftover spool files are deleted and a scan whose list is gone is reported as interrupted with its partial results", async (t) => {
    const { portal, folder } = createFilePortal(t);
    const { administrator } = await createPersonas(portal);
    await seedLeakedMembers(portal);
    const uploaded = await uploadList(administrator, leak);
    writeFileSync(join(folder, "combo-scans", "orphan.spool"), "x:y\n");
    const spoolFiles = readdirSync(join(folder, "combo-scans"));
    assert.equal(spoolFiles.length, 2);
    for (const name of spoolFiles)
      if (name !== "orphan.spool") rmSync(join(folder, "combo-scans", name));
    const cleaned = await cleanUpComboScanFiles(portal.deps);
    assert.deepEqual(cleaned, { deletedFiles: 1, interrupted: 1 });
    const page = await administrator.get(uploaded.location ?? "");
    assert.match(page.text, /data-status="interrupted"/);
  });
});

describe("bulk reset input that is really a combo list", () => {
  test("identifier:password lines keep only the identifier, in the database and the unknown-IDs CSV, and the job page offers a scan", async (t) => {
    const { portal, folder } = createFilePortal(t);
    const { administrator } = await createPersonas(portal);
    await seedLeakedMembers(portal);
    const created = await administrator.post("/admin/resets", {
      list: `alice@example.jp:${alicePassword}\nuser@example.test:Password1\nbob;${bobOld}\ncarol\tnope-pw\n`,
      reason: "pasted combo list",
      revokeSessions: "on",
      invalidatePassword: "on",
      notifyMembers: "on",
    });
    assert.equal(created.status, 303);
    assert.match(created.location ?? "", /^\/admin\/resets\/\d+\?comboLines=4$/);
    await runBulkResetJob(portal.deps, {});
    const page = await administrator.get(created.location ?? "");
    assert.match(page.text, /data-notice="combo-lines"/);
    assert.match(page.text, /href="\/admin\/combo-scans"/);
    const jobId = created.location?.match(/\/(\d+)\?/)?.[1];
    const unknown = await administrator.get(`/admin/resets/${jobId}/unknown/export`);
    assert.equal(unknown.text, "identifier\r\nuser@example.test\r\n");
    const [job] = await portal.deps.database
      .select()
      .from(bulkResetJob)
      .where(eq(bulkResetJob.id, Number(jobId)));
    assert.equal(job?.matched, 3);
    portal.deps.database.$client.pragma("wal_checkpoint(TRUNCATE)");
    for (const secret of [alicePassword, "Password1", bobOld, "nope-pw"])
      assert.deepEqual(filesContaining(folder, secret), [], secret);
  });
});

describe("combo-list scan: cancelling", () => {
  test("a cancelled scan stops with its partial results and its list is deleted at once", async (t) => {
    const { portal, folder } = createFilePortal(t);
    const { administrator } = await createPersonas(portal);
    await seedLeakedMembers(portal);
    const uploaded = await uploadList(administrator, leak);
    assert.equal(readdirSync(join(folder, "combo-scans")).length, 1);
    const cancelled = await administrator.post(`${uploaded.location}/cancel`, {});
    assert.equal(cancelled.status, 303);
    assert.deepEqual(readdirSync(join(folder, "combo-scans")), []);
    await runComboScans(portal.deps, {});
    const page = await administrator.get(uploaded.location ?? "");
    assert.match(page.text, /data-status="cancelled"/);
    const audit = await portal.deps.database.select().from(auditEvent);
    assert.ok(audit.some((event) => event.action === "combo-scan.cancelled"));
  });
});
