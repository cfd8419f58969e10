import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { findMemberByLoginId } from "../src/accounts/members";
import type { BreachSource } from "../src/breach/source";
import { member, outboxMessage, passkey, session } from "../src/db/schema";
import { runBulkResetJob } from "../src/resets/bulk-reset-runner";
import { issueAllQueuedResetLinks } from "../src/resets/reset-request-worker";
import { SoftwareAuthenticator } from "./support/authenticator";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { messageText } from "./support/mail";
import {
  emailedLink,
  enrolConfirmedPasskey,
  enrolPasskey,
  followEmailedLink,
  registerConfirmedMember,
  signInWithPasskey,
} from "./support/passkeys";
import { forceResetByApi } from "./support/resets";
import { createPersonas } from "./support/routes";

const attackerAddress = "198.51.100.66";
const attackerAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const newPassword = "a brand new passphrase only the owner knows 2027";

/** The attacker replays the leaked password from their own machine. */
async function signInAsAttacker(portal: TestPortal, loginId = "taro"): Promise<TestBrowser> {
  const attacker = new TestBrowser(portal, {
    ipAddress: attackerAddress,
    userAgent: attackerAgent,
  });
  const signedIn = await attacker.post("/login", { loginId, password: memberPassword });
  assert.equal(signedIn.location, "/account", "the leaked password opens a session");
  return attacker;
}

/** The owner opens the reset e-mail in their own browser and sets a new password. */
async function completeResetFromEmail(
  portal: TestPortal,
  owner: TestBrowser,
  kind: "forced-reset" | "password-reset" = "forced-reset",
) {
  const link = await emailedLink(portal, { kind, pathPrefix: "/reset/" });
  assert.ok(link, "the reset link was e-mailed");
  assert.equal((await owner.get(link)).status, 200);
  const done = await owner.post(link, { password: newPassword });
  assert.equal(done.status, 200, done.text);
  return done;
}

async function passkeyRows(portal: TestPortal) {
  return portal.deps.database.select().from(passkey).orderBy(passkey.id);
}

/**
 * A passkey as rows from before this change look: enrolled with a password alone, counted as
 * confirmed, after the member last proved the mailbox. It signs in until a forced reset.
 */
async function enrolLegacyPasskey(portal: TestPortal, owner: TestBrowser, loginId = "taro") {
  const authenticator = new SoftwareAuthenticator();
  assert.equal((await enrolConfirmedPasskey(portal, owner, authenticator)).status, 200);
  const [row] = (await passkeyRows(portal)).slice(-1);
  assert.ok(row);
  await portal.deps.database
    .update(passkey)
    .set({ enrolmentProof: "password", confirmedAt: row.createdAt })
    .where(eq(passkey.id, row.id));
  await portal.deps.database
    .update(member)
    .set({ emailProvenAt: new Date(row.createdAt.getTime() - 60_000) })
    .where(eq(member.loginId, loginId));
  const check = await signInWithPasskey(new TestBrowser(portal), authenticator);
  assert.equal(check.json.location, "/account", "the legacy passkey signs in before the reset");
  return authenticator;
}

describe("issue 15: a passkey enrolled by the attacker does not survive the forced reset", () => {
  test("password sign-in, passkey enrolment, bulk reset by API, owner's reset: the attacker's passkey no longer signs in", async () => {
    const portal = createTestPortal();
    await registerConfirmedMember(portal, { loginId: "taro" });
    const attacker = await signInAsAttacker(portal);
    const attackerKey = new SoftwareAuthenticator();
    assert.equal((await enrolPasskey(attacker, attackerKey)).status, 200);

    await forceResetByApi(portal, ["taro"]);
    await completeResetFromEmail(portal, new TestBrowser(portal));

    const attempt = await signInWithPasskey(
      new TestBrowser(portal, { ipAddress: attackerAddress }),
      attackerKey,
    );
    assert.notEqual(attempt.json.location, "/account");
    assert.equal(attempt.status, 400);
    assert.ok(!attempt.setCookies.some((cookie) => cookie.startsWith("rekey_session=")));
  });

  test("a passkey enrolled from a password-only session waits for the e-mailed confirmation; the link's GET changes nothing, its POST makes it work", async () => {
    const portal = createTestPortal();
    const owner = await registerConfirmedMember(portal, { loginId: "taro" });
    const authenticator = new SoftwareAuthenticator();
    const enrolled = await enrolPasskey(owner, authenticator);
    assert.equal(enrolled.json.location, "/account/passkeys?done=pending");
    assert.match(
      (await owner.get("/account/passkeys")).text,
      /Awaiting confirmation from your e-mail/,
    );
    const refused = await signInWithPasskey(new TestBrowser(portal), authenticator);
    assert.equal(refused.status, 400, "a waiting passkey does not sign in");
    const reauthentication = await owner.postJson("/reauthenticate/passkey-options", {});
    assert.equal(reauthentication.status, 400, "nor is it offered to re-authenticate");

    const link = await emailedLink(portal, {
      kind: "passkey-added",
      pathPrefix: "/passkeys/confirm/",
    });
    assert.ok(link);
    const shown = await owner.get(link);
    assert.equal(shown.status, 200);
    assert.match(shown.text, /Confirm the new passkey/);
    assert.equal(
      (await signInWithPasskey(new TestBrowser(portal), authenticator)).status,
      400,
      "opening the link (as a mail scanner would) confirms nothing",
    );
    assert.equal((await new TestBrowser(portal).post(link, {})).status, 200);
    const signedIn = await signInWithPasskey(new TestBrowser(portal), authenticator);
    assert.equal(signedIn.json.location, "/account");
    assert.equal((await new TestBrowser(portal).post(link, {})).status, 404, "single use");
  });

  test("a passkey enrolled right after a passkey sign-in works at once, and its e-mail still carries a 'this wasn't me' link", async () => {
    const portal = createTestPortal();
    const owner = await registerConfirmedMember(portal, { loginId: "taro" });
    const first = new SoftwareAuthenticator();
    await enrolConfirmedPasskey(portal, owner, first);
    const viaPasskey = new TestBrowser(portal);
    assert.equal((await signInWithPasskey(viaPasskey, first)).json.location, "/account");
    const second = new SoftwareAuthenticator();
    const enrolled = await enrolPasskey(viaPasskey, second);
    assert.equal(enrolled.json.location, "/account/passkeys?done=added");
    assert.equal(
      (await signInWithPasskey(new TestBrowser(portal), second)).json.location,
      "/account",
    );
    const [notice] = await portal.deps.database
      .select()
      .from(outboxMessage)
      .where(eq(outboxMessage.kind, "passkey-added"))
      .orderBy(outboxMessage.id)
      .limit(1)
      .offset(1);
    assert.doesNotMatch(messageText(notice), /\/passkeys\/confirm\//);
    assert.match(messageText(notice), /This wasn't me.*\n.*\/passkeys\/not-mine\//);
  });

  test("'this wasn't me' in the passkey-added e-mail removes the passkey, ends every session and forces a reset", async () => {
    const portal = createTestPortal();
    const owner = await registerConfirmedMember(portal, { loginId: "taro" });
    const attacker = await signInAsAttacker(portal);
    await enrolPasskey(attacker, new SoftwareAuthenticator());
    const link = await emailedLink(portal, {
      kind: "passkey-added",
      pathPrefix: "/passkeys/not-mine/",
    });
    assert.ok(link);
    assert.equal((await owner.get(link)).status, 200);
    assert.equal((await passkeyRows(portal)).length, 1, "the GET removes nothing");
    const done = await owner.post(link, {});
    assert.equal(done.status, 200);
    assert.match(done.text, /The passkey was removed/);
    assert.equal((await passkeyRows(portal)).length, 0);
    assert.equal((await attacker.get("/account")).status, 303, "the attacker is signed out");
    const taro = await findMemberByLoginId(portal.deps.database, "taro");
    assert.ok(taro?.resetRequiredAt, "the account waits for a new password");
    assert.ok(await emailedLink(portal, { kind: "forced-reset", pathPrefix: "/reset/" }));
    assert.equal((await owner.post(link, {})).status, 404, "single use");
  });
});

describe("issue 15: no passkey before the address is confirmed", () => {
  test("a member whose address is unconfirmed cannot enrol a passkey and is told to confirm it", async () => {
    const portal = createTestPortal();
    const member = await registerAndSignIn(portal, { loginId: "taro" });
    const options = await member.postJson("/account/passkeys/registration-options", {});
    assert.equal(options.status, 403);
    assert.match(
      String(options.json.message),
      /Confirm your e-mail address before adding a passkey/,
    );
    assert.equal(options.json.location, "/account/email");
    const answer = await member.postJson("/account/passkeys/registration", { response: {} });
    assert.equal(answer.status, 403);
    assert.equal((await passkeyRows(portal)).length, 0);
  });

  test("pre-registration takeover: the attacker cannot enrol on the victim's address, and the victim's first reset removes every earlier credential", async () => {
    const portal = createTestPortal();
    const attacker = await registerAndSignIn(portal, {
      loginId: "taro",
      email: "victim@example.jp",
      ipAddress: attackerAddress,
    });
    const attackerKey = new SoftwareAuthenticator();
    assert.equal((await enrolPasskey(attacker, attackerKey)).status, 403);

    // A passkey left from before this rule (a legacy row) is the same threat.
    const options = await attacker.postJson("/account/passkeys/registration-options", {});
    assert.equal(options.status, 403);
    const taro = await findMemberByLoginId(portal.deps.database, "taro");
    assert.ok(taro);
    await portal.deps.database
      .update(member)
      .set({ emailVerifiedAt: portal.clock.now() })
      .where(eq(member.id, taro.id));
    const legacy = await enrolConfirmedPasskey(portal, attacker, attackerKey);
    assert.equal(legacy.status, 200);
    await portal.deps.database
      .update(member)
      .set({ emailVerifiedAt: null, emailProvenAt: null })
      .where(eq(member.id, taro.id));
    await portal.deps.database
      .update(passkey)
      .set({ enrolmentProof: "password" })
      .where(eq(passkey.memberId, taro.id));
    assert.equal(
      (await signInWithPasskey(new TestBrowser(portal), attackerKey)).json.location,
      "/account",
      "the leftover passkey signs in before the victim's reset",
    );

    const victim = new TestBrowser(portal);
    await victim.post("/forgot-password", { loginId: "victim@example.jp" });
    await issueAllQueuedResetLinks(portal.deps);
    await completeResetFromEmail(portal, victim, "password-reset");

    assert.equal((await passkeyRows(portal)).length, 0, "every earlier passkey is gone");
    const sessions = await portal.deps.database
      .select()
      .from(session)
      .where(eq(session.memberId, taro.id));
    assert.equal(sessions.length, 0, "every earlier session is gone");
    assert.equal((await attacker.get("/account")).status, 303);
    assert.equal((await signInWithPasskey(new TestBrowser(portal), attackerKey)).status, 400);
    const after = await findMemberByLoginId(portal.deps.database, "taro");
    assert.ok(after?.emailVerifiedAt, "the address now counts as confirmed");
    assert.ok(after?.emailProvenAt);
  });
});

describe("issue 15: after the reset the owner reviews the suspended passkeys", () => {
  test("the reset-done page lists the suspended passkey (name, when, device, address); the owner removes it there", async () => {
    const portal = createTestPortal();
    await registerConfirmedMember(portal, { loginId: "taro" });
    const attacker = await signInAsAttacker(portal);
    await enrolPasskey(attacker, new SoftwareAuthenticator());
    await forceResetByApi(portal, ["taro"]);
    const owner = new TestBrowser(portal);
    const done = await completeResetFromEmail(portal, owner);
    assert.match(done.text, /Passkeys suspended by the password reset/);
    assert.match(done.text, /data-field="passkeyName">Firefox · Linux</);
    assert.match(
      done.text,
      new RegExp(`data-field="enrolledFrom">Firefox · Linux, ${attackerAddress}<`),
    );
    const [row] = await passkeyRows(portal);
    assert.ok(row?.suspendedAt);

    assert.equal(
      (await new TestBrowser(portal).post("/reset/passkeys/remove", { passkeyId: String(row.id) }))
        .status,
      403,
      "only the browser holding the reset's grant",
    );
    const removed = await owner.post("/reset/passkeys/remove", { passkeyId: String(row.id) });
    assert.equal(removed.location, "/reset/passkeys");
    assert.equal((await passkeyRows(portal)).length, 0);
    assert.doesNotMatch((await owner.get("/reset/passkeys")).text, /suspended by the password/);
  });

  test("a suspended passkey the owner keeps from /account/passkeys after the reset works again, confirmed by the e-mail proof", async () => {
    const portal = createTestPortal();
    const owner = await registerConfirmedMember(portal, { loginId: "taro" });
    const authenticator = await enrolLegacyPasskey(portal, owner);
    portal.clock.advanceByMinutes(1);
    await forceResetByApi(portal, ["taro"]);
    assert.equal((await signInWithPasskey(new TestBrowser(portal), authenticator)).status, 400);
    const [row] = await passkeyRows(portal);
    assert.ok(row?.suspendedAt, "a legacy passkey vouched for by a password alone is suspended");

    // Signed in again with the old password is impossible; the reset comes first.
    const done = await completeResetFromEmail(portal, owner);
    assert.match(done.text, /Passkeys suspended by the password reset/);
    const browser = new TestBrowser(portal);
    await browser.post("/login", { loginId: "taro", password: newPassword });
    const page = await browser.get("/account/passkeys");
    assert.match(page.text, /data-suspended-passkey=/);
    const kept = await browser.post("/account/passkeys/keep", { passkeyId: String(row.id) });
    assert.equal(kept.location, "/account/passkeys?done=kept");
    const [after] = await passkeyRows(portal);
    assert.equal(after?.suspendedAt, null);
    assert.equal(after?.enrolmentProof, "email");
    assert.equal(
      (await signInWithPasskey(new TestBrowser(portal), authenticator)).json.location,
      "/account",
    );
  });

  test("a passkey sign-in on an account waiting for its reset works only with a passkey in good standing, and lands on the new-password form", async () => {
    const portal = createTestPortal();
    const owner = await registerConfirmedMember(portal, { loginId: "taro" });
    const trusted = new SoftwareAuthenticator();
    await enrolConfirmedPasskey(portal, owner, trusted);
    const attacker = await signInAsAttacker(portal);
    const attackerKey = new SoftwareAuthenticator();
    await enrolPasskey(attacker, attackerKey);
    portal.clock.advanceByMinutes(1);
    await forceResetByApi(portal, ["taro"]);

    assert.equal((await signInWithPasskey(new TestBrowser(portal), attackerKey)).status, 400);
    const signedIn = await signInWithPasskey(new TestBrowser(portal), trusted);
    assert.equal(signedIn.json.location, "/account/password?reset=required");
  });
});

/** A corpus that learns of a leak while the test runs. */
function growingCorpus(): BreachSource & { leak(password: string): void } {
  const leaked = new Set<string>();
  return {
    version: "test-corpus-2",
    isBreached: async (password) =>
      leaked.has(password) ? { breached: true, count: 42 } : { breached: false },
    leak: (password) => leaked.add(password),
  };
}

describe("issue 15: every forced-reset door suspends the passkeys a password alone vouched for", () => {
  const doors: Record<
    string,
    (portal: TestPortal, corpus: ReturnType<typeof growingCorpus>) => Promise<void>
  > = {
    "the bulk-reset API": (portal) => forceResetByApi(portal, ["taro"]),
    "the bulk-reset form (dry run, then start)": async (portal) => {
      const { administrator } = await createPersonas(portal);
      const dryRun = await administrator.post("/admin/resets", {
        list: "taro",
        reason: "seen in a combo list",
        revokeSessions: "on",
        invalidatePassword: "on",
        notifyMembers: "on",
      });
      assert.equal(dryRun.status, 303);
      await runBulkResetJob(portal.deps, {});
      const start = await administrator.post(`${dryRun.location}/start`, { confirmedEmails: "1" });
      assert.equal(start.status, 303);
      await runBulkResetJob(portal.deps, {});
    },
    "the admin member page": async (portal) => {
      const { administrator } = await createPersonas(portal);
      const taro = await findMemberByLoginId(portal.deps.database, "taro");
      const reset = await administrator.post(`/admin/members/${taro?.id}/reset`, {
        reason: "seen in a combo list",
      });
      assert.match(reset.location ?? "", /done=reset/);
    },
    "'this wasn't me' after a sign-in": async (portal) => {
      await signInAsAttacker(portal);
      const link = await emailedLink(portal, {
        kind: "new-sign-in",
        pathPrefix: "/sign-in/unrecognised/",
      });
      assert.ok(link, "the new-device notice went out");
      assert.equal((await followEmailedLink(new TestBrowser(portal), link)).status, 200);
    },
    "a breached password at sign-in": async (portal, corpus) => {
      corpus.leak(memberPassword);
      const attempt = await new TestBrowser(portal).post("/login", {
        loginId: "taro",
        password: memberPassword,
      });
      assert.equal(attempt.status, 403);
    },
  };

  for (const [door, force] of Object.entries(doors)) {
    test(`${door} suspends a legacy password-only passkey and keeps one enrolled with a passkey`, async () => {
      const corpus = growingCorpus();
      const portal = createTestPortal({}, { breachSource: corpus });
      const owner = await registerConfirmedMember(portal, { loginId: "taro" });
      const legacy = await enrolLegacyPasskey(portal, owner);
      const viaPasskey = new TestBrowser(portal);
      await signInWithPasskey(viaPasskey, legacy);
      const vouched = new SoftwareAuthenticator();
      assert.equal(
        (await enrolPasskey(viaPasskey, vouched)).json.location,
        "/account/passkeys?done=added",
      );
      portal.clock.advanceByMinutes(1);

      await force(portal, corpus);

      const taro = await findMemberByLoginId(portal.deps.database, "taro");
      assert.ok(taro?.resetRequiredAt, "the account waits for its reset");
      const [legacyRow, vouchedRow] = await passkeyRows(portal);
      assert.ok(legacyRow?.suspendedAt, "the password-only passkey is suspended");
      assert.equal(vouchedRow?.suspendedAt, null, "the passkey-vouched one is not");
      assert.equal((await signInWithPasskey(new TestBrowser(portal), legacy)).status, 400);
      assert.equal(
        (await signInWithPasskey(new TestBrowser(portal), vouched)).json.location,
        "/account/password?reset=required",
      );
    });
  }
});
