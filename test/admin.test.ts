import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { findMemberByLoginId } from "../src/accounts/members";
import { completeMemberCensus } from "../src/admin/census-worker";
import { prepareFirstAdminSetupLink } from "../src/admin/first-admin";
import { openDatabase } from "../src/db/connection";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { runRekey } from "./support/cli";
import { createTestPortal } from "./support/harness";
import { createPersonas } from "./support/routes";

const adminFields = { loginId: "operator", email: "ops@example.jp", password: memberPassword };

describe("first administrator setup link", () => {
  test("GET shows the form without using the link; POST creates the administrator once", async () => {
    const portal = createTestPortal();
    const link = await prepareFirstAdminSetupLink(portal.deps);
    assert.ok(link);
    assert.equal(link.origin, "http://localhost:3000", "links are built from REKEY_ORIGIN");
    const browser = new TestBrowser(portal);
    assert.equal((await browser.get(link.pathname)).status, 200);
    assert.equal((await browser.get(link.pathname)).status, 200, "viewing does not consume");

    const created = await browser.post(link.pathname, adminFields);
    assert.equal(created.status, 200);
    assert.match(created.text, /administrator account was created/);
    assert.equal((await findMemberByLoginId(portal.deps.database, "operator"))?.role, "admin");

    const reused = await new TestBrowser(portal).post(link.pathname, {
      ...adminFields,
      loginId: "second",
    });
    assert.equal(reused.status, 404);
    assert.match(reused.text, /invalid, has expired or has already been used/);
    assert.equal(await findMemberByLoginId(portal.deps.database, "second"), undefined);
    assert.equal(
      await prepareFirstAdminSetupLink(portal.deps),
      null,
      "no link once an administrator exists",
    );
  });

  test("tampered, expired and superseded links all get the same 404 page", async () => {
    const portal = createTestPortal();
    const first = await prepareFirstAdminSetupLink(portal.deps);
    const second = await prepareFirstAdminSetupLink(portal.deps);
    assert.ok(first && second);
    const tampered = `${second.pathname.slice(0, -2)}xx`;
    portal.clock.advanceByMinutes(30);
    const answers = [
      await new TestBrowser(portal).get(first.pathname),
      await new TestBrowser(portal).get(tampered),
    ];
    portal.clock.advanceByMinutes(31);
    answers.push(await new TestBrowser(portal).get(second.pathname));
    for (const answer of answers) {
      assert.equal(answer.status, 404);
      assert.match(answer.text, /invalid, has expired or has already been used/);
    }
  });
});

describe("the admin area", () => {
  test("a member who is not an administrator is refused", async () => {
    const portal = createTestPortal();
    const { member } = await createPersonas(portal);
    const response = await member.get("/admin");
    assert.equal(response.status, 403);
    assert.doesNotMatch(response.text, /Active sessions/);
  });

  test("an anonymous visitor is sent to sign in", async () => {
    const portal = createTestPortal();
    const response = await new TestBrowser(portal).get("/admin");
    assert.equal(response.status, 303);
    assert.equal(response.location, "/login?next=%2Fadmin");
  });

  test("read-only admin pages keep working for the whole session; actions and exports need a sign-in within 10 minutes", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    assert.equal((await administrator.get("/admin")).status, 200);

    // Watching an incident: a page every 15 minutes (within the idle timeout) for 75 minutes.
    for (const path of [
      "/admin",
      "/admin/members",
      "/admin/audit",
      "/admin/attacks",
      "/admin/mail",
    ]) {
      portal.clock.advanceByMinutes(15);
      const watched = await administrator.get(path);
      assert.equal(watched.status, 200, `${path} is still shown after the 10-minute window`);
    }
    const action = await administrator.post("/admin/mail/retry", {});
    assert.equal(action.status, 303);
    assert.equal(action.location, "/reauthenticate?next=%2Fadmin");
    const exported = await administrator.get("/admin/audit/export");
    assert.equal(exported.status, 303);
    assert.equal(exported.location, "/reauthenticate?next=%2Fadmin%2Faudit%2Fexport");

    const confirmed = await administrator.post("/reauthenticate", {
      password: memberPassword,
      next: "/admin",
    });
    assert.equal(confirmed.location, "/admin");
    assert.equal((await administrator.post("/admin/mail/retry", {})).status, 303);
    assert.equal((await administrator.get("/admin/audit/export")).status, 200);
  });

  test("the overview counts members, administrators and sessions", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await registerAndSignIn(portal, { loginId: "third" });
    await completeMemberCensus(portal.deps);
    const text = (await administrator.get("/admin")).text;
    const figure = (label: string) =>
      new RegExp(`<dt>${label}</dt><dd>(\\d+)</dd>`).exec(text)?.[1];
    assert.equal(figure("Members"), "3");
    assert.equal(figure("Administrators"), "1");
    assert.equal(figure("Active sessions"), "3");
    assert.equal(figure("Unverified e-mail addresses"), "3");
  });
});

describe("rekey admin create", () => {
  function run(argv: string[], stdinText: string, databasePath: string) {
    return runRekey(argv, { stdin: stdinText, environment: { REKEY_DB: databasePath } });
  }

  test("creates an administrator with the password read from standard input", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-cli-"));
    try {
      const databasePath = join(folder, "rekey.db");
      const created = await run(
        ["admin", "create", "--login-id", "Boss", "--email", "boss@example.jp"],
        `${memberPassword}\n`,
        databasePath,
      );
      assert.equal(created.code, 0, created.err);
      assert.match(created.out, /Administrator boss created/);
      assert.doesNotMatch(created.out + created.err, new RegExp(memberPassword));

      const again = await run(
        ["admin", "create", "--login-id", "boss", "--email", "x@example.jp"],
        `${memberPassword}\n`,
        databasePath,
      );
      assert.equal(again.code, 1);
      assert.match(again.err, /already taken/);

      const weak = await run(
        ["admin", "create", "--login-id", "boss2", "--email", "y@example.jp"],
        "short\n",
        databasePath,
      );
      assert.equal(weak.code, 1);
      assert.match(weak.err, /at least 12 characters/);

      const database = openDatabase(databasePath);
      assert.equal((await findMemberByLoginId(database, "boss"))?.role, "admin");
      database.$client.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test("refuses a password on the command line and missing options with usage", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-cli-"));
    try {
      const databasePath = join(folder, "rekey.db");
      const withPassword = await run(
        ["admin", "create", "--login-id", "a", "--email", "a@b.jp", "--password", "x"],
        "",
        databasePath,
      );
      assert.equal(withPassword.code, 2);
      assert.match(withPassword.err, /Unknown option '--password'/);
      const missing = await run(["admin", "create", "--login-id", "abc"], "", databasePath);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /required/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
