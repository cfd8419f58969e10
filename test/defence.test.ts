import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, test } from "node:test";
import { pino } from "pino";
import { signInEvent } from "../src/db/schema";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { blockSource } from "./support/defence";
import { createTestPortal, type TestPortal } from "./support/harness";

const withoutCsrf = (html: string) => html.replace(/name="csrfToken" value="[^"]*"/g, "");

/** Posts a sign-in from its own address, so only the per-account delay is in play. */
let nextHost = 1;
async function signInFromFreshAddress(portal: TestPortal, loginId: string, password: string) {
  const host = nextHost++;
  const browser = new TestBrowser(portal, { ipAddress: `192.0.${host % 250}.${(host >> 8) + 1}` });
  const callsBefore = portal.hasher.calls();
  const response = await browser.post("/login", { loginId, password });
  return { response, argon2Calls: portal.hasher.calls() - callsBefore };
}

describe("per-address and per-network throttles", () => {
  test("the 11th sign-in from one address within a minute is a 429 with Retry-After, and never reaches argon2", async () => {
    const portal = createTestPortal();
    const browser = new TestBrowser(portal, { ipAddress: "198.51.100.20" });
    for (let index = 0; index < 10; index++) {
      const before = portal.hasher.calls();
      const response = await browser.post("/login", {
        loginId: `id${index}`,
        password: "wrong password 1",
      });
      assert.equal(response.status, 401);
      assert.equal(portal.hasher.calls() - before, 1);
    }
    const before = portal.hasher.calls();
    const throttled = await browser.post("/login", {
      loginId: "id10",
      password: "wrong password 1",
    });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get("retry-after"), "6");
    assert.match(throttled.text, /too many attempts/i);
    assert.equal(portal.hasher.calls(), before, "no argon2 work for a throttled request");

    portal.clock.advanceByMinutes(1);
    const later = await browser.post("/login", { loginId: "id11", password: "wrong password 1" });
    assert.equal(later.status, 401, "the bucket refills with time");
  });

  test("a /24 network shares one budget across its addresses", async () => {
    const portal = createTestPortal({ REKEY_SIGN_IN_PER_NETWORK_PER_MINUTE: "5" });
    for (let host = 1; host <= 5; host++) {
      const response = await new TestBrowser(portal, { ipAddress: `203.0.113.${host}` }).post(
        "/login",
        { loginId: `id${host}`, password: "wrong password 1" },
      );
      assert.equal(response.status, 401);
    }
    const before = portal.hasher.calls();
    const sameNetwork = await new TestBrowser(portal, { ipAddress: "203.0.113.99" }).post(
      "/login",
      {
        loginId: "id99",
        password: "wrong password 1",
      },
    );
    assert.equal(sameNetwork.status, 429);
    assert.equal(portal.hasher.calls(), before);
    const otherNetwork = await new TestBrowser(portal, { ipAddress: "203.0.114.1" }).post(
      "/login",
      {
        loginId: "id99",
        password: "wrong password 1",
      },
    );
    assert.equal(otherNetwork.status, 401);
  });

  test("registration is throttled per address before the password policy or argon2 runs", async () => {
    const portal = createTestPortal();
    const browser = new TestBrowser(portal, { ipAddress: "198.51.100.30" });
    for (let index = 0; index < 5; index++) {
      const response = await browser.post("/register", {
        loginId: `newcomer${index}`,
        email: `newcomer${index}@example.jp`,
        password: memberPassword,
      });
      assert.equal(response.status, 303);
    }
    const before = portal.hasher.calls();
    const throttled = await browser.post("/register", {
      loginId: "newcomer5",
      email: "newcomer5@example.jp",
      password: memberPassword,
    });
    assert.equal(throttled.status, 429);
    assert.ok(Number(throttled.headers.get("retry-after")) > 0);
    assert.equal(portal.hasher.calls(), before);
  });
});

describe("the per-account delay", () => {
  test("5 failures are free, then the wait doubles from 30 seconds up to 15 minutes, never a lock", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "198.51.100.1" });
    for (let attempt = 0; attempt < 5; attempt++) {
      const { response } = await signInFromFreshAddress(portal, "hanako", "wrong password 1");
      assert.equal(response.status, 401, `free attempt ${attempt + 1}`);
    }
    const expectedWaits = [30, 60, 120, 240, 480, 900, 900];
    for (const wait of expectedWaits) {
      const { response, argon2Calls } = await signInFromFreshAddress(
        portal,
        "hanako",
        "wrong password 1",
      );
      assert.equal(response.status, 429);
      assert.equal(response.headers.get("retry-after"), String(wait));
      assert.equal(argon2Calls, 0);
      portal.clock.advanceByMinutes(wait / 60);
      const admitted = await signInFromFreshAddress(portal, "hanako", "wrong password 1");
      assert.equal(admitted.response.status, 401, `admitted again after ${wait} s`);
    }
  });

  test("a throttled answer is the same for the right and the wrong password", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "198.51.100.1" });
    for (let attempt = 0; attempt < 5; attempt++) {
      await signInFromFreshAddress(portal, "hanako", "wrong password 1");
    }
    const right = await signInFromFreshAddress(portal, "hanako", memberPassword);
    const wrong = await signInFromFreshAddress(portal, "hanako", "wrong password 2");
    assert.equal(right.response.status, 429);
    assert.equal(wrong.response.status, 429);
    assert.equal(withoutCsrf(right.response.text), withoutCsrf(wrong.response.text));
    assert.deepEqual(right.response.setCookies, wrong.response.setCookies);
    assert.equal(right.argon2Calls + wrong.argon2Calls, 0);
  });

  test("unknown IDs are delayed exactly like real ones, so the delay reveals no account", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "198.51.100.1" });
    const statuses = async (loginId: string) => {
      const seen: number[] = [];
      for (let attempt = 0; attempt < 7; attempt++) {
        seen.push(
          (await signInFromFreshAddress(portal, loginId, "wrong password 1")).response.status,
        );
      }
      return seen;
    };
    assert.deepEqual(await statuses("hanako"), await statuses("nobody-here"));
  });

  test("a successful sign-in resets the counter", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "198.51.100.1" });
    for (let attempt = 0; attempt < 4; attempt++) {
      await signInFromFreshAddress(portal, "hanako", "wrong password 1");
    }
    assert.equal(
      (await signInFromFreshAddress(portal, "hanako", memberPassword)).response.status,
      303,
    );
    for (let attempt = 0; attempt < 5; attempt++) {
      const { response } = await signInFromFreshAddress(portal, "hanako", "wrong password 1");
      assert.equal(response.status, 401, `free again: attempt ${attempt + 1}`);
    }
    assert.equal(
      (await signInFromFreshAddress(portal, "hanako", "wrong password 1")).response.status,
      429,
    );
  });

  test("the owner on their usual device still signs in while an attacker has driven up the delay", async () => {
    const portal = createTestPortal();
    const owner = await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "198.51.100.1" });
    assert.ok(owner.cookies.get("rekey_device"), "a device cookie is left at sign-in");
    for (let attempt = 0; attempt < 8; attempt++) {
      await signInFromFreshAddress(portal, "hanako", "wrong password 1");
    }
    assert.equal(
      (await signInFromFreshAddress(portal, "hanako", memberPassword)).response.status,
      429,
    );
    const usual = await owner.post("/login", { loginId: "hanako", password: memberPassword });
    assert.equal(usual.status, 303);
  });

  test("re-authentication is throttled the same way, so a stolen session is no password oracle", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal, {
      loginId: "hanako",
      ipAddress: "198.51.100.1",
    });
    browser.cookies.delete("rekey_device");
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await browser.post("/reauthenticate", { password: "wrong password 1" });
      assert.equal(response.status, 401);
    }
    const before = portal.hasher.calls();
    const throttled = await browser.post("/reauthenticate", { password: memberPassword });
    assert.equal(throttled.status, 429);
    assert.equal(portal.hasher.calls(), before);
  });
});

describe("blocked sources and the password-check capacity", () => {
  test("a blocked source gets 403 without argon2 work, and the hit is counted", async () => {
    const portal = createTestPortal();
    await blockSource(portal, "198.51.100.0/24");
    const blocked = new TestBrowser(portal, { ipAddress: "198.51.100.77" });
    const before = portal.hasher.calls();
    const signIn = await blocked.post("/login", {
      loginId: "someone",
      password: "guess password 1",
    });
    const register = await blocked.post("/register", {
      loginId: "someone",
      email: "someone@example.jp",
      password: memberPassword,
    });
    assert.equal(signIn.status, 403);
    assert.equal(register.status, 403);
    assert.match(signIn.text, /blocked/);
    assert.equal(portal.hasher.calls(), before);
    // Hits are added up in memory and written in batches, as the attack view does first.
    await portal.deps.refusalBuffer.flush();
    const [row] = await portal.deps.database.query.sourceBlock.findMany();
    assert.equal(row?.hits, 2);
    const outside = new TestBrowser(portal, { ipAddress: "198.51.101.1" });
    assert.equal(
      (await outside.post("/login", { loginId: "x1", password: "guess password 1" })).status,
      401,
    );
  });

  test("when every slot for unrecognised clients is busy, the next is a 429 and does not queue for argon2", async () => {
    const portal = createTestPortal();
    const owner = await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "198.51.100.1" });
    const held = [
      portal.deps.untrustedPasswordChecks.tryAcquire(),
      portal.deps.untrustedPasswordChecks.tryAcquire(),
    ];
    try {
      const before = portal.hasher.calls();
      const stranger = await new TestBrowser(portal, { ipAddress: "203.0.113.5" }).post("/login", {
        loginId: "hanako",
        password: memberPassword,
      });
      assert.equal(stranger.status, 429);
      assert.equal(stranger.headers.get("retry-after"), "1");
      assert.equal(portal.hasher.calls(), before);
      const usual = await owner.post("/login", { loginId: "hanako", password: memberPassword });
      assert.equal(usual.status, 303, "a recognised device does not wait for the busy slots");
    } finally {
      for (const release of held) release?.();
    }
  });
});

describe("the order of the checks", () => {
  test("attempts turned away for want of a password-check slot do not count against the account", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "198.51.100.1" });
    const held = [
      portal.deps.untrustedPasswordChecks.tryAcquire(),
      portal.deps.untrustedPasswordChecks.tryAcquire(),
    ];
    for (let attempt = 0; attempt < 8; attempt++) {
      const { response } = await signInFromFreshAddress(portal, "hanako", "wrong password 1");
      assert.equal(response.status, 429);
    }
    for (const release of held) release?.();
    const { response, argon2Calls } = await signInFromFreshAddress(
      portal,
      "hanako",
      "wrong password 1",
    );
    assert.equal(response.status, 401, "the account's free attempts are untouched");
    assert.equal(argon2Calls, 1);
  });
});

describe("the sign-in event log", () => {
  test("every attempt is logged with its result and identifier kind, never with the password", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, {
      loginId: "hanako",
      email: "hanako@example.jp",
      ipAddress: "198.51.100.1",
    });
    const browser = new TestBrowser(portal, {
      ipAddress: "2001:db8:1:2::7",
      userAgent: "curl/8.0",
    });
    await browser.post("/login", { loginId: "hanako@example.jp", password: "secret guess 42" });
    await browser.post("/login", { loginId: "ghost", password: "secret guess 43" });
    const rows = await portal.deps.database.select().from(signInEvent);
    assert.deepEqual(
      rows.map((row) => [row.result, row.identifierKind, row.memberId !== null]),
      [
        ["success", "login-id", true],
        ["wrong-password", "email", true],
        ["unknown-id", "login-id", false],
      ],
    );
    assert.equal(rows[1]?.ipAddress, "2001:db8:1:2::7");
    assert.equal(rows[1]?.networkPrefix, "2001:db8:1::/56");
    assert.equal(rows[1]?.userAgent, "curl/8.0");
    const stored = JSON.stringify(rows);
    for (const secret of ["secret guess", memberPassword, "ghost", "hanako@example.jp"]) {
      assert.ok(!stored.includes(secret), `${secret} is not stored`);
    }
  });

  test("each attempt's result joins its request's JSON log line, without the password or the ID", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...chunk.toString().trim().split("\n"));
        done();
      },
    });
    const portal = createTestPortal({}, { logger: pino({ level: "info" }, sink) });
    await new TestBrowser(portal, { ipAddress: "198.51.100.8" }).post("/login", {
      loginId: "someone@example.jp",
      password: "secret guess 44",
    });
    const entries = lines.map((line) => JSON.parse(line));
    const entry = entries.find((candidate) => candidate.signIn);
    assert.ok(entry, "a log line carries the sign-in");
    assert.equal(entry.route, "/login");
    assert.match(entry.requestId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(entry.signIn, {
      method: "password",
      result: "unknown-id",
      identifierKind: "email",
      ipAddress: "198.51.100.8",
    });
    assert.ok(!lines.join("\n").includes("secret guess"));
    assert.ok(!lines.join("\n").includes("someone@example.jp"));
  });
});
