import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { findMemberByLoginId } from "../src/accounts/members";
import { session } from "../src/db/schema";
import { addSourceBlocks } from "../src/defence/blocklist";
import { parseCidr } from "../src/defence/ip-address";
import { SoftwareAuthenticator } from "./support/authenticator";
import { memberPassword, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import {
  emailedLink,
  enrolConfirmedPasskey,
  registerConfirmedMember,
  signInWithPasskey,
} from "./support/passkeys";
import { forceResetByApi } from "./support/resets";

const attackerAddress = "198.51.100.66";
const ownerAddress = "203.0.113.10";
const attackerPassword = "the attacker's own passphrase 2027";
const ownerPassword = "a brand new passphrase only the owner knows 2027";

async function signInAsAttacker(portal: TestPortal, loginId = "taro"): Promise<TestBrowser> {
  const attacker = new TestBrowser(portal, { ipAddress: attackerAddress });
  const signedIn = await attacker.post("/login", { loginId, password: memberPassword });
  assert.equal(signedIn.location, "/account", "the leaked password opens a session");
  return attacker;
}

async function blockAutomatically(portal: TestPortal, address: string): Promise<void> {
  const range = parseCidr(address);
  if (!range) throw new TypeError(address);
  const expiresAt = new Date(portal.clock.now().getTime() + 60 * 60_000);
  await addSourceBlocks(portal.deps, [
    { range, reason: "Automatic: test", origin: "automatic", expiresAt, createdBy: null },
  ]);
}

describe("a forced reset that leaves sessions open", () => {
  test("a session opened with the leaked password does not survive, even when the operator keeps sessions", async () => {
    const portal = createTestPortal();
    await registerConfirmedMember(portal, { loginId: "taro" });
    const attacker = await signInAsAttacker(portal);
    assert.equal((await attacker.get("/account")).status, 200);
    await forceResetByApi(portal, ["taro"], { revokeSessions: false });
    const after = await attacker.get("/account");
    assert.equal(after.status, 303);
    assert.match(after.location ?? "", /^\/login/, "the password-only session was ended");
  });

  test("a surviving session cannot finish the reset with the leaked password; the owner's link still works", async () => {
    const portal = createTestPortal();
    const owner = await registerConfirmedMember(portal, { loginId: "taro" });
    const attacker = await signInAsAttacker(portal);
    // Defence in depth behind the rule above: a session that outlives the reset (here one
    // forged by re-inserting the attacker's session row) still cannot use the old password.
    const [kept] = await portal.deps.database
      .select()
      .from(session)
      .where(eq(session.ipAddress, attackerAddress));
    await forceResetByApi(portal, ["taro"], { revokeSessions: false });
    assert.ok(kept);
    await portal.deps.database.insert(session).values(kept).onConflictDoNothing();

    const changed = await attacker.post("/account/password", {
      currentPassword: memberPassword,
      password: attackerPassword,
    });
    assert.notEqual(changed.status, 303, "the leaked password is no proof while the reset waits");
    const taro = await findMemberByLoginId(portal.deps.database, "taro");
    assert.ok(taro?.resetRequiredAt, "the account still waits for its reset");
    const refused = await new TestBrowser(portal, { ipAddress: attackerAddress }).post("/login", {
      loginId: "taro",
      password: attackerPassword,
    });
    assert.equal(refused.status, 401, "the attacker's password was never set");

    const link = await emailedLink(portal, { kind: "forced-reset", pathPrefix: "/reset/" });
    assert.ok(link);
    assert.equal((await owner.get(link)).status, 200, "the owner's forced-reset link still works");
  });

  test("a member who signed in with a trusted passkey still replaces the compromised password", async () => {
    const portal = createTestPortal();
    const owner = await registerConfirmedMember(portal, { loginId: "taro" });
    const authenticator = new SoftwareAuthenticator();
    await enrolConfirmedPasskey(portal, owner, authenticator);
    await forceResetByApi(portal, ["taro"]);
    const viaPasskey = new TestBrowser(portal);
    const signedIn = await signInWithPasskey(viaPasskey, authenticator);
    assert.equal(signedIn.json.location, "/account/password?reset=required");
    const changed = await viaPasskey.post("/account/password", {
      currentPassword: memberPassword,
      password: ownerPassword,
    });
    assert.equal(changed.status, 303, changed.text);
    const taro = await findMemberByLoginId(portal.deps.database, "taro");
    assert.equal(taro?.resetRequiredAt, null);
  });
});

describe("device cookies", () => {
  test("a browser that signed in with a passkey is recognised at its next password sign-in through an automatic block", async () => {
    const portal = createTestPortal();
    const owner = await registerConfirmedMember(portal, {
      loginId: "taro",
      ipAddress: ownerAddress,
    });
    const authenticator = new SoftwareAuthenticator();
    await enrolConfirmedPasskey(portal, owner, authenticator);
    const browser = new TestBrowser(portal, { ipAddress: ownerAddress });
    assert.equal((await signInWithPasskey(browser, authenticator)).json.location, "/account");
    assert.ok(browser.cookies.get("rekey_device"));
    await browser.post("/logout", {});
    await blockAutomatically(portal, ownerAddress);
    const again = await browser.post("/login", { loginId: "taro", password: memberPassword });
    assert.equal(again.status, 303, "the passkey sign-in's device cookie names the login ID");
  });
  test("a device cookie the attacker earned with the leaked password is no longer recognised once the owner has reset the password", async () => {
    const portal = createTestPortal();
    const owner = await registerConfirmedMember(portal, { loginId: "taro" });
    const attacker = await signInAsAttacker(portal);
    assert.ok(attacker.cookies.get("rekey_device"));
    portal.clock.advanceByMinutes(60);
    await forceResetByApi(portal, ["taro"]);
    const link = await emailedLink(portal, { kind: "forced-reset", pathPrefix: "/reset/" });
    assert.ok(link);
    assert.equal((await owner.post(link, { password: ownerPassword })).status, 200);

    await blockAutomatically(portal, attackerAddress);
    const before = portal.hasher.calls();
    const guess = await attacker.post("/login", {
      loginId: "taro",
      password: "guess number one 1",
    });
    assert.equal(guess.status, 403, "the old device cookie opens no way through the block");
    assert.equal(portal.hasher.calls(), before, "and reaches no argon2");
  });
});
