import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { outboxMessage } from "../src/db/schema";
import { issueAllQueuedResetLinks } from "../src/resets/reset-request-worker";
import { SoftwareAuthenticator } from "./support/authenticator";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { messageText } from "./support/mail";
import { enrolConfirmedPasskey, signInWithPasskey } from "./support/passkeys";

/** An attacker's wrong guesses from ever-new addresses drive the account's delay up. */
async function driveUpDelay(portal: TestPortal, loginId: string) {
  for (let attempt = 0; attempt < 7; attempt++) {
    await new TestBrowser(portal, { ipAddress: `203.0.113.${100 + attempt}` }).post("/login", {
      loginId,
      password: "a guess from a combo list",
    });
  }
  const owner = await new TestBrowser(portal, { ipAddress: "192.0.2.77" }).post("/login", {
    loginId,
    password: memberPassword,
  });
  assert.equal(owner.status, 429, "password sign-in is delayed, even with the right password");
}

describe("an attacker cannot lock a member out (ASVS 6.1.1)", () => {
  test("the member under attack still resets by e-mail, and the reset clears the delay", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "198.51.100.1" });
    await driveUpDelay(portal, "hanako");

    const asked = await new TestBrowser(portal, { ipAddress: "192.0.2.78" }).post(
      "/forgot-password",
      { loginId: "hanako" },
    );
    assert.equal(asked.location, "/forgot-password/sent");
    await issueAllQueuedResetLinks(portal.deps);
    const [email] = await portal.deps.database
      .select()
      .from(outboxMessage)
      .where(eq(outboxMessage.kind, "password-reset"));
    const link = /http:\/\/localhost:3000(\/reset\/\S+)/.exec(messageText(email))?.[1];
    assert.ok(link);
    const browser = new TestBrowser(portal, { ipAddress: "192.0.2.78" });
    assert.equal(
      (await browser.post(link, { password: "a brand new passphrase 2026" })).status,
      200,
    );

    const signedIn = await new TestBrowser(portal, { ipAddress: "192.0.2.79" }).post("/login", {
      loginId: "hanako",
      password: "a brand new passphrase 2026",
    });
    assert.equal(signedIn.status, 303, "the counter was reset by the successful reset");
  });

  test("the member under attack still signs in with a passkey", async () => {
    const portal = createTestPortal();
    const member = await registerAndSignIn(portal, {
      loginId: "hanako",
      ipAddress: "198.51.100.1",
    });
    const authenticator = new SoftwareAuthenticator();
    assert.equal((await enrolConfirmedPasskey(portal, member, authenticator)).status, 200);
    await driveUpDelay(portal, "hanako");

    const browser = new TestBrowser(portal, { ipAddress: "192.0.2.80" });
    const signedIn = await signInWithPasskey(browser, authenticator);
    assert.equal(signedIn.status, 200);
    assert.equal((await browser.get("/account")).status, 200);
  });
});

describe("a stolen session is no password oracle", () => {
  test("the change-password form is throttled like re-authentication, before argon2", async () => {
    const portal = createTestPortal();
    const session = await registerAndSignIn(portal, {
      loginId: "hanako",
      ipAddress: "198.51.100.1",
    });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const before = portal.hasher.calls();
      const answer = await session.post("/account/password", {
        currentPassword: `guess number ${attempt}`,
        password: "a brand new passphrase 2026",
      });
      statuses.push(answer.status);
      if (answer.status === 429)
        assert.equal(portal.hasher.calls(), before, "a throttled guess never reaches argon2");
    }
    assert.deepEqual(statuses.slice(0, 5), [400, 400, 400, 400, 400]);
    assert.ok(
      statuses.slice(5).every((status) => status === 429),
      statuses.join(","),
    );
  });
});
