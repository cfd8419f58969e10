import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { outboxMessage } from "../src/db/schema";
import { passkeyCeremonyEndpoints } from "../src/passkeys/endpoints";
import { SoftwareAuthenticator } from "./support/authenticator";
import { memberPassword, TestBrowser } from "./support/browser";
import { createTestPortal } from "./support/harness";
import { messageText } from "./support/mail";
import {
  createLoggedPortal,
  enrolConfirmedPasskey,
  registerConfirmedMember,
  signInWithPasskey,
} from "./support/passkeys";

const firefoxOnWindows =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const googlePasswordManager = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4";

describe("enrolling a passkey", () => {
  test("a member who just signed in with a password enrols a discoverable passkey named after their browser, which waits for the e-mail confirmation", async () => {
    const portal = createLoggedPortal();
    const member = await registerConfirmedMember(portal, { userAgent: firefoxOnWindows });
    const options = await member.postJson("/account/passkeys/registration-options", {});
    assert.equal(options.status, 200);
    assert.equal((options.json.rp as { id: string }).id, "localhost");
    assert.deepEqual(options.json.authenticatorSelection, {
      residentKey: "required",
      requireResidentKey: true,
      userVerification: "preferred",
    });
    assert.equal(options.json.attestation, "none");
    assert.deepEqual(options.json.excludeCredentials, []);

    const authenticator = new SoftwareAuthenticator();
    const response = authenticator.createCredential(options.json as never);
    const verified = await member.postJson("/account/passkeys/registration", { response });
    assert.equal(verified.status, 200);
    assert.equal(verified.json.location, "/account/passkeys?done=pending");

    const page = await member.get("/account/passkeys?done=pending");
    assert.match(
      page.text,
      /Your passkey was added\. Because you signed in with your password only/,
    );
    assert.match(page.text, /data-state="awaiting-confirmation"/);
    assert.match(page.text, /data-field="passkeyName">Firefox · Windows</);
    assert.match(page.text, /This device only/);
    const notices = await portal.deps.database
      .select()
      .from(outboxMessage)
      .where(eq(outboxMessage.kind, "passkey-added"));
    assert.equal(notices.length, 1, "the member is told by e-mail");
    assert.equal(notices[0]?.recipient, "taro@example.jp");
    assert.match(messageText(notices[0]), /"Firefox · Windows" was added/);
    assert.match(messageText(notices[0]), /\/passkeys\/confirm\//);
    assert.match(messageText(notices[0]), /\/passkeys\/not-mine\//);
    const added = portal.logs.find((line) => line.msg === "passkey added");
    assert.ok(added, "the enrolment is logged");
    assert.equal(added.event, "passkey added");
    assert.deepEqual(Object.keys(added).sort(), [
      "event",
      "hostname",
      "level",
      "memberId",
      "msg",
      "passkeyId",
      "pid",
      "proof",
      "time",
    ]);
  });

  test("a known provider names the passkey and a synced passkey is shown as synced", async () => {
    const portal = createTestPortal();
    const member = await registerConfirmedMember(portal);
    const authenticator = new SoftwareAuthenticator({
      aaguid: googlePasswordManager,
      synced: true,
    });
    assert.equal((await enrolConfirmedPasskey(portal, member, authenticator)).status, 200);
    const page = await member.get("/account/passkeys");
    assert.match(page.text, /data-field="passkeyName">Google Password Manager</);
    assert.match(page.text, /<td>Synced<\/td>/);
  });

  test("the options exclude passkeys the member has, and one authenticator cannot enrol twice", async () => {
    const portal = createTestPortal();
    const member = await registerConfirmedMember(portal);
    const authenticator = new SoftwareAuthenticator();
    await enrolConfirmedPasskey(portal, member, authenticator);
    const options = await member.postJson("/account/passkeys/registration-options", {});
    assert.deepEqual(options.json.excludeCredentials, [
      { id: authenticator.id, type: "public-key", transports: ["internal", "hybrid"] },
    ]);
    const again = await member.postJson("/account/passkeys/registration", {
      response: authenticator.createCredential(options.json as never),
    });
    assert.equal(again.status, 400);
    assert.match(String(again.json.message), /already holds a passkey/);
  });

  test("enrolment without a recent sign-in is refused until the member confirms it is them", async () => {
    const portal = createTestPortal();
    const member = await registerConfirmedMember(portal);
    const early = await member.postJson("/account/passkeys/registration-options", {});
    portal.clock.advanceByMinutes(11);

    const refused = await member.postJson("/account/passkeys/registration-options", {});
    assert.equal(refused.status, 403);
    assert.equal(refused.json.location, "/reauthenticate?next=%2Faccount%2Fpasskeys");
    const late = await member.postJson("/account/passkeys/registration", {
      response: new SoftwareAuthenticator().createCredential(early.json as never),
    });
    assert.equal(late.status, 403, "options fetched in time do not help once the sign-in is old");
    const page = await member.get("/account/passkeys");
    assert.match(page.text, /href="\/reauthenticate\?next=%2Faccount%2Fpasskeys"/);
    assert.doesNotMatch(page.text, /data-passkey-ceremony="register"/);

    await member.post("/reauthenticate", { password: memberPassword, next: "/account/passkeys" });
    assert.equal(
      (await enrolConfirmedPasskey(portal, member, new SoftwareAuthenticator())).status,
      200,
    );
  });

  test("signed-out visitors cannot ask for enrolment options", async () => {
    const portal = createTestPortal();
    const response = await new TestBrowser(portal).postJson(
      "/account/passkeys/registration-options",
      {},
    );
    assert.equal(response.status, 401);
  });
});

describe("registration challenges", () => {
  test("a replayed registration response fails", async () => {
    const portal = createTestPortal();
    const member = await registerConfirmedMember(portal);
    const options = await member.postJson("/account/passkeys/registration-options", {});
    const response = new SoftwareAuthenticator().createCredential(options.json as never);
    const first = await member.postJson("/account/passkeys/registration", { response });
    const replayed = await member.postJson("/account/passkeys/registration", { response });
    assert.equal(first.status, 200);
    assert.equal(replayed.status, 400);
    assert.match(String(replayed.json.message), /took too long/);
  });

  test("a challenge older than five minutes fails", async () => {
    const portal = createTestPortal();
    const member = await registerConfirmedMember(portal);
    const options = await member.postJson("/account/passkeys/registration-options", {});
    portal.clock.advanceByMinutes(6);
    const response = new SoftwareAuthenticator().createCredential(options.json as never);
    const late = await member.postJson("/account/passkeys/registration", { response });
    assert.equal(late.status, 400);
    assert.doesNotMatch((await member.get("/account/passkeys")).text, /data-field="passkeyName"/);
  });

  for (const [name, overrides] of [
    ["another origin", { origin: "https://evil.example" }],
    ["a look-alike origin on another port", { origin: "http://localhost:3001" }],
    ["another RP ID", { rpId: "evil.example" }],
    ["no user verification", { userVerified: false }],
  ] as const) {
    test(`a response with ${name} fails, and its challenge is spent all the same`, async () => {
      const portal = createTestPortal();
      const member = await registerConfirmedMember(portal);
      const options = await member.postJson("/account/passkeys/registration-options", {});
      const authenticator = new SoftwareAuthenticator();
      const forged = await member.postJson("/account/passkeys/registration", {
        response: authenticator.createCredential(options.json as never, overrides),
      });
      assert.equal(forged.status, 400);
      const honest = await member.postJson("/account/passkeys/registration", {
        response: authenticator.createCredential(options.json as never),
      });
      assert.equal(honest.status, 400, "the challenge was deleted by the failed attempt");
    });
  }

  test("a challenge issued to one session cannot be answered from another", async () => {
    const portal = createTestPortal();
    const taro = await registerConfirmedMember(portal, { loginId: "taro" });
    const hanako = await registerConfirmedMember(portal, { loginId: "hanako" });
    const options = await taro.postJson("/account/passkeys/registration-options", {});
    const response = new SoftwareAuthenticator().createCredential(options.json as never);
    assert.equal(
      (await hanako.postJson("/account/passkeys/registration", { response })).status,
      400,
    );
  });

  test("malformed answers are refused with a 400, never a crash", async () => {
    const portal = createTestPortal();
    const member = await registerConfirmedMember(portal);
    for (const response of [null, 42, "x", [], { id: "A".repeat(20) }, { type: "public-key" }]) {
      await member.postJson("/account/passkeys/registration-options", {});
      const answer = await member.postJson("/account/passkeys/registration", { response });
      assert.equal(answer.status, 400, JSON.stringify(response));
    }
    const notJson = await member.request("/account/passkeys/registration", {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": member.csrfToken() ?? "" },
      body: "{not json",
    });
    assert.equal(notJson.status, 400);
  });
});

describe("signing in with a passkey", () => {
  const enrolledMember = async () => {
    const portal = createLoggedPortal();
    const member = await registerConfirmedMember(portal, { loginId: "taro" });
    const authenticator = new SoftwareAuthenticator();
    assert.equal((await enrolConfirmedPasskey(portal, member, authenticator)).status, 200);
    return { portal, authenticator };
  };

  test("a passkey alone signs the member in, with a fresh session, logged like any sign-in", async () => {
    const { portal, authenticator } = await enrolledMember();
    const browser = new TestBrowser(portal);
    const options = await browser.postJson("/login/passkey-options", {});
    assert.equal(options.status, 200);
    assert.equal(options.json.allowCredentials, undefined, "discoverable: no user named");
    assert.equal(options.json.userVerification, "required");
    const binding = options.setCookies.find((cookie) => cookie.startsWith("rekey_passkey="));
    assert.match(binding ?? "", /HttpOnly; SameSite=Lax/);
    assert.match(binding ?? "", /Max-Age=300/);

    const csrfBefore = browser.csrfToken();
    const response = authenticator.getAssertion(options.json as never);
    const signedIn = await browser.postJson("/login/passkey", { response });
    assert.equal(signedIn.status, 200);
    assert.equal(signedIn.json.location, "/account");
    assert.ok(browser.cookies.get("rekey_session"), "a session cookie is set");
    assert.notEqual(browser.csrfToken(), csrfBefore, "the CSRF token is renewed at sign-in");
    assert.equal(browser.cookies.get("rekey_passkey"), undefined);

    const account = await browser.get("/account");
    assert.equal(account.status, 200);
    assert.match(account.text, /data-field="loginId">taro</);
    const page = await browser.get("/account/passkeys");
    assert.doesNotMatch(page.text, /Not used yet/, "the last use is recorded");
    const logged = portal.logs.find((line) => line.msg === "signed in with passkey");
    assert.equal(logged?.memberId, 1);
  });

  test("the sign-in returns to a same-site next path and never leaves the site", async () => {
    const { portal, authenticator } = await enrolledMember();
    const next = await signInWithPasskey(new TestBrowser(portal), authenticator, {
      next: "/account/sessions",
    });
    assert.equal(next.json.location, "/account/sessions");
    const away = await signInWithPasskey(new TestBrowser(portal), authenticator, {
      next: "//evil.example/",
    });
    assert.equal(away.json.location, "/account");
  });

  test("a replayed assertion fails", async () => {
    const { portal, authenticator } = await enrolledMember();
    const browser = new TestBrowser(portal);
    const options = await browser.postJson("/login/passkey-options", {});
    const response = authenticator.getAssertion(options.json as never);
    assert.equal((await browser.postJson("/login/passkey", { response })).status, 200);
    const thief = new TestBrowser(portal);
    await thief.postJson("/login/passkey-options", {});
    assert.equal((await thief.postJson("/login/passkey", { response })).status, 400);
    const again = new TestBrowser(portal);
    again.cookies.set("rekey_passkey", browser.cookies.get("rekey_passkey") ?? "x".repeat(43));
    assert.equal((await again.postJson("/login/passkey", { response })).status, 400);
  });

  test("a sign-in challenge older than five minutes fails", async () => {
    const { portal, authenticator } = await enrolledMember();
    const browser = new TestBrowser(portal);
    const options = await browser.postJson("/login/passkey-options", {});
    portal.clock.advanceByMinutes(6);
    const response = authenticator.getAssertion(options.json as never);
    const late = await browser.postJson("/login/passkey", { response });
    assert.equal(late.status, 400);
    assert.equal(browser.cookies.get("rekey_session"), undefined);
  });

  for (const [name, overrides] of [
    ["another origin", { origin: "https://evil.example" }],
    ["another RP ID", { rpId: "evil.example" }],
    ["no user verification", { userVerified: false }],
    ["another account's user handle", { userHandle: Buffer.alloc(32, 7).toString("base64url") }],
  ] as const) {
    test(`an assertion with ${name} fails`, async () => {
      const { portal, authenticator } = await enrolledMember();
      const browser = new TestBrowser(portal);
      const refused = await signInWithPasskey(browser, authenticator, overrides);
      assert.equal(refused.status, 400);
      assert.match(String(refused.json.message), /could not sign you in/);
      assert.equal(browser.cookies.get("rekey_session"), undefined);
    });
  }

  test("a challenge issued to one browser cannot be answered from another", async () => {
    const { portal, authenticator } = await enrolledMember();
    const victim = new TestBrowser(portal);
    const options = await victim.postJson("/login/passkey-options", {});
    const attacker = new TestBrowser(portal);
    await attacker.postJson("/login/passkey-options", {});
    const response = authenticator.getAssertion(options.json as never);
    assert.equal((await attacker.postJson("/login/passkey", { response })).status, 400);
  });

  test("a counter that does not grow is refused and logged as a possible clone", async () => {
    const { portal, authenticator } = await enrolledMember();
    assert.equal((await signInWithPasskey(new TestBrowser(portal), authenticator)).status, 200);
    for (const counter of [1, 0]) {
      const browser = new TestBrowser(portal);
      const cloned = await signInWithPasskey(browser, authenticator, { counter });
      assert.equal(cloned.status, 400, `counter ${counter} after 1`);
      assert.equal(browser.cookies.get("rekey_session"), undefined);
    }
    const warnings = portal.logs.filter((line) => /counter regression/.test(line.msg));
    assert.equal(warnings.length, 2);
    assert.equal(warnings[0]?.level, 40);
    assert.equal(warnings[0]?.storedCounter, 1);
    assert.equal((await signInWithPasskey(new TestBrowser(portal), authenticator)).status, 200);
  });

  test("an authenticator whose counter is always 0 keeps working", async () => {
    const portal = createTestPortal();
    const member = await registerConfirmedMember(portal);
    const authenticator = new SoftwareAuthenticator({ counterStep: 0 });
    await enrolConfirmedPasskey(portal, member, authenticator);
    for (let attempt = 0; attempt < 3; attempt++) {
      assert.equal((await signInWithPasskey(new TestBrowser(portal), authenticator)).status, 200);
    }
  });

  test("an unknown passkey gets the same answer as a bad signature", async () => {
    const { portal } = await enrolledMember();
    const stranger = await signInWithPasskey(new TestBrowser(portal), new SoftwareAuthenticator());
    assert.equal(stranger.status, 400);
    assert.match(String(stranger.json.message), /could not sign you in/);
  });
});

describe("cross-site requests to the passkey endpoints", () => {
  const endpoints = Object.values(passkeyCeremonyEndpoints).flatMap(({ options, verify }) => [
    options,
    verify,
  ]);
  const attacks: [string, Record<string, string>, boolean][] = [
    ["JSON without the X-CSRF-Token header", {}, false],
    ["JSON with a forged token", { "x-csrf-token": "A".repeat(43) }, false],
    ["JSON from another origin", { origin: "https://evil.example" }, true],
    ["JSON from a sibling subdomain", { "sec-fetch-site": "same-site" }, true],
  ];
  for (const [name, headers, withCsrf] of attacks) {
    test(`${name} is refused on every endpoint`, async () => {
      const portal = createTestPortal();
      const member = await registerConfirmedMember(portal);
      assert.equal(endpoints.length, 8);
      for (const path of endpoints) {
        const response = await member.postJson(path, {}, { headers, withCsrf });
        assert.equal(response.status, 403, `${path} answered ${response.status}`);
      }
      assert.equal(member.cookies.get("rekey_passkey"), undefined, "no ceremony was started");
    });
  }

  test("a form page does not take JSON at all", async () => {
    const portal = createTestPortal();
    const member = await registerConfirmedMember(portal);
    const response = await member.postJson("/account/passkeys/rename", { passkeyId: "1" });
    assert.equal(response.status, 415);
  });
});

describe("the page script", () => {
  test("the login page loads it as an external module and marks the field for passkey autofill", async () => {
    const portal = createTestPortal();
    const browser = new TestBrowser(portal);
    const page = await browser.get("/login");
    const src =
      /<script type="module" src="(\/static\/passkeys\.[0-9a-f]{16}\.js)"><\/script>/.exec(
        page.text,
      )?.[1];
    assert.ok(src, "a fingerprinted, external module script");
    assert.doesNotMatch(page.text, /<script>|<script type="module">/, "no inline script");
    assert.match(page.text, /autocomplete="username webauthn"/);
    assert.match(page.text, /Passkeys need JavaScript/);
    const script = await browser.get(src);
    assert.equal(script.status, 200);
    assert.match(script.headers.get("content-type") ?? "", /^text\/javascript/);
    assert.equal(script.headers.get("cache-control"), "public, max-age=31536000, immutable");
  });

  // test/strength.test.ts checks every committed bundle, this one included, against its source.
});
