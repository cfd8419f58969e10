import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { outboxMessage, passkeyChallenge, signInEvent } from "../src/db/schema";
import { evaluateDefenceNow, settleOnDemandEvaluation } from "../src/defence/monitor";
import { SoftwareAuthenticator } from "./support/authenticator";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { blockSource, capturingNotifiers } from "./support/defence";
import { createTestPortal, type TestPortal } from "./support/harness";
import { messageText } from "./support/mail";
import {
  enrolConfirmedPasskey,
  reauthenticateWithPasskey,
  signInWithPasskey,
} from "./support/passkeys";
import { createPersonas } from "./support/routes";

const firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const safari =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";

/** hanako signed in with her password from Firefox at 192.0.2.1 and enrolled a passkey there. */
async function memberWithPasskey(portal: TestPortal) {
  const usual = await registerAndSignIn(portal, {
    loginId: "hanako",
    ipAddress: "192.0.2.1",
    userAgent: firefox,
  });
  const authenticator = new SoftwareAuthenticator();
  assert.equal((await enrolConfirmedPasskey(portal, usual, authenticator)).status, 200);
  return { usual, authenticator };
}

/** The rows of a sign-in table: what happened, the method, device, address. */
function signInRows(html: string): string[][] {
  return [
    ...html.matchAll(
      /<tr><td>[^<]*<\/td><td><span class="badge \w+" data-sign-in-method="(\w+)" data-sign-in-outcome="[\w-]+">([^<]+)<\/span><\/td><td>([^<]+)<\/td><td>([^<]+)<\/td>/g,
    ),
  ].map((match) => [match[2] ?? "", match[1] ?? "", match[3] ?? "", match[4] ?? ""]);
}

async function eventsOf(portal: TestPortal) {
  await portal.deps.refusalBuffer.flush();
  const rows = await portal.deps.database.select().from(signInEvent).orderBy(signInEvent.id);
  return rows.map((row) => ({
    method: row.method,
    result: row.result,
    memberId: row.memberId,
    ipAddress: row.ipAddress,
  }));
}

async function countChallenges(portal: TestPortal): Promise<number> {
  return (await portal.deps.database.select().from(passkeyChallenge)).length;
}

describe("passkey sign-ins in the sign-in log", () => {
  test("a passkey sign-in and a passkey re-authentication appear on the activity page with method, device and address", async () => {
    const portal = createTestPortal();
    const { usual, authenticator } = await memberWithPasskey(portal);
    const phone = new TestBrowser(portal, { ipAddress: "198.51.100.4", userAgent: safari });
    assert.equal((await signInWithPasskey(phone, authenticator)).json.location, "/account");
    assert.equal(
      (await reauthenticateWithPasskey(phone, authenticator, "/account")).json.location,
      "/account",
    );

    const page = await usual.get("/account/activity");
    assert.equal(page.status, 200);
    assert.deepEqual(signInRows(page.text), [
      ["Confirmed it was you with a passkey", "passkey", "Safari · iOS", "198.51.100.4"],
      ["Signed in with a passkey", "passkey", "Safari · iOS", "198.51.100.4"],
      ["Signed in", "password", "Firefox · Windows", "192.0.2.1"],
    ]);
  });

  test("a failed passkey sign-in is logged against the member whose credential it named", async () => {
    const portal = createTestPortal();
    const { usual, authenticator } = await memberWithPasskey(portal);
    const memberId = (await eventsOf(portal))[0]?.memberId;
    assert.ok(memberId);
    const stranger = new TestBrowser(portal, { ipAddress: "198.51.100.9", userAgent: safari });

    // A signature made for another site, a counter that went backwards, a timed-out
    // challenge, and a credential nobody here owns.
    const foreign = await signInWithPasskey(stranger, authenticator, {
      origin: "https://evil.example",
    });
    assert.equal(foreign.status, 400);
    assert.equal((await signInWithPasskey(stranger, authenticator)).status, 200);
    assert.equal((await signInWithPasskey(stranger, authenticator, { counter: 0 })).status, 400);
    const options = await stranger.postJson("/login/passkey-options", {});
    portal.clock.advanceByMinutes(6);
    const late = await stranger.postJson("/login/passkey", {
      response: authenticator.getAssertion(options.json as never),
    });
    assert.equal(late.status, 400);
    const unknown = new SoftwareAuthenticator();
    assert.equal((await signInWithPasskey(stranger, unknown, { userHandle: "AAAA" })).status, 400);

    const passkeyEvents = (await eventsOf(portal)).filter((event) => event.method === "passkey");
    assert.deepEqual(
      passkeyEvents.map((event) => [event.result, event.memberId, event.ipAddress]),
      [
        ["invalid-passkey", memberId, "198.51.100.9"],
        ["success", memberId, "198.51.100.9"],
        ["invalid-passkey", memberId, "198.51.100.9"],
        ["challenge-failed", memberId, "198.51.100.9"],
        ["unknown-id", null, "198.51.100.9"],
      ],
    );
    const rows = signInRows((await usual.get("/account/activity")).text);
    assert.deepEqual(rows[rows.length - 2], [
      "Passkey not accepted",
      "passkey",
      "Safari · iOS",
      "198.51.100.9",
    ]);
  });

  test("investigation by network finds a member who signed in with a passkey", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const { authenticator } = await memberWithPasskey(portal);
    const intruder = new TestBrowser(portal, { ipAddress: "198.51.100.77" });
    assert.equal((await signInWithPasskey(intruder, authenticator)).status, 200);

    const query = new URLSearchParams({
      sources: "198.51.100.0/24",
      from: "2026-11-21T08:00",
      to: "2026-11-21T10:00",
    });
    const page = await administrator.get(`/admin/investigate?${query}`);
    assert.equal(page.status, 200);
    const signedIn = page.text.slice(page.text.indexOf("<h3>Signed in successfully</h3>"));
    assert.match(signedIn.split("<h3>")[1] ?? "", /<a href="\/admin\/members\/\d+">hanako<\/a>/);
  });
});

describe("passkey sign-ins and the new-device notice", () => {
  test("a passkey sign-in from a new device queues the e-mail; from a recognised device it does not", async () => {
    const portal = createTestPortal();
    const { usual, authenticator } = await memberWithPasskey(portal);
    const notices = () =>
      portal.deps.database
        .select()
        .from(outboxMessage)
        .where(eq(outboxMessage.kind, "new-sign-in"));

    assert.equal((await signInWithPasskey(usual, authenticator)).status, 200);
    assert.equal((await notices()).length, 0, "the usual browser is no news");

    const phone = new TestBrowser(portal, { ipAddress: "198.51.100.4", userAgent: safari });
    assert.equal((await signInWithPasskey(phone, authenticator)).status, 200);
    const [notice] = await notices();
    assert.equal(notice?.recipient, "hanako@example.jp");
    assert.match(messageText(notice), /Safari · iOS, 198\.51\.100\.4/);
    assert.ok(phone.cookies.has("rekey_device"), "the phone is remembered");

    // The same phone after a browser update: its device cookie still vouches for it.
    const updated = new TestBrowser(portal, {
      ipAddress: "198.51.100.4",
      userAgent: safari.replace("17_0", "18_1"),
    });
    for (const [name, value] of phone.cookies) updated.cookies.set(name, value);
    assert.equal((await signInWithPasskey(updated, authenticator)).status, 200);
    assert.equal((await notices()).length, 1);
  });

  test("a passkey sign-in is told through the same notifier as a password one", async () => {
    const captured = capturingNotifiers();
    const portal = createTestPortal({}, captured.overrides);
    const { authenticator } = await memberWithPasskey(portal);
    const phone = new TestBrowser(portal, { ipAddress: "198.51.100.4", userAgent: safari });
    await signInWithPasskey(phone, authenticator);
    assert.equal(captured.newSignIns.length, 1);
    assert.equal(captured.newSignIns[0]?.newDevice, true);
    assert.equal(captured.newSignIns[0]?.newNetwork, true);
  });
});

describe("passkey attempts in detection and metrics", () => {
  test("a wave of passkey attempts raises a spike alert and is counted in the metrics", async () => {
    const captured = capturingNotifiers();
    const portal = createTestPortal(
      { REKEY_SPIKE_MIN_PER_MINUTE: "20", REKEY_METRICS_TOKEN: "m".repeat(32) },
      captured.overrides,
    );
    // Credentials nobody enrolled, from sources that stay within their buckets.
    for (let source = 1; source <= 12; source++) {
      const bot = new TestBrowser(portal, { ipAddress: `198.51.100.${source}` });
      for (let attempt = 0; attempt < 2; attempt++) {
        const unknown = new SoftwareAuthenticator();
        assert.equal((await signInWithPasskey(bot, unknown, { userHandle: "AAAA" })).status, 400);
      }
    }
    await settleOnDemandEvaluation(portal.deps.database);
    await evaluateDefenceNow(portal.deps);
    assert.equal(captured.alerts.length, 1);
    assert.ok(captured.alerts[0]?.kinds.includes("attempt-rate"));

    const metrics = await new TestBrowser(portal).get("/metrics", {
      authorization: `Bearer ${"m".repeat(32)}`,
    });
    assert.match(
      metrics.text,
      /rekey_sign_in_attempts_total\{method="passkey",result="unknown-id"\} 24/,
    );
  });
});

describe("passkey sign-in options behind the source guard", () => {
  test("options from a blocked address are refused with a message and write no challenge", async () => {
    const portal = createTestPortal();
    await blockSource(portal, "198.51.100.0/24");
    const blocked = new TestBrowser(portal, { ipAddress: "198.51.100.7" });
    const answer = await blocked.postJson("/login/passkey-options", {});
    assert.equal(answer.status, 403);
    assert.match(String(answer.json.message), /blocked/);
    assert.equal(await countChallenges(portal), 0);
    assert.deepEqual(await eventsOf(portal), [
      { method: "passkey", result: "blocked", memberId: null, ipAddress: "198.51.100.7" },
    ]);
  });

  test("options beyond the per-address bucket get a 429 without a row, and share the password budget", async () => {
    const portal = createTestPortal({ REKEY_SIGN_IN_PER_ADDRESS_PER_MINUTE: "3" });
    const client = new TestBrowser(portal, { ipAddress: "198.51.100.7" });
    for (let call = 0; call < 3; call++) {
      assert.equal((await client.postJson("/login/passkey-options", {})).status, 200);
    }
    const refused = await client.postJson("/login/passkey-options", {});
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get("retry-after")) > 0);
    assert.match(String(refused.json.message), /too many attempts/);
    assert.equal(await countChallenges(portal), 3);
    const events = await eventsOf(portal);
    assert.deepEqual(
      events.map((event) => [event.method, event.result]),
      [["passkey", "throttled"]],
    );

    const password = await client.post("/login", { loginId: "hanako", password: memberPassword });
    assert.equal(password.status, 429, "the address spent its sign-in budget on passkey options");
  });
});
