import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { findMemberByLoginId, insertMember } from "../src/accounts/members";
import { completeMemberCensus } from "../src/admin/census-worker";
import { membersPerPage } from "../src/admin/member-directory";
import { recordAuditEvent } from "../src/audit/audit-log";
import { reminderState } from "../src/db/schema";
import { listMemberPasskeys } from "../src/passkeys/credentials";
import { formatCsvField } from "../src/resets/identifier-list";
import { SoftwareAuthenticator } from "./support/authenticator";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { enrolConfirmedPasskey } from "./support/passkeys";
import { concretePath, createPersonas, registeredRoutes } from "./support/routes";

async function insertMembers(portal: TestPortal, count: number) {
  const passwordHash = await portal.deps.passwordHasher.hashPassword(memberPassword);
  for (let index = 0; index < count; index++) {
    const loginId = `user${String(index).padStart(3, "0")}`;
    await insertMember(portal.deps.database, {
      loginId,
      email: `${loginId}@example.jp`,
      passwordHash,
      createdAt: portal.clock.now(),
    });
  }
}

describe("the admin area is for administrators only", () => {
  test("a member is refused on every /admin route, GET and POST", async () => {
    const portal = createTestPortal();
    const { member } = await createPersonas(portal);
    const adminRoutes = registeredRoutes(portal).filter(
      (route) => route.path.startsWith("/admin") && !route.path.startsWith("/admin/api/"),
    );
    assert.ok(adminRoutes.length >= 12, `walked ${adminRoutes.length} admin routes`);
    for (const route of adminRoutes) {
      const path = await concretePath(portal, route.path);
      const response =
        route.method === "GET"
          ? await member.get(path)
          : await member.post(path, { reason: "x", name: "x" });
      assert.equal(response.status, 403, `${route.method} ${path} answered ${response.status}`);
    }
  });
});

describe("member search", () => {
  test("finds members by login ID or e-mail prefix, a page at a time", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await insertMembers(portal, membersPerPage + 10);

    const first = await administrator.get("/admin/members?q=user");
    assert.equal(first.status, 200);
    assert.equal((first.text.match(/href="\/admin\/members\/\d+"/g) ?? []).length, membersPerPage);
    const next = /href="(\/admin\/members\?q=user&amp;after=[^"]+)" rel="next"/.exec(
      first.text,
    )?.[1];
    assert.ok(next, "a next-page link");
    const second = await administrator.get(next.replaceAll("&amp;", "&"));
    assert.equal((second.text.match(/href="\/admin\/members\/\d+"/g) ?? []).length, 10);
    assert.match(second.text, /user059/);
    assert.doesNotMatch(second.text, /rel="next"/);

    const byEmail = await administrator.get("/admin/members?q=user007%40");
    assert.match(byEmail.text, />user007</);
    assert.equal((byEmail.text.match(/href="\/admin\/members\/\d+"/g) ?? []).length, 1);
  });
});

describe("acting on one member", () => {
  test("an administrator forces a reset, signs the member out and resends the confirmation; all audited", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const taro = await registerAndSignIn(portal, { loginId: "taro" });
    const member = await findMemberByLoginId(portal.deps.database, "taro");
    const page = `/admin/members/${member?.id}`;
    const shown = await administrator.get(page);
    assert.match(shown.text, /taro@example\.jp/);
    assert.match(shown.text, /never see or choose a member(&#39;|')s password/);

    const resent = await administrator.post(`${page}/resend-verification`, {});
    assert.equal(resent.location, `${page}?done=verification-resent`);
    const revoked = await administrator.post(`${page}/revoke-sessions`, {});
    assert.equal(revoked.location, `${page}?revoked=1`);
    assert.equal((await taro.get("/account")).status, 303);

    assert.equal((await administrator.post(`${page}/reset`, { reason: "" })).status, 400);
    const reset = await administrator.post(`${page}/reset`, { reason: "seen in a combo list" });
    assert.equal(reset.location, `${page}?done=reset`);
    assert.ok((await findMemberByLoginId(portal.deps.database, "taro"))?.resetRequiredAt);
    const again = await administrator.post(`${page}/reset`, { reason: "again" });
    assert.equal(again.location, `${page}?done=reset-pending`);

    const audit = await administrator.get("/admin/audit?actor=admin&action=member.");
    assert.match(audit.text, /data-action="member\.sessions-revoked"/);
    assert.match(audit.text, /admin signed taro out of 1 session/);
    assert.match(audit.text, /data-action="member\.verification-resent"/);
    assert.doesNotMatch(audit.text, /data-action="bulk-reset/);
  });
});

describe("the member page", () => {
  test("shows the member's passkeys, recent sign-ins and reminder state", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const hanako = await registerAndSignIn(portal, { loginId: "hanako" });
    assert.equal(
      (await enrolConfirmedPasskey(portal, hanako, new SoftwareAuthenticator())).status,
      200,
    );
    await hanako.post("/logout", {});
    await hanako.post("/login", { loginId: "hanako", password: "not her password at all" });
    const member = await findMemberByLoginId(portal.deps.database, "hanako");
    assert.ok(member);
    const nextReminderAt = new Date(portal.clock.now().getTime() + 5 * 86_400_000);
    await portal.deps.database
      .insert(reminderState)
      .values({ memberId: member.id, reason: "age", nextReminderAt, sentCount: 0 });

    const page = (await administrator.get(`/admin/members/${member.id}`)).text;
    const [passkey] = await listMemberPasskeys(portal.deps.database, member.id);
    assert.ok(passkey);
    assert.ok(page.includes(`<td>${passkey.name}</td>`));
    assert.match(page, /Signed in/);
    assert.match(page, /Wrong password/);
    assert.match(page, /Next on 26 November 2026 \(password age\)/);
  });
});

describe("the audit log", () => {
  test("filters by action and date and exports what matches as CSV", async () => {
    const portal = createTestPortal();
    await recordAuditEvent(portal.deps.database, portal.clock, {
      actor: { kind: "cli" },
      action: "api-key.created",
      details: { name: "first" },
    });
    portal.clock.advanceByMinutes(3 * 24 * 60);
    const { administrator } = await createPersonas(portal);
    await administrator.post("/admin/api-keys", { name: "second", "scope-read-only": "on" });

    const today = portal.clock.now().toISOString().slice(0, 10);
    const filtered = await administrator.get(`/admin/audit?action=api-key&from=${today}`);
    assert.match(filtered.text, /&quot;second&quot;/);
    assert.doesNotMatch(filtered.text, /&quot;first&quot;/);

    const csv = await administrator.get("/admin/audit/export?action=api-key.created");
    assert.match(csv.headers.get("content-type") ?? "", /text\/csv/);
    const lines = csv.text.trim().split("\r\n");
    assert.equal(lines[0], "id,time,actor,action,details");
    assert.equal(lines.length, 3);
  });

  test("CSV cells never start with a spreadsheet formula character", () => {
    assert.equal(formatCsvField("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
    assert.equal(formatCsvField("+1"), "'+1");
    assert.equal(formatCsvField('a,"b"'), '"a,""b"""');
    assert.equal(formatCsvField("taro"), "taro");
  });

  test("reads in sentences with details as labelled fields, in English and Japanese, filtered with drop-downs", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const admin = await findMemberByLoginId(portal.deps.database, "admin");
    assert.ok(admin);
    await recordAuditEvent(portal.deps.database, portal.clock, {
      actor: { kind: "member", memberId: admin.id, loginId: "admin01" },
      action: "bulk-reset.created",
      details: { jobId: 7, identifiers: 2347, reason: "stuffing wave", source: "web" },
    });
    await recordAuditEvent(portal.deps.database, portal.clock, {
      actor: { kind: "cli" },
      action: "block.added",
      details: { cidr: "203.0.113.0/24", reason: null, expiresAt: "2026-11-22T09:00:00.000Z" },
    });

    const page = (await administrator.get("/admin/audit")).text;
    assert.match(page, /admin01 started a bulk reset of 2,347 members: stuffing wave/);
    assert.match(page, /An operator at the command line blocked 203\.0\.113\.0\/24/);
    assert.match(page, /<dt>IDs in the list<\/dt><dd>2,347<\/dd>/);
    assert.match(page, /<dt>Bulk reset<\/dt><dd>#7<\/dd>/);
    assert.match(page, /<dt>Expires<\/dt><dd>22 Nov 2026, 09:00<\/dd>/);
    assert.doesNotMatch(page, /&quot;jobId&quot;|\{&quot;/, "no raw JSON");
    // Filters are drop-downs of who appears in the log and of the kinds of action.
    assert.match(page, /<select id="actor" name="actor">/);
    for (const actor of ["admin", "admin01", "cli"]) {
      assert.match(page, new RegExp(`<option value="${actor}"`));
    }
    assert.match(page, /<option value="bulk-reset">Bulk resets<\/option>/);
    const filtered = (await administrator.get("/admin/audit?actor=cli&action=block")).text;
    assert.match(filtered, /<option value="cli" selected="">/);
    assert.match(filtered, /data-action="block\.added"/);
    assert.doesNotMatch(filtered, /data-action="bulk-reset/);

    await administrator.post("/language", { language: "ja", next: "/admin/audit" });
    const japanese = (await administrator.get("/admin/audit")).text;
    assert.match(japanese, /admin01が2,347人の一括リセットを開始しました（理由: stuffing wave）。/);
    assert.match(japanese, /コマンドラインの運用者が203\.0\.113\.0\/24を遮断しました。/);
    assert.match(japanese, /<dt>一覧のID数<\/dt><dd>2,347<\/dd>/);
  });

  test("bad filter values are ignored, not trusted", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const response = await administrator.get("/admin/audit?from=yesterday&before=-1&action=%25");
    assert.equal(response.status, 200);
  });
});

describe("the setup link and anonymous visitors", () => {
  test("an anonymous visitor is sent to sign in from the member search", async () => {
    const portal = createTestPortal();
    const response = await new TestBrowser(portal).get("/admin/members");
    assert.equal(response.status, 303);
  });
});

describe("password hygiene aggregates", () => {
  test("the overview counts members by verdict and by password age, exactly", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const now = portal.clock.now().getTime();
    const day = 86_400_000;
    const passwordHash = await portal.deps.passwordHasher.hashPassword(memberPassword);
    const seeded: [string, "ok" | "weak" | "similar" | "breached" | null, number, boolean][] = [
      ["ok1", "ok", 10, true],
      ["ok2", "ok", 100, true],
      ["weak1", "weak", 400, true],
      ["similar1", "similar", 800, true],
      ["breached1", "breached", 30, true],
      ["nopass", null, 0, false],
    ];
    for (const [loginId, health, ageInDays, hasPassword] of seeded) {
      await insertMember(portal.deps.database, {
        loginId,
        email: `${loginId}@example.jp`,
        passwordHash: hasPassword ? passwordHash : null,
        passwordChangedAt: hasPassword ? new Date(now - ageInDays * day) : null,
        passwordHealth: health,
        createdAt: portal.clock.now(),
      });
    }
    await completeMemberCensus(portal.deps);
    const text = (await administrator.get("/admin")).text;
    const figure = (label: string) =>
      new RegExp(`<dt>${label}</dt><dd>(\\d+)</dd>`).exec(text)?.[1];
    // The two personas (admin, member) signed in with their passwords: the re-check found them ok.
    assert.deepEqual(
      [
        "No problem",
        "Weak",
        "Built from their details",
        "Breached",
        "Not checked yet",
        "Passwordless",
      ].map(figure),
      ["4", "1", "1", "1", "0", "1"],
    );
    assert.deepEqual(
      [
        "Under 30 days",
        "30 to 90 days",
        "90 to 180 days",
        "180 days to a year",
        "1 to 2 years",
        "Over 2 years",
      ].map(figure),
      ["3", "1", "1", "0", "1", "1"],
    );
  });
});
