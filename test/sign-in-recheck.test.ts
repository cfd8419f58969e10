import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { pino } from "pino";
import { findMemberByLoginId } from "../src/accounts/members";
import { registerMember } from "../src/accounts/registration";
import type { BreachSource } from "../src/breach/source";
import { outboxMessage } from "../src/db/schema";
import { saveSettings } from "../src/settings/store";
import { TestBrowser } from "./support/browser";
import { createTestPortal } from "./support/harness";

/** A corpus that learns of new leaks while the test runs, like a refreshed HIBP import. */
function growingCorpus(): BreachSource & { leak(password: string): void } {
  const leaked = new Set<string>();
  return {
    version: "test-corpus-2",
    isBreached: async (password) =>
      leaked.has(password) ? { breached: true, count: 42 } : { breached: false },
    leak: (password) => leaked.add(password),
  };
}

function loggedPortal(breachSource: BreachSource) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const portal = createTestPortal({}, { breachSource, logger: pino({ level: "debug" }, sink) });
  return { portal, logText: () => lines.join("") };
}

describe("the password is re-checked at every sign-in", () => {
  test("a password that has leaked since creates no session, forces a reset and e-mails the owner", async () => {
    const corpus = growingCorpus();
    const { portal, logText } = loggedPortal(corpus);
    const password = "a perfectly fine phrase 2019";
    await registerMember(portal.deps, { loginId: "taro", email: "taro@example.jp", password });
    const earlier = new TestBrowser(portal);
    assert.equal(
      (await earlier.post("/login", { loginId: "taro", password })).location,
      "/account",
    );

    corpus.leak(password);
    const attempt = await new TestBrowser(portal).post("/login", { loginId: "taro", password });
    assert.equal(attempt.status, 403);
    assert.match(attempt.text, /appears in lists of leaked passwords/);
    assert.ok(
      !attempt.setCookies.some((cookie) => cookie.startsWith("rekey_session=")),
      "no session",
    );
    assert.equal((await earlier.get("/account")).status, 303, "existing sessions were ended");

    const member = await findMemberByLoginId(portal.deps.database, "taro");
    assert.equal(member?.passwordHealth, "breached");
    assert.equal(member?.passwordCheckCorpusVersion, "test-corpus-2");
    assert.ok(member?.resetRequiredAt, "the account waits for a reset, as after a bulk reset");
    const emails = await portal.deps.database
      .select()
      .from(outboxMessage)
      .where(eq(outboxMessage.kind, "forced-reset"));
    assert.equal(emails.length, 1);

    // The password no longer signs in: from now on it fails like any wrong password.
    assert.equal(
      (await new TestBrowser(portal).post("/login", { loginId: "taro", password })).status,
      401,
    );
    assert.doesNotMatch(logText(), new RegExp(password));
  });

  test("a minimum raised since the password was set does not hide a leak of it", async () => {
    const corpus = growingCorpus();
    const { portal } = loggedPortal(corpus);
    const password = "fine phrase 2019";
    await registerMember(portal.deps, { loginId: "jiro", email: "jiro@example.jp", password });
    await saveSettings(portal.deps, { passwordMinimumLength: 20 }, { kind: "cli" });
    corpus.leak(password);
    const attempt = await new TestBrowser(portal).post("/login", { loginId: "jiro", password });
    assert.equal(attempt.status, 403);
    const member = await findMemberByLoginId(portal.deps.database, "jiro");
    assert.equal(member?.passwordHealth, "breached");
    assert.match(member?.passwordHealthReasons ?? "", /too-short/);
  });

  test("a password built from the member's details signs in but shows the warning, recorded without the password", async () => {
    const { portal, logText } = loggedPortal(growingCorpus());
    const password = "TaroYamada2024!";
    await registerMember(portal.deps, {
      loginId: "tyamada",
      email: "taro.yamada@example.jp",
      password,
    });
    const browser = new TestBrowser(portal);
    const signedIn = await browser.post("/login", {
      loginId: "tyamada",
      password,
      next: "/account/sessions",
    });
    assert.equal(signedIn.location, "/account/password-warning?next=%2Faccount%2Fsessions");
    const warning = await browser.get(signedIn.location ?? "");
    assert.equal(warning.status, 200);
    assert.match(warning.text, /built from your e-mail address/);
    assert.match(warning.text, /href="\/account\/password"/);
    assert.match(warning.text, /href="\/account\/passkeys"/);
    assert.match(warning.text, /href="\/account\/sessions">Remind me later/);

    const member = await findMemberByLoginId(portal.deps.database, "tyamada");
    assert.equal(member?.passwordHealth, "similar");
    assert.doesNotMatch(member?.passwordHealthReasons ?? "", /TaroYamada/);
    const security = await browser.get("/account/security");
    assert.match(security.text, /Built from your own details/);
    assert.match(security.text, /class="nudge"/, "the security page offers a passkey");
    assert.doesNotMatch(logText(), new RegExp(password));
  });

  test("a sound password signs in straight to where the member was going and is recorded as ok", async () => {
    const { portal } = loggedPortal(growingCorpus());
    await registerMember(portal.deps, {
      loginId: "hanako",
      email: "hanako@example.jp",
      password: "umbrella koi lantern 9",
    });
    const signedIn = await new TestBrowser(portal).post("/login", {
      loginId: "hanako",
      password: "umbrella koi lantern 9",
    });
    assert.equal(signedIn.location, "/account");
    assert.equal((await findMemberByLoginId(portal.deps.database, "hanako"))?.passwordHealth, "ok");
  });
});
