import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { findMemberByLoginId } from "../src/accounts/members";
import { shouldOfferPasskey } from "../src/passkeys/nudges";
import { SoftwareAuthenticator } from "./support/authenticator";
import { memberPassword, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import {
  enrolConfirmedPasskey,
  reauthenticateWithPasskey,
  registerConfirmedMember,
  signInWithPasskey,
} from "./support/passkeys";

function withoutCsrfTokens(html: string): string {
  return html.replace(/name="csrfToken" value="[^"]*"/g, 'name="csrfToken" value=""');
}

async function memberWithPasskeys(portal: TestPortal, count: number, loginId = "taro") {
  const member = await registerConfirmedMember(portal, { loginId });
  const authenticators = Array.from({ length: count }, () => new SoftwareAuthenticator());
  for (const authenticator of authenticators) {
    assert.equal((await enrolConfirmedPasskey(portal, member, authenticator)).status, 200);
  }
  return { member, authenticators };
}

/** The passkeys listed on the page, in order (each row has a rename and a delete form). */
function passkeyIds(html: string): string[] {
  return [...new Set([...html.matchAll(/name="passkeyId" value="(\d+)"/g)].map((m) => m[1] ?? ""))];
}

describe("managing passkeys", () => {
  test("a member renames a passkey; an empty, over-long or control-character name is refused", async () => {
    const portal = createTestPortal();
    const { member } = await memberWithPasskeys(portal, 1);
    const [id = ""] = passkeyIds((await member.get("/account/passkeys")).text);
    const renamed = await member.post("/account/passkeys/rename", {
      passkeyId: id,
      name: " Work laptop ",
    });
    assert.equal(renamed.location, "/account/passkeys?done=renamed");
    const page = await member.get("/account/passkeys?done=renamed");
    assert.match(page.text, /data-field="passkeyName">Work laptop</);
    for (const name of ["   ", "x".repeat(65), "bad\u0000name"]) {
      const refused = await member.post("/account/passkeys/rename", { passkeyId: id, name });
      assert.equal(refused.status, 400, JSON.stringify(name));
    }
    assert.match((await member.get("/account/passkeys")).text, />Work laptop</);
  });

  test("a member cannot rename or remove someone else's passkey", async () => {
    const portal = createTestPortal();
    const { member: taro } = await memberWithPasskeys(portal, 1, "taro");
    const [id = ""] = passkeyIds((await taro.get("/account/passkeys")).text);
    const hanako = await registerConfirmedMember(portal, { loginId: "hanako" });
    const rename = await hanako.post("/account/passkeys/rename", { passkeyId: id, name: "mine" });
    assert.equal(rename.status, 404);
    assert.equal((await hanako.post("/account/passkeys/delete", { passkeyId: id })).status, 404);
    assert.deepEqual(passkeyIds((await taro.get("/account/passkeys")).text), [id]);
  });

  test("removing a passkey needs a recent sign-in, and the passkey then no longer signs in", async () => {
    const portal = createTestPortal();
    const { member, authenticators } = await memberWithPasskeys(portal, 1);
    const [id = ""] = passkeyIds((await member.get("/account/passkeys")).text);
    portal.clock.advanceByMinutes(11);
    const stale = await member.post("/account/passkeys/delete", { passkeyId: id });
    assert.equal(stale.status, 303);
    assert.equal(stale.location, "/reauthenticate?next=%2Faccount%2Fpasskeys");

    await member.post("/reauthenticate", { password: memberPassword, next: "/account/passkeys" });
    const removed = await member.post("/account/passkeys/delete", { passkeyId: id });
    assert.equal(removed.location, "/account/passkeys?done=deleted");
    assert.match((await member.get("/account/passkeys")).text, /You have no passkeys yet/);
    const [authenticator] = authenticators;
    assert.ok(authenticator);
    assert.equal((await signInWithPasskey(new TestBrowser(portal), authenticator)).status, 400);
  });
});

describe("going passwordless", () => {
  test("a member without a passkey cannot remove their password", async () => {
    const portal = createTestPortal();
    const member = await registerConfirmedMember(portal);
    const refused = await member.post("/account/password/remove", {});
    assert.equal(refused.status, 409);
    assert.match(refused.text, /Add a passkey before removing your password/);
  });

  test("without a password, password sign-in fails exactly like a wrong password", async () => {
    const portal = createTestPortal();
    const { member } = await memberWithPasskeys(portal, 1);
    const removed = await member.post("/account/password/remove", {});
    assert.equal(removed.location, "/account/passkeys?done=password-removed");
    assert.match((await member.get("/account")).text, /None: you sign in with a passkey/);

    const withOldPassword = await new TestBrowser(portal).post("/login", {
      loginId: "nobody",
      password: memberPassword,
    });
    const ofPasswordless = await new TestBrowser(portal).post("/login", {
      loginId: "taro",
      password: memberPassword,
    });
    assert.equal(ofPasswordless.status, 401);
    assert.equal(
      withoutCsrfTokens(ofPasswordless.text).replace("taro", "nobody"),
      withoutCsrfTokens(withOldPassword.text),
    );
  });

  test("a passwordless member keeps their last passkey but may remove one of two", async () => {
    const portal = createTestPortal();
    const { member } = await memberWithPasskeys(portal, 2);
    await member.post("/account/password/remove", {});
    const [first = "", second = ""] = passkeyIds((await member.get("/account/passkeys")).text);
    assert.equal((await member.post("/account/passkeys/delete", { passkeyId: first })).status, 303);
    const page = await member.get("/account/passkeys");
    assert.match(page.text, /Your only way to sign in/);
    assert.doesNotMatch(page.text, /action="\/account\/passkeys\/delete"/);
    const refused = await member.post("/account/passkeys/delete", { passkeyId: second });
    assert.equal(refused.status, 409);
    assert.match(refused.text, /only way to sign in/);
    assert.deepEqual(passkeyIds((await member.get("/account/passkeys")).text), [second]);
  });

  test("a passwordless member confirms it is them with a passkey", async () => {
    const portal = createTestPortal();
    const { member, authenticators } = await memberWithPasskeys(portal, 1);
    await member.post("/account/password/remove", {});
    portal.clock.advanceByMinutes(11);
    const page = await member.get("/reauthenticate?next=/account/passkeys");
    assert.match(page.text, /data-passkey-ceremony="reauthenticate"/);
    assert.doesNotMatch(page.text, /type="password"/, "no password to ask for");
    const [authenticator] = authenticators;
    assert.ok(authenticator);
    const confirmed = await reauthenticateWithPasskey(member, authenticator, "/account/passkeys");
    assert.equal(confirmed.status, 200);
    assert.equal(confirmed.json.location, "/account/passkeys");
    assert.match((await member.get("/account/passkeys")).text, /data-passkey-ceremony="register"/);
  });

  test("another member's passkey cannot confirm a session", async () => {
    const portal = createTestPortal();
    await memberWithPasskeys(portal, 1, "taro");
    const { authenticators } = await memberWithPasskeys(portal, 1, "hanako");
    const taro = new TestBrowser(portal);
    await taro.post("/login", { loginId: "taro", password: memberPassword });
    const [hanakosKey] = authenticators;
    assert.ok(hanakosKey);
    const refused = await reauthenticateWithPasskey(taro, hanakosKey, "/account");
    assert.equal(refused.status, 400);
  });
});

describe("passkey nudges", () => {
  test("the account page offers a passkey to a member without one", async () => {
    const portal = createTestPortal();
    const member = await registerConfirmedMember(portal);
    const account = await member.get("/account");
    assert.match(account.text, /Sign in faster and safer with a passkey/);
    assert.match(account.text, /href="\/account\/passkeys"/);
  });

  test("'not now' asks again after 14 days; 'don't ask again' never does", async () => {
    const portal = createTestPortal();
    const member = await registerConfirmedMember(portal, { loginId: "taro" });
    const taro = await findMemberByLoginId(portal.deps.database, "taro");
    assert.ok(taro);
    const later = await member.post("/account/passkey-nudge", { answer: "not-now" });
    assert.equal(later.location, "/account");
    assert.doesNotMatch((await member.get("/account")).text, /passkey-nudge-title/);
    portal.clock.advanceByMinutes(14 * 24 * 60 - 1);
    assert.equal(await shouldOfferPasskey(portal.deps, taro.id), false);
    portal.clock.advanceByMinutes(1);
    assert.equal(await shouldOfferPasskey(portal.deps, taro.id), true);

    const fresh = new TestBrowser(portal);
    await fresh.post("/login", { loginId: "taro", password: memberPassword });
    await fresh.post("/account/passkey-nudge", { answer: "never" });
    portal.clock.advanceByMinutes(365 * 24 * 60);
    assert.equal(await shouldOfferPasskey(portal.deps, taro.id), false);
  });

  test("a member who has a passkey is never offered one", async () => {
    const portal = createTestPortal();
    const { member } = await memberWithPasskeys(portal, 1);
    assert.doesNotMatch((await member.get("/account")).text, /passkey-nudge-title/);
  });

  test("an unknown answer is a 400", async () => {
    const portal = createTestPortal();
    const member = await registerConfirmedMember(portal);
    assert.equal((await member.post("/account/passkey-nudge", { answer: "maybe" })).status, 400);
  });
});
