import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { count } from "drizzle-orm";
import { member } from "../src/db/schema";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";

async function memberCount(portal: TestPortal): Promise<number> {
  const [row] = await portal.deps.database.select({ total: count() }).from(member);
  return row?.total ?? 0;
}

describe("registration", () => {
  test("a new member registers, signs in and sees their login ID and e-mail on the account page", async () => {
    const portal = createTestPortal();
    const browser = new TestBrowser(portal);
    const registered = await browser.post("/register", {
      loginId: "Taro.Yamada",
      email: "Taro@Example.JP",
      password: memberPassword,
    });
    assert.equal(registered.status, 303);
    assert.equal(registered.location, "/register/sent");

    const signedIn = await browser.post("/login", {
      loginId: "taro.yamada",
      password: memberPassword,
    });
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.location, "/account");

    const account = await browser.get("/account");
    assert.equal(account.status, 200);
    assert.match(account.text, /data-field="loginId">taro\.yamada</);
    assert.match(account.text, /data-field="email">taro@example\.jp/);
    assert.match(account.text, /not verified yet/);
  });

  test("registering an address that already has an account answers exactly like a new registration", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "hanako", email: "hanako@example.jp" });
    const before = await memberCount(portal);

    const fresh = await new TestBrowser(portal).post("/register", {
      loginId: "newcomer",
      email: "newcomer@example.jp",
      password: memberPassword,
    });
    const duplicate = await new TestBrowser(portal).post("/register", {
      loginId: "impostor",
      email: "HANAKO@example.jp",
      password: memberPassword,
    });
    assert.equal(duplicate.status, fresh.status);
    assert.equal(duplicate.location, fresh.location);
    assert.equal(duplicate.text, fresh.text);
    assert.deepEqual(
      duplicate.setCookies.map((cookie) => cookie.split("=")[0]),
      fresh.setCookies.map((cookie) => cookie.split("=")[0]),
    );
    assert.equal(await memberCount(portal), before + 1, "only the new address created an account");
  });

  test("a taken login ID is refused with the typed values kept and the password not echoed", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "jiro" });
    const response = await new TestBrowser(portal).post("/register", {
      loginId: "JIRO",
      email: "other@example.jp",
      password: memberPassword,
    });
    assert.equal(response.status, 409);
    assert.match(response.text, /already taken/);
    assert.match(response.text, /value="other@example.jp"/);
    assert.doesNotMatch(response.text, new RegExp(memberPassword));
  });

  test("the account page sends visitors who are not signed in to sign in first", async () => {
    const portal = createTestPortal();
    const response = await new TestBrowser(portal).get("/account");
    assert.equal(response.status, 303);
    assert.equal(response.location, "/login?next=%2Faccount");
  });
});

describe("bad registration input gets a 4xx with a message and writes nothing", () => {
  const valid = { loginId: "saburo", email: "saburo@example.jp", password: memberPassword };
  const cases: [string, Record<string, string>, number, RegExp][] = [
    ["empty fields", { loginId: "", email: "", password: "" }, 400, /This field is required/],
    ["a login ID with an @", { ...valid, loginId: "a@b" }, 400, /Use 3 to 32 letters/],
    ["a malformed e-mail", { ...valid, email: "not-an-address" }, 400, /name@example.com/],
    ["an over-long e-mail", { ...valid, email: `${"a".repeat(250)}@example.jp` }, 400, /too long/],
    ["a short password", { ...valid, password: "short" }, 400, /at least 12 characters/],
    [
      "a NUL byte in the password",
      { ...valid, password: "abc\u0000defghijklmnop" },
      400,
      /cannot be used/,
    ],
    ["a NUL byte in the login ID", { ...valid, loginId: "sab\u0000uro" }, 400, /cannot be used/],
    ["a 300-character password", { ...valid, password: "x".repeat(300) }, 400, /at most 256/],
  ];
  for (const [name, fields, status, message] of cases) {
    test(name, async () => {
      const portal = createTestPortal();
      const response = await new TestBrowser(portal).post("/register", fields);
      assert.equal(response.status, status);
      assert.match(response.text, message);
      assert.equal(await memberCount(portal), 0);
    });
  }

  test("a 1 MB password is refused as too large before anything is hashed", async () => {
    const portal = createTestPortal();
    const response = await new TestBrowser(portal).post("/register", {
      ...valid,
      password: "p".repeat(1 << 20),
    });
    assert.equal(response.status, 413);
    assert.match(response.text, /too large/);
    assert.equal(portal.hasher.calls(), 0);
    assert.equal(await memberCount(portal), 0);
  });

  test("a body that is not valid UTF-8 is refused", async () => {
    const portal = createTestPortal();
    const browser = new TestBrowser(portal);
    await browser.get("/register");
    const body = `csrfToken=${browser.csrfToken()}&loginId=saburo&email=saburo%40example.jp&password=%C3%28%FF%FEabcdefghijkl`;
    const response = await browser.request("/register", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "http://localhost:3000",
      },
      body,
    });
    assert.equal(response.status, 400);
    assert.match(response.text, /not valid UTF-8/);
    assert.equal(await memberCount(portal), 0);
  });

  test("a form sent as JSON is refused with 415", async () => {
    const portal = createTestPortal();
    const browser = new TestBrowser(portal);
    await browser.get("/register");
    const response = await browser.request("/register", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000" },
      body: JSON.stringify(valid),
    });
    assert.equal(response.status, 415);
    assert.equal(await memberCount(portal), 0);
  });
});
