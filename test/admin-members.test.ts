import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { desc } from "drizzle-orm";
import { findMemberByLoginId, insertMember } from "../src/accounts/members";
import { openDatabase } from "../src/db/connection";
import { auditEvent, outboxMessage, signInEvent } from "../src/db/schema";
import { memberPassword, registerAndSignIn } from "./support/browser";
import { runRekey } from "./support/cli";
import { createTestPortal, type TestPortal } from "./support/harness";
import { createPersonas } from "./support/routes";

const dayInMilliseconds = 86_400_000;

/** Members whose health, reset state and last sign-in the filters must tell apart. */
async function seedDirectory(portal: TestPortal) {
  const now = portal.clock.now().getTime();
  const seeds = [
    { loginId: "kaito.sato", health: "breached", reset: true, signedInDaysAgo: 2 },
    { loginId: "yui.sato", health: "weak", reset: false, signedInDaysAgo: 45 },
    { loginId: "sora", health: "ok", reset: false, signedInDaysAgo: null },
    { loginId: "hana", health: null, reset: false, signedInDaysAgo: 200 },
  ] as const;
  for (const seed of seeds) {
    const created = await insertMember(portal.deps.database, {
      loginId: seed.loginId,
      email: `${seed.loginId.replace(".", "-")}@mail.example.jp`,
      passwordHash: "$argon2id$placeholder",
      passwordHealth: seed.health,
      resetRequiredAt: seed.reset ? new Date(now) : null,
      createdAt: new Date(now - 400 * dayInMilliseconds),
    });
    assert.ok(created);
    if (seed.signedInDaysAgo !== null) {
      await portal.deps.database.insert(signInEvent).values({
        occurredAt: new Date(now - seed.signedInDaysAgo * dayInMilliseconds),
        method: "password",
        result: "success",
        memberId: created.id,
        identifierKind: "login-id",
      });
    }
  }
}

const loginIdsOn = (html: string) =>
  [...html.matchAll(/<a href="\/admin\/members\/\d+">([^<]+)<\/a>/g)].map((match) => match[1]);

describe("the member directory", () => {
  test("finds members by any part of the login ID or address", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await seedDirectory(portal);
    assert.deepEqual(loginIdsOn((await administrator.get("/admin/members?q=sato")).text), [
      "kaito.sato",
      "yui.sato",
    ]);
    assert.deepEqual(loginIdsOn((await administrator.get("/admin/members?q=SATO%40MAIL")).text), [
      "kaito.sato",
      "yui.sato",
    ]);
    assert.deepEqual(loginIdsOn((await administrator.get("/admin/members?q=ora")).text), ["sora"]);
    // % and _ are literal characters, not wildcards.
    assert.deepEqual(loginIdsOn((await administrator.get("/admin/members?q=%25")).text), []);
  });

  test("filters by password health, reset state and last sign-in, and shows them in words", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await seedDirectory(portal);
    const shown = async (query: string) =>
      loginIdsOn((await administrator.get(`/admin/members?${query}`)).text).filter(
        (loginId) => loginId !== "admin" && loginId !== "member",
      );
    assert.deepEqual(await shown("health=breached"), ["kaito.sato"]);
    assert.deepEqual(await shown("health=unchecked"), ["hana"]);
    assert.deepEqual(await shown("reset=pending"), ["kaito.sato"]);
    assert.deepEqual(await shown("reset=none&q=sato"), ["yui.sato"]);
    assert.deepEqual(await shown("signed-in=7"), ["kaito.sato"]);
    assert.deepEqual(await shown("signed-in=90"), ["kaito.sato", "yui.sato"]);
    assert.deepEqual(await shown("signed-in=not-90"), ["hana", "sora"]);
    assert.deepEqual(await shown("signed-in=never"), ["sora"]);
    assert.deepEqual(await shown("health=weak&signed-in=7"), []);
    assert.deepEqual(await shown("health=nonsense"), ["hana", "kaito.sato", "sora", "yui.sato"]);

    const page = (await administrator.get("/admin/members?q=kaito")).text;
    assert.match(page, /<td data-role="member">Member<\/td>/);
    assert.match(page, /Breached <span class="badge warn">Reset pending<\/span>/);
    assert.match(page, /<select id="health" name="health">/);
    const filtered = (await administrator.get("/admin/members?health=weak")).text;
    assert.match(filtered, /<option value="weak" selected="">Weak<\/option>/);
    assert.match(filtered, /href="\/admin\/members\/export\?health=weak"/);
  });

  test("exports what the filters match as CSV, and the export is audited", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await seedDirectory(portal);
    const csv = await administrator.get("/admin/members/export?q=sato&signed-in=90");
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
    assert.match(csv.headers.get("cache-control") ?? "", /no-store/);
    const lines = csv.text.trim().split("\r\n");
    assert.equal(
      lines[0],
      "login_id,email,role,password_health,reset_pending_since,last_sign_in,registered",
    );
    assert.equal(lines.length, 3);
    assert.match(
      lines[1] ?? "",
      /^kaito\.sato,kaito-sato@mail\.example\.jp,member,breached,2026-11-21T09:00:00\.000Z,2026-11-19T09:00:00\.000Z,/,
    );
    const [entry] = await portal.deps.database
      .select()
      .from(auditEvent)
      .orderBy(desc(auditEvent.id))
      .limit(1);
    assert.equal(entry?.action, "export.downloaded");
    assert.deepEqual(JSON.parse(entry?.details ?? "{}"), {
      export: "/admin/members/export",
      rows: 2,
      filters: { q: "sato", "signed-in": "90" },
    });
  });
});

describe("administrators in the console", () => {
  test("promote a member, demote and delete administrators, never the last one nor oneself; all audited", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const kenji = await registerAndSignIn(portal, { loginId: "kenji" });

    const promoted = await administrator.post("/admin/administrators/promote", {
      loginId: "Kenji",
    });
    assert.equal(promoted.location, "/admin/administrators?done=promoted&who=kenji");
    assert.equal((await findMemberByLoginId(portal.deps.database, "kenji"))?.role, "admin");
    assert.match(
      (await administrator.get(promoted.location ?? "")).text,
      /kenji is now an administrator\./,
    );
    assert.equal((await kenji.get("/admin")).status, 200, "the role applies at once");
    const again = await administrator.post("/admin/administrators/promote", { loginId: "kenji" });
    assert.equal(again.status, 409);
    const unknown = await administrator.post("/admin/administrators/promote", {
      loginId: "nobody",
    });
    assert.equal(unknown.status, 404);
    assert.match(unknown.text, /No member has this login ID\./);

    const admin = await findMemberByLoginId(portal.deps.database, "admin");
    const kenjiRow = await findMemberByLoginId(portal.deps.database, "kenji");
    assert.ok(admin && kenjiRow);
    const self = await administrator.post(`/admin/administrators/${admin.id}/demote`, {
      confirm: "yes",
    });
    assert.equal(self.status, 409);
    assert.match(self.text, /cannot demote or delete your own account/);

    const demoted = await administrator.post(`/admin/administrators/${kenjiRow.id}/demote`, {
      confirm: "yes",
    });
    assert.equal(demoted.status, 303);
    assert.equal((await kenji.get("/admin")).status, 403, "the console closes at once");
    // Now admin is the last one: kenji, promoted again, cannot demote or delete them.
    await administrator.post("/admin/administrators/promote", { loginId: "kenji" });
    await kenji.post("/reauthenticate", { password: memberPassword, next: "/admin" });
    const lastRemoval = await kenji.post(`/admin/administrators/${admin.id}/remove`, {
      confirm: "yes",
    });
    assert.equal(lastRemoval.status, 303, "two administrators: one may go");
    assert.equal(await findMemberByLoginId(portal.deps.database, "admin"), undefined);
    assert.equal(
      (await administrator.get("/admin")).status,
      303,
      "the deleted account is signed out",
    );

    const actions = (await portal.deps.database.select().from(auditEvent).orderBy(auditEvent.id))
      .map((row) => `${row.actorLabel} ${row.action}`)
      .filter((line) => line.includes("administrator.") && !line.endsWith("created"));
    assert.deepEqual(actions, [
      "admin administrator.promoted",
      "admin administrator.demoted",
      "admin administrator.promoted",
      "kenji administrator.removed",
    ]);
    const log = (await kenji.get("/admin/audit")).text;
    assert.match(log, /kenji deleted the administrator account admin/);
    assert.match(log, /admin made kenji an ordinary member again/);
  });

  test("the last administrator cannot be demoted or removed", async () => {
    const portal = createTestPortal();
    await createPersonas(portal);
    const { demoteAdministrator, removeAdministrator } = await import(
      "../src/admin/administrator-roles"
    );
    const admin = await findMemberByLoginId(portal.deps.database, "admin");
    assert.ok(admin);
    const actor = { kind: "cli" } as const;
    assert.equal(
      (await demoteAdministrator(portal.deps, admin, actor)).outcome,
      "last-administrator",
    );
    assert.equal(
      (await removeAdministrator(portal.deps, admin, actor)).outcome,
      "last-administrator",
    );
    assert.equal((await findMemberByLoginId(portal.deps.database, "admin"))?.role, "admin");
  });
});

describe("rekey admin list|promote|demote|remove", () => {
  test("manages administrators from a shell, never the last one, audited as the command line", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-admins-"));
    try {
      const environment = { REKEY_DB: join(folder, "rekey.db") };
      const run = (argv: string[], stdin = "") => runRekey(argv, { stdin, environment });
      assert.equal(
        (
          await run(
            ["admin", "create", "--login-id", "boss", "--email", "boss@example.jp"],
            `${memberPassword}\n`,
          )
        ).code,
        0,
      );
      assert.equal(
        (
          await run(
            ["admin", "create", "--login-id", "deputy", "--email", "d@example.jp"],
            `${memberPassword}\n`,
          )
        ).code,
        0,
      );
      assert.equal(
        (await run(["admin", "list"])).out,
        "boss\tboss@example.jp\ndeputy\td@example.jp\n",
      );
      const demoted = await run(["admin", "demote", "deputy"]);
      assert.equal(demoted.code, 0, demoted.err);
      assert.match(demoted.out, /deputy is now an ordinary member/);
      const last = await run(["admin", "remove", "boss"]);
      assert.equal(last.code, 1);
      assert.match(last.err, /boss is the last administrator/);
      assert.equal((await run(["admin", "promote", "deputy"])).code, 0);
      const removed = await run(["admin", "remove", "boss"]);
      assert.equal(removed.code, 0, removed.err);
      assert.equal((await run(["admin", "list"])).out, "deputy\td@example.jp\n");
      assert.equal((await run(["admin", "promote", "ghost"])).code, 1);
      assert.equal((await run(["admin", "promote"])).code, 2);

      const database = openDatabase(environment.REKEY_DB);
      const rows = await database.select().from(auditEvent).orderBy(auditEvent.id);
      database.$client.close();
      assert.deepEqual(
        rows.map((row) => `${row.actorLabel} ${row.action}`),
        [
          "cli administrator.created",
          "cli administrator.created",
          "cli administrator.demoted",
          "cli administrator.promoted",
          "cli administrator.removed",
        ],
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("no raw codes on console pages", () => {
  test("a member's role and password health, and an e-mail's kind, are shown in words in both languages", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await seedDirectory(portal);
    const kaito = await findMemberByLoginId(portal.deps.database, "kaito.sato");
    assert.ok(kaito);
    await portal.deps.database
      .update(outboxMessage)
      .set({ status: "failed", lastError: "550 rejected", attempts: 5 });
    const page = (await administrator.get(`/admin/members/${kaito.id}`)).text;
    assert.match(page, /<dd data-role="member">Member<\/dd>/);
    assert.match(page, /<dd data-health="breached">Breached<\/dd>/);
    const mail = (await administrator.get("/admin/mail")).text;
    assert.match(mail, /<td data-kind="email-verification">E-mail confirmation<\/td>/);
    await administrator.post("/language", { language: "ja", next: "/admin" });
    const japanese = (await administrator.get(`/admin/members/${kaito.id}`)).text;
    assert.match(japanese, /<dd data-role="member">会員<\/dd>/);
    assert.match(japanese, /<dd data-health="breached">流出<\/dd>/);
    assert.match(
      (await administrator.get("/admin/mail")).text,
      /<td data-kind="email-verification">メールアドレスの確認<\/td>/,
    );
  });
});
