import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { runInNewContext } from "node:vm";
import { signInEvent } from "../src/db/schema";
import { setUnderAttackSetting } from "../src/defence/state";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { challengeOf, solveProofOfWork } from "./support/defence";
import { createTestPortal } from "./support/harness";

/** A portal in manual under-attack mode, with an easy challenge so tests stay fast. */
async function portalUnderAttack(cost = "1") {
  const portal = createTestPortal({ REKEY_PROOF_OF_WORK_COST: cost });
  await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "192.0.2.1" });
  await setUnderAttackSetting(portal.deps.database, "on");
  return portal;
}

describe("under-attack mode", () => {
  test("the sign-in form carries a challenge and an external, fingerprinted solver script", async () => {
    const portal = await portalUnderAttack();
    const page = await new TestBrowser(portal).get("/login");
    assert.ok(challengeOf(page.text));
    const script = /<script src="(\/static\/proof-of-work\.[0-9a-f]{16}\.js)" defer="">/.exec(
      page.text,
    );
    assert.ok(script?.[1], "the solver is a fingerprinted static file");
    assert.doesNotMatch(page.text, /<script>|<script [^>]*>[^<]/, "no inline script");
    assert.doesNotMatch(page.text, /\sstyle=/, "no inline style");
    const asset = await new TestBrowser(portal).get(script[1]);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get("content-type") ?? "", /text\/javascript/);
  });

  test("a sign-in without a valid proof of work is refused before argon2; a solved one passes once", async () => {
    const portal = await portalUnderAttack();
    const browser = new TestBrowser(portal, { ipAddress: "203.0.113.1" });
    const page = await browser.get("/login");
    const before = portal.hasher.calls();
    const without = await browser.post("/login", { loginId: "hanako", password: memberPassword });
    assert.equal(without.status, 400);
    assert.match(without.text, /security check did not complete/);
    assert.equal(portal.hasher.calls(), before);

    const solved = await solveProofOfWork(page.text);
    const signedIn = await browser.post("/login", {
      loginId: "hanako",
      password: memberPassword,
      altcha: solved,
    });
    assert.equal(signedIn.status, 303);

    const replay = await new TestBrowser(portal, { ipAddress: "203.0.113.2" }).post("/login", {
      loginId: "hanako",
      password: memberPassword,
      altcha: solved,
    });
    assert.equal(replay.status, 400, "a solution is single-use");
    // Refusals reach the log in batches; the attack view and detection flush before reading.
    await portal.deps.refusalBuffer.flush();
    const results = (await portal.deps.database.select().from(signInEvent)).map(
      (row) => row.result,
    );
    assert.deepEqual(results.slice(-3), ["challenge-failed", "success", "challenge-failed"]);
  });

  test("tampered and expired challenges are refused", async () => {
    const portal = await portalUnderAttack();
    const browser = new TestBrowser(portal, { ipAddress: "203.0.113.1" });
    const decoded = JSON.parse(
      Buffer.from(await solveProofOfWork((await browser.get("/login")).text), "base64").toString(),
    );
    decoded.challenge.parameters.keyPrefix = "0";
    const tampered = Buffer.from(JSON.stringify(decoded)).toString("base64");
    const answer = await browser.post("/login", {
      loginId: "hanako",
      password: memberPassword,
      altcha: tampered,
    });
    assert.equal(answer.status, 400);

    const expiring = await solveProofOfWork((await browser.get("/login")).text);
    portal.clock.advanceByMinutes(11);
    const late = await browser.post("/login", {
      loginId: "hanako",
      password: memberPassword,
      altcha: expiring,
    });
    assert.equal(late.status, 400);
    const garbage = await browser.post("/login", {
      loginId: "hanako",
      password: memberPassword,
      altcha: "%%%",
    });
    assert.equal(garbage.status, 400);
  });

  test("the page's own script solves the challenge in a browser-like sandbox", async () => {
    // Several PBKDF2 iterations, so the script's own SHA-256 and HMAC chain are checked
    // against altcha-lib's verification on the server.
    const portal = await portalUnderAttack("25");
    const browser = new TestBrowser(portal, { ipAddress: "203.0.113.1" });
    const challenge =
      challengeOf((await browser.get("/login")).text) ?? assert.fail("no challenge");
    const field = { value: "" };
    const status = { textContent: "", getAttribute: (name: string) => name };
    const form = { addEventListener: () => {} };
    const box = {
      closest: () => form,
      getAttribute: () => challenge,
      querySelector: (selector: string) => (selector.includes("altcha") ? field : status),
    };
    const source = readFileSync(
      new URL("../views/static/proof-of-work.js", import.meta.url),
      "utf8",
    );
    runInNewContext(source, { document: { querySelector: () => box }, btoa, setTimeout });
    for (let wait = 0; wait < 1000 && field.value === ""; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(status.textContent, "data-done");
    const signedIn = await browser.post("/login", {
      loginId: "hanako",
      password: memberPassword,
      altcha: field.value,
    });
    assert.equal(signedIn.status, 303);
  });

  test("a member on a recognised device is not asked for the proof of work", async () => {
    const portal = createTestPortal();
    const owner = await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "192.0.2.1" });
    await setUnderAttackSetting(portal.deps.database, "on");
    const response = await owner.post("/login", { loginId: "hanako", password: memberPassword });
    assert.equal(response.status, 303);
  });

  test("throttles are tightened: an address gets a quarter of its usual budget", async () => {
    const portal = await portalUnderAttack();
    const browser = new TestBrowser(portal, { ipAddress: "203.0.113.50" });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const solved = await solveProofOfWork((await browser.get("/login")).text);
      statuses.push(
        (
          await browser.post("/login", {
            loginId: `id${attempt}`,
            password: "guess password 1",
            altcha: solved,
          })
        ).status,
      );
    }
    assert.deepEqual(statuses, [401, 401, 429]);
  });
});
