import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { findMemberByLoginId } from "../src/accounts/members";
import { forceMemberReset } from "../src/admin/member-actions";
import { listMemberSignInEvents } from "../src/defence/sign-in-events";
import { toSignInView } from "../src/defence/sign-in-views";
import { messagesFor } from "../src/i18n";
import { describeSignIn } from "../views/components/sign-in-table";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { capturingNotifiers } from "./support/defence";
import { createTestPortal } from "./support/harness";

const firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const safari =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";

describe("a member's recent sign-ins", () => {
  test("the activity page lists successes and failures with device and address, linked from the account page", async () => {
    const portal = createTestPortal();
    const member = await registerAndSignIn(portal, {
      loginId: "hanako",
      ipAddress: "192.0.2.1",
      userAgent: firefox,
    });
    await new TestBrowser(portal, { ipAddress: "198.51.100.4", userAgent: safari }).post("/login", {
      loginId: "hanako",
      password: "not my password",
    });
    assert.match((await member.get("/account")).text, /href="\/account\/activity"/);
    const page = await member.get("/account/activity");
    assert.equal(page.status, 200);
    const rows = [
      ...page.text.matchAll(
        /<tr><td>[^<]*<\/td><td><span class="badge (\w+)"[^>]*>([^<]+)<\/span><\/td><td>([^<]+)<\/td><td>([^<]+)<\/td>/g,
      ),
    ].map((match) => match.slice(2));
    assert.deepEqual(rows, [
      ["Wrong password", "Safari · iOS", "198.51.100.4"],
      ["Signed in", "Firefox · Windows", "192.0.2.1"],
    ]);
  });

  test("password confirmations and refusals while a reset is pending are labelled as what they are", async () => {
    const portal = createTestPortal();
    const member = await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "192.0.2.1" });
    await member.post("/reauthenticate", { password: "not my password", next: "/account" });
    await member.post("/reauthenticate", { password: memberPassword, next: "/account" });
    const hanako = await findMemberByLoginId(portal.deps.database, "hanako");
    assert.ok(hanako);
    await forceMemberReset(portal.deps, hanako, { actor: { kind: "cli" }, reason: "leak" });
    const stranger = new TestBrowser(portal, { ipAddress: "198.51.100.4" });
    await stranger.post("/login", { loginId: "hanako", password: memberPassword });
    await stranger.post("/login", { loginId: "hanako", password: "a wrong guess entirely" });

    const rows = (await listMemberSignInEvents(portal.deps, hanako.id, 10)).map(
      (event) => describeSignIn(toSignInView(event), messagesFor("en")).label,
    );
    assert.deepEqual(rows, [
      "Wrong password",
      "Refused: this password must be replaced first (a reset is pending)",
      "Confirmed it was you with the password",
      "Wrong password when confirming it was you",
      "Signed in",
    ]);
    const japanese = (await listMemberSignInEvents(portal.deps, hanako.id, 10)).map(
      (event) => describeSignIn(toSignInView(event), messagesFor("ja")).label,
    );
    assert.deepEqual(japanese.slice(1), [
      "拒否（リセット待ちのため、先にパスワードの変更が必要）",
      "パスワードで本人確認",
      "本人確認でパスワード誤り",
      "ログイン成功",
    ]);
  });

  test("another member's attempts are not shown", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "192.0.2.1" });
    const taro = await registerAndSignIn(portal, { loginId: "taro", ipAddress: "192.0.2.2" });
    const page = await taro.get("/account/activity");
    assert.equal([...page.text.matchAll(/class="badge ok"/g)].length, 1);
    assert.doesNotMatch(page.text, /192\.0\.2\.1</);
  });
});

/** A member who registered and signed in with Firefox from 192.0.2.1, with notices captured. */
async function memberOnUsualDevice() {
  const notices = capturingNotifiers();
  const portal = createTestPortal({}, notices.overrides);
  const usual = await registerAndSignIn(portal, {
    loginId: "hanako",
    ipAddress: "192.0.2.1",
    userAgent: firefox,
  });
  return { notices, portal, usual };
}

describe("new-device notices and 'this wasn't me'", () => {
  test("a sign-in from a new device and network sends a notice; the usual device does not", async () => {
    const { notices, portal, usual } = await memberOnUsualDevice();
    assert.equal(notices.newSignIns.length, 0, "no notice for the very first sign-in");
    await usual.post("/login", { loginId: "hanako", password: memberPassword });
    assert.equal(notices.newSignIns.length, 0, "no notice for the usual device");

    const stranger = new TestBrowser(portal, { ipAddress: "198.51.100.4", userAgent: safari });
    assert.equal(
      (await stranger.post("/login", { loginId: "hanako", password: memberPassword })).status,
      303,
    );
    assert.equal(notices.newSignIns.length, 1);
    const [notice] = notices.newSignIns;
    assert.equal(notice?.member.loginId, "hanako");
    assert.equal(notice?.device, "Safari · iOS");
    assert.equal(notice?.newDevice, true);
    assert.equal(notice?.newNetwork, true);
    assert.equal(notice?.unrecognisedUrl.origin, "http://localhost:3000");
  });

  test("the link shows a confirmation on GET and, on POST, signs the member out everywhere once", async () => {
    const { notices, portal, usual } = await memberOnUsualDevice();
    const stranger = new TestBrowser(portal, { ipAddress: "198.51.100.4", userAgent: safari });
    await stranger.post("/login", { loginId: "hanako", password: memberPassword });
    const link = notices.newSignIns[0]?.unrecognisedUrl.pathname ?? assert.fail("no notice");

    const viewer = new TestBrowser(portal);
    assert.equal((await viewer.get(link)).status, 200);
    assert.equal((await viewer.get(link)).status, 200, "viewing does not use the link");
    assert.equal((await usual.get("/account")).status, 200);

    const confirmed = await viewer.post(link, {});
    assert.equal(confirmed.status, 200);
    assert.match(confirmed.text, /signed out everywhere/);
    assert.equal((await usual.get("/account")).status, 303, "the member's sessions are gone");
    assert.equal((await stranger.get("/account")).status, 303, "and so is the intruder's");
    assert.equal(notices.unrecognised.length, 1, "the forced-reset hook was called");

    assert.equal((await viewer.post(link, {})).status, 404, "the link works once");
  });
});
