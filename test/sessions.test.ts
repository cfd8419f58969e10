import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal } from "./support/harness";

const firefoxOnWindows =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

function withoutCsrfTokens(html: string): string {
  return html.replace(/name="csrfToken" value="[^"]*"/g, 'name="csrfToken" value=""');
}

describe("signing in", () => {
  test("a member signs in with their login ID or their e-mail address and lands on the account page", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "taro", email: "taro@example.jp" });
    for (const identifier of ["taro", "TARO", "taro@example.jp", "Taro@Example.jp"]) {
      const response = await new TestBrowser(portal).post("/login", {
        loginId: identifier,
        password: memberPassword,
      });
      assert.equal(response.status, 303, identifier);
      assert.equal(response.location, "/account");
      const sessionCookie = response.setCookies.find((cookie) =>
        cookie.startsWith("rekey_session="),
      );
      assert.ok(sessionCookie, "a session cookie is set");
      assert.match(sessionCookie, /HttpOnly/);
      assert.match(sessionCookie, /SameSite=Lax/);
    }
  });

  test("an unknown ID and a wrong password get the same answer, and both pay for one argon2 verification", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "taro" });
    const unknownBrowser = new TestBrowser(portal);
    await unknownBrowser.get("/login");
    const wrongBrowser = new TestBrowser(portal);
    await wrongBrowser.get("/login");

    const callsBefore = portal.hasher.calls();
    const unknown = await unknownBrowser.post("/login", {
      loginId: "nobody",
      password: "some password here",
    });
    const afterUnknown = portal.hasher.calls();
    const wrong = await wrongBrowser.post("/login", {
      loginId: "taro",
      password: "some password here",
    });

    assert.equal(unknown.status, 401);
    assert.equal(wrong.status, unknown.status);
    assert.equal(
      withoutCsrfTokens(wrong.text).replace("taro", "nobody"),
      withoutCsrfTokens(unknown.text),
    );
    assert.deepEqual(wrong.setCookies, unknown.setCookies);
    assert.equal(afterUnknown - callsBefore, 1);
    assert.equal(portal.hasher.calls() - afterUnknown, 1);
    assert.match(unknown.text, /The login ID or password is incorrect/);
  });

  test("the sign-in page keeps the typed ID but never echoes the password", async () => {
    const portal = createTestPortal();
    const response = await new TestBrowser(portal).post("/login", {
      loginId: "someone",
      password: "typed secret 123",
    });
    assert.match(response.text, /value="someone"/);
    assert.doesNotMatch(response.text, /typed secret 123/);
  });

  test("a session token planted before sign-in is not valid after it; sign-in issues a fresh one", async () => {
    const portal = createTestPortal();
    const first = await registerAndSignIn(portal, { loginId: "taro" });
    const oldToken = first.cookies.get("rekey_session");
    assert.ok(oldToken);
    await first.post("/logout", {});

    // The attacker plants their old token in the victim's browser, then the victim signs in.
    const victim = new TestBrowser(portal);
    victim.cookies.set("rekey_session", oldToken);
    await victim.post("/login", { loginId: "taro", password: memberPassword });
    const newToken = victim.cookies.get("rekey_session");
    assert.ok(newToken);
    assert.notEqual(newToken, oldToken);

    const attacker = new TestBrowser(portal);
    attacker.cookies.set("rekey_session", oldToken);
    assert.equal((await attacker.get("/account")).status, 303);
  });

  test("the CSRF token changes at sign-in", async () => {
    const portal = createTestPortal();
    const browser = new TestBrowser(portal);
    await browser.post("/register", {
      loginId: "taro",
      email: "taro@example.jp",
      password: memberPassword,
    });
    const before = browser.csrfToken();
    await browser.post("/login", { loginId: "taro", password: memberPassword });
    assert.notEqual(browser.csrfToken(), before);
  });

  test("a next path survives sign-in, but an absolute or protocol-relative one is ignored", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "taro" });
    const cases: [string, string][] = [
      ["/account/sessions", "/account/sessions"],
      ["https://evil.example/", "/account"],
      ["//evil.example/", "/account"],
      ["/\\evil.example", "/account"],
    ];
    for (const [next, expected] of cases) {
      const response = await new TestBrowser(portal).post("/login", {
        loginId: "taro",
        password: memberPassword,
        next,
      });
      assert.equal(response.location, expected, next);
    }
  });

  test("on an https origin the session cookie is Secure with the __Host- prefix", async () => {
    const portal = createTestPortal({ REKEY_ORIGIN: "https://portal.example.jp" });
    const browser = new TestBrowser(portal);
    await browser.request("/", { method: "GET" });
    const csrf = browser.cookies.get("__Host-rekey_csrf");
    assert.ok(csrf, "the CSRF cookie is __Host- prefixed");
    const body = new URLSearchParams({ loginId: "x", password: "y", csrfToken: csrf });
    const response = await browser.request("/login", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://portal.example.jp",
      },
      body: body.toString(),
    });
    assert.equal(response.status, 401);
    const home = await browser.request("/", { method: "GET" });
    assert.match(home.headers.get("strict-transport-security") ?? "", /max-age=\d+/);
    for (const cookie of (await new TestBrowser(portal).get("/")).setCookies) {
      assert.match(cookie, /^__Host-/);
      assert.match(cookie, /Secure/);
      assert.match(cookie, /Path=\//);
      assert.doesNotMatch(cookie, /Domain=/);
    }
  });
});

describe("signing out and session lifetime", () => {
  test("signing out ends the session on the server and asks the browser to clear its data", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal);
    const token = browser.cookies.get("rekey_session");
    const response = await browser.post("/logout", {});
    assert.equal(response.status, 303);
    assert.match(response.headers.get("clear-site-data") ?? "", /"cookies"/);
    assert.ok(!browser.cookies.has("rekey_session"));

    const replay = new TestBrowser(portal);
    replay.cookies.set("rekey_session", token ?? "");
    assert.equal((await replay.get("/account")).status, 303, "the old token no longer works");
  });

  test("a session ends after the idle timeout", async () => {
    const portal = createTestPortal({ REKEY_SESSION_IDLE_MINUTES: "30" });
    const browser = await registerAndSignIn(portal);
    portal.clock.advanceByMinutes(29);
    assert.equal((await browser.get("/account")).status, 200);
    portal.clock.advanceByMinutes(29);
    assert.equal((await browser.get("/account")).status, 200, "activity extends the idle window");
    portal.clock.advanceByMinutes(31);
    assert.equal((await browser.get("/account")).status, 303);
  });

  test("a session ends at the absolute timeout however active it is", async () => {
    const portal = createTestPortal({
      REKEY_SESSION_IDLE_MINUTES: "60",
      REKEY_SESSION_ABSOLUTE_HOURS: "2",
    });
    const browser = await registerAndSignIn(portal);
    for (let step = 0; step < 3; step++) {
      portal.clock.advanceByMinutes(39);
      assert.equal((await browser.get("/account")).status, 200);
    }
    portal.clock.advanceByMinutes(3);
    assert.equal((await browser.get("/account")).status, 303);
  });
});

describe("managing sessions", () => {
  test("a member sees their other sessions with device and IP and can sign one out", async () => {
    const portal = createTestPortal();
    const laptop = await registerAndSignIn(portal, {
      userAgent: firefoxOnWindows,
      ipAddress: "198.51.100.7",
    });
    const phone = new TestBrowser(portal, { ipAddress: "192.0.2.44" });
    await phone.post("/login", { loginId: "taro", password: memberPassword });

    const list = await laptop.get("/account/sessions");
    assert.equal(list.status, 200);
    assert.match(list.text, /Firefox · Windows/);
    assert.match(list.text, /198\.51\.100\.7/);
    assert.match(list.text, /192\.0\.2\.44/);
    const otherSessionId = /name="sessionId" value="([^"]+)"/.exec(list.text)?.[1];
    assert.ok(otherSessionId);

    const revoked = await laptop.post("/account/sessions/revoke", { sessionId: otherSessionId });
    assert.equal(revoked.status, 303);
    assert.equal((await phone.get("/account")).status, 303, "the phone was signed out");
    assert.equal((await laptop.get("/account")).status, 200, "the laptop stays signed in");
  });

  test("signing out everywhere else keeps only the current session", async () => {
    const portal = createTestPortal();
    const current = await registerAndSignIn(portal);
    const others = [new TestBrowser(portal), new TestBrowser(portal)];
    for (const other of others)
      await other.post("/login", { loginId: "taro", password: memberPassword });

    const response = await current.post("/account/sessions/revoke-others", {});
    assert.equal(response.location, "/account/sessions?revoked=others&count=2");
    assert.match((await current.get(response.location ?? "")).text, /Signed out 2 other sessions/);
    for (const other of others) assert.equal((await other.get("/account")).status, 303);
  });

  test("a member cannot sign out someone else's session", async () => {
    const portal = createTestPortal();
    const taro = await registerAndSignIn(portal, { loginId: "taro" });
    const hanako = await registerAndSignIn(portal, { loginId: "hanako" });
    const hanakoSessionId = (hanako.cookies.get("rekey_session") ?? "").split(".")[0] ?? "";
    await taro.post("/account/sessions/revoke", { sessionId: hanakoSessionId });
    assert.equal((await hanako.get("/account")).status, 200);
  });
});

describe("re-authentication", () => {
  test("the right password renews the sign-in time, a wrong one is refused", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal);
    const wrong = await browser.post("/reauthenticate", {
      password: "not my password",
      next: "/account",
    });
    assert.equal(wrong.status, 401);
    const right = await browser.post("/reauthenticate", {
      password: memberPassword,
      next: "/account/sessions",
    });
    assert.equal(right.status, 303);
    assert.equal(right.location, "/account/sessions");
  });
});
