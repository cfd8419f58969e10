import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { outboxMessage } from "../src/db/schema";
import { createBulkResetJob } from "../src/resets/bulk-reset-jobs";
import { runBulkResetJob } from "../src/resets/bulk-reset-runner";
import { issueAllQueuedResetLinks } from "../src/resets/reset-request-worker";
import { SoftwareAuthenticator } from "./support/authenticator";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { messageText } from "./support/mail";
import { enrolConfirmedPasskey } from "./support/passkeys";

// Every change of credentials withdraws the member's outstanding reset links and the passkey
// grant of a completed reset: a link asked for (or stolen) before the change cannot undo it.

const changedPassword = "a changed passphrase 2026";
const attackerPassword = "the attacker's passphrase 2026";

/** The path of the newest link to `path` in the newest e-mail of `kind` to `recipient`. */
async function newestLinkIn(
  portal: TestPortal,
  options: { kind: string; recipient: string; path: string },
): Promise<string> {
  const rows = await portal.deps.database
    .select()
    .from(outboxMessage)
    .where(eq(outboxMessage.kind, options.kind))
    .orderBy(outboxMessage.id);
  const row = rows.filter((candidate) => candidate.recipient === options.recipient).at(-1);
  const match = new RegExp(`http://localhost:3000(${options.path}\\S+)`).exec(messageText(row));
  assert.ok(match?.[1], `a ${options.path} link e-mailed to ${options.recipient}`);
  return match[1];
}

/** "Forgot password" from a stranger's browser; answers the link that was e-mailed. */
async function requestResetLink(portal: TestPortal, loginId: string): Promise<string> {
  const asked = await new TestBrowser(portal, { ipAddress: "192.0.2.77" }).post(
    "/forgot-password",
    { loginId },
  );
  assert.equal(asked.location, "/forgot-password/sent");
  await issueAllQueuedResetLinks(portal.deps);
  return newestLinkIn(portal, {
    kind: "password-reset",
    recipient: `${loginId}@example.jp`,
    path: "/reset/",
  });
}

/** Posts a new password through an old link: refused, and that password does not sign in. */
async function assertLinkNoLongerSetsPassword(portal: TestPortal, path: string, loginId: string) {
  const used = await new TestBrowser(portal).post(path, { password: attackerPassword });
  assert.equal(used.status, 404, "the old link is refused");
  const signIn = await new TestBrowser(portal).post("/login", {
    loginId,
    password: attackerPassword,
  });
  assert.notEqual(signIn.status, 303, "and set no password");
  assert.ok(!signIn.setCookies.some((cookie) => cookie.startsWith("rekey_session=")));
}

describe("a reset link requested before a credential change", () => {
  test("no longer sets a password after the member changes their password", async () => {
    const portal = createTestPortal();
    const taro = await registerAndSignIn(portal, { loginId: "taro" });
    const stale = await requestResetLink(portal, "taro");
    const changed = await taro.post("/account/password", {
      currentPassword: memberPassword,
      password: changedPassword,
    });
    assert.equal(changed.status, 303);
    await assertLinkNoLongerSetsPassword(portal, stale, "taro");
  });

  test("no longer sets a password after the member's e-mail address changes", async () => {
    const portal = createTestPortal();
    const taro = await registerAndSignIn(portal, { loginId: "taro" });
    const stale = await requestResetLink(portal, "taro");
    const requested = await taro.post("/account/email", { email: "taro.new@example.jp" });
    assert.equal(requested.status, 303);
    // From a password-only session the current mailbox approves the move first.
    const approval = await newestLinkIn(portal, {
      kind: "email-change-approval",
      recipient: "taro@example.jp",
      path: "/email-change/approve/",
    });
    assert.equal((await new TestBrowser(portal).post(approval, {})).status, 200);
    const confirmation = await newestLinkIn(portal, {
      kind: "email-verification",
      recipient: "taro.new@example.jp",
      path: "/verify-email/",
    });
    assert.match((await taro.post(confirmation, {})).text, /changed and confirmed/);
    await assertLinkNoLongerSetsPassword(portal, stale, "taro");
  });

  test("no longer gives a password back after the member went passwordless", async () => {
    const portal = createTestPortal();
    const taro = await registerAndSignIn(portal, { loginId: "taro" });
    assert.equal(
      (await enrolConfirmedPasskey(portal, taro, new SoftwareAuthenticator())).status,
      200,
    );
    const stale = await requestResetLink(portal, "taro");
    const removed = await taro.post("/account/password/remove", {});
    assert.equal(removed.location, "/account/passkeys?done=password-removed");
    await assertLinkNoLongerSetsPassword(portal, stale, "taro");
  });

  test("no longer sets a password after the member removes a passkey", async () => {
    const portal = createTestPortal();
    const taro = await registerAndSignIn(portal, { loginId: "taro" });
    assert.equal(
      (await enrolConfirmedPasskey(portal, taro, new SoftwareAuthenticator())).status,
      200,
    );
    const passkeyId = /name="passkeyId" value="(\d+)"/.exec(
      (await taro.get("/account/passkeys")).text,
    )?.[1];
    assert.ok(passkeyId);
    const stale = await requestResetLink(portal, "taro");
    const deleted = await taro.post("/account/passkeys/delete", { passkeyId });
    assert.equal(deleted.location, "/account/passkeys?done=deleted");
    await assertLinkNoLongerSetsPassword(portal, stale, "taro");
  });

  test("dies when an administrator forces a reset, and the forced reset's own link works", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "taro" });
    const stale = await requestResetLink(portal, "taro");
    const job = await createBulkResetJob(portal.deps, {
      identifiers: ["taro"],
      reason: "leaked list from another site",
      dryRun: false,
      revokeSessions: true,
      invalidatePassword: true,
      notifyMembers: true,
      source: "cli",
      actor: { kind: "cli" },
    });
    await runBulkResetJob(portal.deps, { jobId: job.id });
    await assertLinkNoLongerSetsPassword(portal, stale, "taro");

    const forced = await newestLinkIn(portal, {
      kind: "forced-reset",
      recipient: "taro@example.jp",
      path: "/reset/",
    });
    assert.equal(
      (await new TestBrowser(portal).post(forced, { password: changedPassword })).status,
      200,
    );
    const signIn = await new TestBrowser(portal).post("/login", {
      loginId: "taro",
      password: changedPassword,
    });
    assert.equal(signIn.location, "/account");
  });
});

describe("the passkey grant of a completed reset", () => {
  test("is withdrawn by a later password change", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "taro" });
    const link = await requestResetLink(portal, "taro");
    const resetBrowser = new TestBrowser(portal);
    const done = await resetBrowser.post(link, { password: changedPassword });
    assert.equal(done.status, 200);
    assert.ok(resetBrowser.cookies.has("rekey_passkey_grant"), "the reset gave a grant");

    const owner = new TestBrowser(portal);
    await owner.post("/login", { loginId: "taro", password: changedPassword });
    const changed = await owner.post("/account/password", {
      currentPassword: changedPassword,
      password: attackerPassword,
    });
    assert.equal(changed.status, 303);

    const options = await resetBrowser.postJson("/reset/passkey-options", {});
    assert.equal(options.status, 403, "the grant no longer allows an enrolment");
  });
});
