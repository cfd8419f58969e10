import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { findMemberByLoginId } from "../src/accounts/members";
import { outboxMessage, session } from "../src/db/schema";
import { runBulkResetJob } from "../src/resets/bulk-reset-runner";
import { issueAllQueuedResetLinks } from "../src/resets/reset-request-worker";
import { SoftwareAuthenticator } from "./support/authenticator";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { messageText } from "./support/mail";
import { enrolConfirmedPasskey, signInWithPasskey } from "./support/passkeys";
import { createTestApiKey } from "./support/resets";
import { createPersonas } from "./support/routes";

const attackerAddress = "attacker@evil.example";
const attackerPassword = "a brand new passphrase the attacker chose";

async function outbox(portal: TestPortal) {
  return portal.deps.database.select().from(outboxMessage).orderBy(outboxMessage.id);
}

async function messagesTo(portal: TestPortal, recipient: string, kind?: string) {
  return (await outbox(portal)).filter(
    (message) => message.recipient === recipient && (!kind || message.kind === kind),
  );
}

/** The path of the newest link of `kind` sent to `recipient`. */
async function linkSentTo(portal: TestPortal, recipient: string, kind: string, path: string) {
  const message = (await messagesTo(portal, recipient, kind)).at(-1);
  const match = new RegExp(`http://localhost:3000(${path}[^\\s]+)`).exec(messageText(message));
  assert.ok(match?.[1], `a ${kind} link to ${recipient}`);
  return match[1];
}

async function memberNamed(portal: TestPortal, loginId: string) {
  const found = await findMemberByLoginId(portal.deps.database, loginId);
  assert.ok(found);
  return found;
}

/**
 * An address change that lands the way a password-only session must make it: the request, the
 * current mailbox's approval, then the new mailbox's confirmation.
 */
async function moveAddress(portal: TestPortal, browser: TestBrowser, from: string, to: string) {
  await browser.post("/account/email", { email: to });
  const approval = await linkSentTo(
    portal,
    from,
    "email-change-approval",
    "/email-change/approve/",
  );
  assert.equal((await new TestBrowser(portal).post(approval, {})).status, 200);
  const verification = await linkSentTo(portal, to, "email-verification", "/verify-email/");
  assert.equal((await browser.post(verification, {})).status, 200);
}

describe("moving the e-mail address from a password-only session", () => {
  test("the attacker's request changes nothing until the current address approves it", async () => {
    const portal = createTestPortal();
    // The attacker signs in with the stuffed password: a password-only session, recent enough.
    const attacker = await registerAndSignIn(portal, { loginId: "taro" });
    const requested = await attacker.post("/account/email", { email: attackerAddress });
    assert.equal(requested.status, 303);
    assert.equal(requested.location, "/account?notice=email-change-approval-sent");

    assert.equal((await memberNamed(portal, "taro")).email, "taro@example.jp");
    assert.deepEqual(await messagesTo(portal, attackerAddress), [], "nothing reaches the attacker");
    const approval = await linkSentTo(
      portal,
      "taro@example.jp",
      "email-change-approval",
      "/email-change/approve/",
    );
    assert.match(
      messageText((await messagesTo(portal, "taro@example.jp", "email-change-approval"))[0]),
      /a\*\*\*@evil\.example[\s\S]*\/forgot-password/,
    );

    // Mail scanners open links: the GET only shows the button.
    const owner = new TestBrowser(portal);
    for (let visit = 0; visit < 2; visit++) {
      const page = await owner.get(approval);
      assert.equal(page.status, 200);
      assert.match(page.text, /attacker@evil\.example/);
    }
    assert.deepEqual(await messagesTo(portal, attackerAddress), []);

    assert.equal((await owner.post(approval, {})).status, 200);
    assert.equal((await owner.post(approval, {})).status, 404, "the approval works once");
    const verification = await linkSentTo(
      portal,
      attackerAddress,
      "email-verification",
      "/verify-email/",
    );
    assert.equal((await memberNamed(portal, "taro")).email, "taro@example.jp");
    assert.equal((await attacker.post(verification, {})).status, 200);
    assert.equal((await memberNamed(portal, "taro")).email, attackerAddress);
  });

  test("with a recent passkey proof the change goes straight to the new address", async () => {
    const portal = createTestPortal();
    const member = await registerAndSignIn(portal, { loginId: "taro" });
    const authenticator = new SoftwareAuthenticator();
    // Confirms the address, enrols, and confirms the passkey through the e-mailed link.
    assert.equal((await enrolConfirmedPasskey(portal, member, authenticator)).status, 200);

    const withPasskey = new TestBrowser(portal);
    assert.equal((await signInWithPasskey(withPasskey, authenticator)).json.location, "/account");
    const requested = await withPasskey.post("/account/email", { email: "taro.new@example.jp" });
    assert.equal(requested.location, "/account?notice=email-change-sent");
    assert.deepEqual(await messagesTo(portal, "taro@example.jp", "email-change-approval"), []);
    const link = await linkSentTo(
      portal,
      "taro.new@example.jp",
      "email-verification",
      "/verify-email/",
    );
    assert.equal((await withPasskey.post(link, {})).status, 200);
    assert.equal((await memberNamed(portal, "taro")).email, "taro.new@example.jp");
  });
});

describe("when the change lands", () => {
  test("it withdraws an outstanding reset link and signs the member's other sessions out", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal, { loginId: "taro" });
    const elsewhere = new TestBrowser(portal, { userAgent: "other device" });
    await elsewhere.post("/login", { loginId: "taro", password: memberPassword });
    assert.equal((await elsewhere.get("/account")).status, 200);
    await new TestBrowser(portal).post("/forgot-password", { loginId: "taro" });
    await issueAllQueuedResetLinks(portal.deps);
    const reset = await linkSentTo(portal, "taro@example.jp", "password-reset", "/reset/");

    await moveAddress(portal, browser, "taro@example.jp", "taro.new@example.jp");

    assert.equal((await new TestBrowser(portal).get(reset)).status, 404);
    assert.equal((await elsewhere.get("/account")).status, 303, "the other session ended");
    assert.equal((await browser.get("/account")).status, 200, "the confirming browser stays");
  });

  test("the old address gets an undo link that restores it and forces a reset, even after the attacker changed the password", async () => {
    const portal = createTestPortal();
    const attacker = await registerAndSignIn(portal, { loginId: "taro" });
    await moveAddress(portal, attacker, "taro@example.jp", attackerAddress);
    const notice = (await messagesTo(portal, "taro@example.jp", "email-change-undo"))[0];
    assert.match(messageText(notice), /a\*\*\*@evil\.example/);
    assert.doesNotMatch(messageText(notice), /attacker@evil\.example/);
    assert.match(messageText(notice), /7 days/);
    const undo = await linkSentTo(
      portal,
      "taro@example.jp",
      "email-change-undo",
      "/email-change/undo/",
    );

    // The attacker locks the owner out as far as a password can.
    const changed = await attacker.post("/account/password", {
      currentPassword: memberPassword,
      password: attackerPassword,
    });
    assert.equal(changed.status, 303, changed.text);
    await attacker.post("/account/sessions/revoke-others", {});
    portal.clock.advanceByMinutes(6 * 24 * 60);

    const owner = new TestBrowser(portal);
    assert.equal((await owner.get(undo)).status, 200);
    assert.equal(
      (await memberNamed(portal, "taro")).email,
      attackerAddress,
      "a GET changes nothing",
    );
    const undone = await owner.post(undo, {});
    assert.equal(undone.status, 200);
    assert.match(undone.text, /previous address is back/);

    const restored = await memberNamed(portal, "taro");
    assert.equal(restored.email, "taro@example.jp");
    assert.notEqual(restored.resetRequiredAt, null);
    assert.equal(restored.emailProvenAt?.getTime(), portal.clock.now().getTime());
    const sessions = await portal.deps.database
      .select()
      .from(session)
      .where(eq(session.memberId, restored.id));
    assert.deepEqual(sessions, []);
    assert.equal((await attacker.get("/account")).status, 303);
    const signIn = await new TestBrowser(portal).post("/login", {
      loginId: "taro",
      password: attackerPassword,
    });
    assert.notEqual(signIn.location, "/account", "the attacker's password stopped working");

    assert.deepEqual(await messagesTo(portal, attackerAddress, "forced-reset"), []);
    const reset = await linkSentTo(portal, "taro@example.jp", "forced-reset", "/reset/");
    assert.equal(
      (await owner.post(reset, { password: "the owner's own new passphrase" })).status,
      200,
    );
    assert.equal((await owner.post(undo, {})).status, 404, "the undo link works once");
  });

  test("undo refuses when the previous address now belongs to someone else", async () => {
    const portal = createTestPortal();
    const taro = await registerAndSignIn(portal, { loginId: "taro" });
    await moveAddress(portal, taro, "taro@example.jp", "taro.new@example.jp");
    const undo = await linkSentTo(
      portal,
      "taro@example.jp",
      "email-change-undo",
      "/email-change/undo/",
    );
    await registerAndSignIn(portal, { loginId: "jiro", email: "taro@example.jp" });

    const refused = await new TestBrowser(portal).post(undo, {});
    assert.equal(refused.status, 409);
    assert.match(refused.text, /belongs to another account/);
    assert.equal((await memberNamed(portal, "taro")).email, "taro.new@example.jp");
    assert.equal((await memberNamed(portal, "taro")).resetRequiredAt, null);
    assert.equal((await memberNamed(portal, "jiro")).email, "taro@example.jp");
  });
});

describe("a forced reset soon after an address change", () => {
  test("an administrator's reset sends its link to the previous address; the new one learns only that", async () => {
    const portal = createTestPortal();
    const { administrator, member } = await createPersonas(portal);
    await moveAddress(portal, member, "member@example.jp", attackerAddress);
    const target = await memberNamed(portal, "member");

    const reset = await administrator.post(`/admin/members/${target.id}/reset`, {
      reason: "stuffed ID",
    });
    assert.equal(reset.status, 303);
    assert.equal((await messagesTo(portal, "member@example.jp", "forced-reset")).length, 1);
    assert.deepEqual(await messagesTo(portal, attackerAddress, "forced-reset"), []);
    const told = await messagesTo(portal, attackerAddress, "forced-reset-sent-to-previous-address");
    assert.equal(told.length, 1);
    assert.doesNotMatch(messageText(told[0]), /\/reset\/|member@example\.jp/);
  });

  test("a bulk reset does the same, and after the window the link goes to the current address", async () => {
    const portal = createTestPortal();
    // A bystander first, so member IDs and change IDs differ (a query joining on the wrong one fails).
    await registerAndSignIn(portal, { loginId: "jiro" });
    const taro = await registerAndSignIn(portal, { loginId: "taro" });
    const hanako = await registerAndSignIn(portal, { loginId: "hanako" });
    await moveAddress(portal, taro, "taro@example.jp", attackerAddress);
    await moveAddress(portal, hanako, "hanako@example.jp", "hanako.new@example.jp");
    const key = await createTestApiKey(portal);
    const bulkReset = async (loginIds: string[]) => {
      const accepted = await portal.app.request("/admin/api/bulk-resets", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ loginIds, reason: "stuffing wave" }),
      });
      assert.equal(accepted.status, 202);
      await runBulkResetJob(portal.deps, {});
    };

    await bulkReset(["taro"]);
    assert.equal((await messagesTo(portal, "taro@example.jp", "forced-reset")).length, 1);
    assert.deepEqual(await messagesTo(portal, attackerAddress, "forced-reset"), []);

    portal.clock.advanceByMinutes(7 * 24 * 60 + 1);
    await bulkReset(["hanako"]);
    assert.equal((await messagesTo(portal, "hanako.new@example.jp", "forced-reset")).length, 1);
    assert.deepEqual(await messagesTo(portal, "hanako@example.jp", "forced-reset"), []);
  });

  test("the dry run counts the matched members whose address changed recently", async () => {
    const portal = createTestPortal();
    const { administrator, member } = await createPersonas(portal);
    await moveAddress(portal, member, "member@example.jp", attackerAddress);
    await registerAndSignIn(portal, { loginId: "hanako" });

    const created = await administrator.post("/admin/resets", {
      list: "member\nhanako\nnobody",
      reason: "stuffing wave",
      revokeSessions: "on",
      invalidatePassword: "on",
      notifyMembers: "on",
    });
    assert.equal(created.status, 303, created.text);
    await runBulkResetJob(portal.deps, {});
    const dryRun = await administrator.get(created.location ?? "");
    assert.match(dryRun.text, /<dt>Matched<\/dt><dd>2<\/dd>/);
    assert.match(dryRun.text, /<dt>E-mail address changed recently[^<]*<\/dt><dd>1<\/dd>/);

    const key = await createTestApiKey(portal);
    const accepted = await portal.app.request("/admin/api/bulk-resets", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ loginIds: ["member", "hanako"], reason: "check", dryRun: true }),
    });
    const job = await accepted.json();
    await runBulkResetJob(portal.deps, {});
    const status = await portal.app.request(`/admin/api/bulk-resets/${job.id}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const counts = (await status.json()).counts;
    assert.equal(counts.matched, 2);
    assert.equal(counts.recentEmailChanges, 1);
  });
});
