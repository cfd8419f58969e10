import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { listActiveSourceBlocks } from "../src/defence/blocklist";
import { evaluateDefenceNow, settleOnDemandEvaluation } from "../src/defence/monitor";
import { recordSignInAttempt, type SignInResult } from "../src/defence/sign-in-events";
import { readUnderAttackState } from "../src/defence/state";
import { claimLease } from "../src/jobs/lease";
import { TestBrowser } from "./support/browser";
import { capturingNotifiers } from "./support/defence";
import { createTestPortal, type TestPortal } from "./support/harness";

const waveSettings = { REKEY_SPIKE_MIN_PER_MINUTE: "20", REKEY_AUTO_BLOCK_ACCOUNTS: "5" };

/** An hour of ordinary traffic: three attempts a minute, one of them a typo. */
async function seedQuietHour(portal: TestPortal) {
  for (let minute = 0; minute < 60; minute++) {
    for (const result of ["success", "success", "wrong-password"] as SignInResult[]) {
      await recordSignInAttempt(portal.deps, {
        method: "password",
        result,
        memberId: null,
        identifier: null,
        ipAddress: `192.0.2.${minute + 1}`,
        userAgent: null,
      });
    }
    portal.clock.advanceByMinutes(1);
  }
}

/** Six sources, each trying six different e-mail IDs once: the stuffing signature. */
async function replayComboList(portal: TestPortal, round: number) {
  for (let source = 1; source <= 6; source++) {
    const attacker = new TestBrowser(portal, { ipAddress: `198.51.100.${source}` });
    for (let account = 1; account <= 6; account++) {
      await attacker.post("/login", {
        loginId: `victim${round}-${source}-${account}@example.jp`,
        password: "123456789012",
      });
    }
  }
}

describe("spike detection and automatic blocks", () => {
  test("a simulated wave raises exactly one alert notice, blocks its sources and turns on under-attack mode", async () => {
    const notices = capturingNotifiers();
    const portal = createTestPortal(waveSettings, notices.overrides);
    await seedQuietHour(portal);
    const quiet = await evaluateDefenceNow(portal.deps);
    assert.deepEqual(quiet?.alerts, [], "ordinary traffic raises nothing");

    await replayComboList(portal, 1);
    await settleOnDemandEvaluation(portal.deps.database);
    assert.equal(notices.alerts.length, 1, "the wave itself triggered the evaluation");
    // The background loop keeps evaluating while the wave goes on: no second notice.
    for (let tick = 0; tick < 5; tick++) {
      portal.clock.advanceByMinutes(1);
      await evaluateDefenceNow(portal.deps);
    }
    assert.equal(notices.alerts.length, 1);
    const [notice] = notices.alerts;
    assert.deepEqual(notice?.kinds.sort(), ["attempt-rate", "failure-ratio"]);
    assert.equal(notice?.attackViewUrl.href, "http://localhost:3000/admin/attacks");

    const blocks = await listActiveSourceBlocks(portal.deps, 100);
    assert.deepEqual(
      blocks.map((block) => block.cidr).sort(),
      [1, 2, 3, 4, 5, 6].map((source) => `198.51.100.${source}/32`),
    );
    for (const block of blocks) {
      assert.equal(block.origin, "automatic");
      assert.ok(block.expiresAt, "automatic blocks expire");
      assert.match(block.reason, /6 accounts, 1\.0 tries each, 0% success, 100% e-mail IDs/);
    }
    const before = portal.hasher.calls();
    const again = await new TestBrowser(portal, { ipAddress: "198.51.100.3" }).post("/login", {
      loginId: "someone@example.jp",
      password: "123456789012",
    });
    assert.equal(again.status, 403);
    assert.equal(portal.hasher.calls(), before);

    assert.ok((await readUnderAttackState(portal.deps)).active);
    assert.match((await new TestBrowser(portal).get("/login")).text, /data-proof-of-work=/);
  });

  test("an alert kind is e-mailed again only after 15 minutes", async () => {
    const notices = capturingNotifiers();
    const portal = createTestPortal(waveSettings, notices.overrides);
    await seedQuietHour(portal);
    const waveMinute = async () => {
      for (let attempt = 0; attempt < 40; attempt++) {
        await recordSignInAttempt(portal.deps, {
          method: "password",
          result: "unknown-id",
          memberId: null,
          identifier: null,
          ipAddress: "203.0.113.9",
          userAgent: null,
        });
      }
      await evaluateDefenceNow(portal.deps);
      portal.clock.advanceByMinutes(1);
    };
    for (let minute = 0; minute < 15; minute++) await waveMinute();
    assert.equal(notices.alerts.length, 1);
    await waveMinute();
    assert.equal(notices.alerts.length, 2);
  });

  test("a busy NAT where members sign in successfully is not mistaken for stuffing", async () => {
    const portal = createTestPortal(waveSettings);
    for (let member = 0; member < 12; member++) {
      await recordSignInAttempt(portal.deps, {
        method: "password",
        result: "success",
        memberId: null,
        identifier: { kind: "email", hash: Buffer.from([0, member]) },
        ipAddress: "192.0.2.200",
        userAgent: null,
      });
    }
    const evaluation = await evaluateDefenceNow(portal.deps);
    assert.deepEqual(evaluation?.autoBlocked, []);
  });

  test("two processes never evaluate at once: the detection lease is exclusive until it expires", async () => {
    const portal = createTestPortal();
    assert.ok(
      await claimLease(portal.deps, {
        name: "defence-detection",
        holder: "other-process",
        durationInSeconds: 60,
      }),
    );
    assert.equal(await evaluateDefenceNow(portal.deps), null);
    portal.clock.advanceByMinutes(2);
    assert.ok(
      await evaluateDefenceNow(portal.deps),
      "a lease left by a dead process is taken over",
    );
  });
});
