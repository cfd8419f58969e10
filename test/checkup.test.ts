import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { findMemberByLoginId } from "../src/accounts/members";
import { forceMemberReset } from "../src/admin/member-actions";
import { member } from "../src/db/schema";
import { SoftwareAuthenticator } from "./support/authenticator";
import { registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { enrolConfirmedPasskey, signInWithPasskey } from "./support/passkeys";

const dayInMilliseconds = 86_400_000;

/** The check-up as data: the overall status and, per check, its state and its links. */
function readCheckup(html: string) {
  const overall = /data-checkup-overall="(\w+)"/.exec(html)?.[1];
  const heading = /<section class="checkup-summary[^"]*"[^>]*>.*?<h2>([^<]+)<\/h2>/s.exec(
    html,
  )?.[1];
  const items = [
    ...html.matchAll(
      /<li class="checkup-item[^"]*" data-check="(\w+)" data-state="(\w+)">(.*?)<\/li>/gs,
    ),
  ].map((match) => ({
    check: match[1],
    state: match[2],
    links: [...(match[3] ?? "").matchAll(/<a [^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map(
      (link) => `${link[2]} -> ${link[1]}`,
    ),
    icon: /<svg class="checkup-icon checkup-icon-(\w+)"[^>]*aria-hidden="true"/.exec(
      match[3] ?? "",
    )?.[1],
  }));
  return { overall, heading, items };
}

async function setMember(
  portal: TestPortal,
  loginId: string,
  values: Partial<typeof member.$inferInsert>,
) {
  await portal.deps.database.update(member).set(values).where(eq(member.loginId, loginId));
}

describe("the security check-up", () => {
  test("a sound, new password without a passkey: no problems, one suggestion, one action per check", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal, { loginId: "hanako" });
    await setMember(portal, "hanako", { passwordHealth: "ok" });
    const checkup = readCheckup((await browser.get("/account/security")).text);
    assert.equal(checkup.overall, "ok");
    assert.equal(checkup.heading, "No problems found");
    assert.deepEqual(
      checkup.items.map((item) => [item.check, item.state, item.icon, item.links]),
      [
        ["breached", "ok", "ok", ["Change password -> /account/password"]],
        ["weak", "ok", "ok", ["Change password -> /account/password"]],
        ["reused", "ok", "ok", ["Change password -> /account/password"]],
        ["old", "ok", "ok", ["Change password -> /account/password"]],
        ["passkey", "suggestion", "suggestion", ["Add a passkey -> /account/passkeys"]],
      ],
    );
    assert.match((await browser.get("/account/security")).text, /Password set today\./);
  });

  test("a leaked, reused, old password: the problems are counted and each says what to do, in English and Japanese", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal, { loginId: "hanako" });
    await setMember(portal, "hanako", {
      passwordHealth: "breached",
      passwordHealthReasons: JSON.stringify([
        { code: "breached", severity: "block" },
        { code: "reused", severity: "block" },
      ]),
      passwordChangedAt: new Date(portal.clock.now().getTime() - 400 * dayInMilliseconds),
    });
    const page = (await browser.get("/account/security")).text;
    const checkup = readCheckup(page);
    assert.equal(checkup.overall, "problem");
    assert.equal(checkup.heading, "3 problems to fix");
    assert.deepEqual(
      checkup.items.map((item) => [item.check, item.state]),
      [
        ["breached", "problem"],
        ["weak", "ok"],
        ["reused", "problem"],
        ["old", "problem"],
        ["passkey", "suggestion"],
      ],
    );
    assert.match(page, /Password set 400 days ago: older than the 365 days we recommend\./);
    assert.match(page, /<a class="button" href="\/account\/password">Change password<\/a>/);

    await browser.post("/language", { language: "ja", next: "/account/security" });
    const japanese = (await browser.get("/account/security")).text;
    assert.equal(readCheckup(japanese).heading, "対処が必要な問題が3件あります");
    assert.match(japanese, /<h1>セキュリティ診断<\/h1>/);
    assert.match(japanese, /パスワードは400日前に設定。おすすめの365日を過ぎています。/);
    assert.match(japanese, /流出したパスワードの一覧に含まれています。/);
    assert.match(japanese, /パスキーを追加/);
  });

  test("a passwordless member with a passkey has nothing to fix", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal, { loginId: "hanako" });
    assert.equal(
      (await enrolConfirmedPasskey(portal, browser, new SoftwareAuthenticator())).status,
      200,
    );
    await setMember(portal, "hanako", { passwordHash: null, passwordHealth: null });
    const checkup = readCheckup((await browser.get("/account/security")).text);
    assert.equal(checkup.overall, "ok");
    assert.deepEqual(
      checkup.items.map((item) => [item.check, item.state]),
      [
        ["breached", "ok"],
        ["weak", "ok"],
        ["reused", "ok"],
        ["old", "ok"],
        ["passkey", "ok"],
      ],
    );
  });
});

describe("a pending reset", () => {
  test("after a passkey sign-in, every page carries a banner to set a new password, and the check-up leads with it", async () => {
    const portal = createTestPortal();
    const usual = await registerAndSignIn(portal, { loginId: "hanako" });
    const authenticator = new SoftwareAuthenticator();
    assert.equal((await enrolConfirmedPasskey(portal, usual, authenticator)).status, 200);
    const hanako = await findMemberByLoginId(portal.deps.database, "hanako");
    assert.ok(hanako);
    await forceMemberReset(portal.deps, hanako, { actor: { kind: "cli" }, reason: "leak" });

    const phone = new TestBrowser(portal);
    const signedIn = await signInWithPasskey(phone, authenticator);
    assert.equal(signedIn.json.location, "/account/password?reset=required");
    for (const path of [
      "/account",
      "/account/sessions",
      "/account/passkeys",
      "/account/activity",
      "/account/security",
    ]) {
      const page = await phone.get(path);
      assert.equal(page.status, 200, path);
      assert.match(
        page.text,
        /<div class="alert-banner" role="status" data-reset-pending-banner="true"><strong>Your password must be replaced before it works again: someone else may know it\.<\/strong> <a href="\/account\/password\?reset=required">Set a new password now<\/a><\/div>/,
        path,
      );
    }
    const checkup = readCheckup((await phone.get("/account/security")).text);
    assert.equal(checkup.overall, "reset");
    assert.equal(checkup.heading, "Your password must be replaced");
    assert.ok(
      checkup.items
        .filter((item) => item.check !== "passkey")
        .every(
          (item) => item.links[0] === "Set a new password -> /account/password?reset=required",
        ),
    );
    await phone.post("/language", { language: "ja", next: "/account" });
    assert.match((await phone.get("/account")).text, /今すぐ新しいパスワードを設定/);
  });

  test("no banner for a member without a pending reset", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal, { loginId: "hanako" });
    assert.doesNotMatch((await browser.get("/account")).text, /data-reset-pending-banner/);
  });
});
