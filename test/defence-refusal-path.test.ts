import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { jsx } from "hono/jsx";
import { pino } from "pino";
import { closeDeps, createDeps } from "../src/bootstrap";
import { loadConfig } from "../src/config";
import { closeDatabase, openDatabase } from "../src/db/connection";
import { signInEvent, signInMinute } from "../src/db/schema";
import { listActiveSourceBlocks } from "../src/defence/blocklist";
import { findBlockCovering } from "../src/defence/blocklist-match";
import { evaluateDefenceNow } from "../src/defence/monitor";
import { createRefusalBuffer } from "../src/defence/refusal-buffer";
import { minuteOf, recordSignInAttempt } from "../src/defence/sign-in-events";
import { readUnderAttackState, setUnderAttackSetting } from "../src/defence/state";
import { createSqliteThrottleStore } from "../src/defence/throttle-store";
import type { Deps } from "../src/deps";
import { type Language, messagesFor } from "../src/i18n";
import { loadStaticAssets } from "../src/web/static-assets";
import { ThrottledPage } from "../views/pages/throttled";
import { TestBrowser } from "./support/browser";
import { blockSource } from "./support/defence";
import { createTestPortal, ManualClock } from "./support/harness";

/** One source trying many e-mail IDs and being throttled each time: refusals only. */
async function recordThrottledWave(deps: Deps, options: { source: string; attempts: number }) {
  for (let index = 0; index < options.attempts; index++) {
    await recordSignInAttempt(deps, {
      method: "password",
      result: "throttled",
      memberId: null,
      identifier: { kind: "email", hash: Buffer.from([0, index]) },
      ipAddress: options.source,
      userAgent: "stuffing-bot/1.0",
    });
  }
}

const countRows = async (deps: Deps) => (await deps.database.select().from(signInEvent)).length;

describe("refusals are logged in batches", () => {
  test("refused attempts wait in memory, and a detection pass writes and counts them first", async () => {
    const portal = createTestPortal({ REKEY_AUTO_BLOCK_ACCOUNTS: "10" });
    await recordThrottledWave(portal.deps, { source: "203.0.113.50", attempts: 12 });
    assert.equal(await countRows(portal.deps), 0, "nothing written per refusal");
    assert.equal(portal.deps.refusalBuffer.pending(), 12);

    const evaluation = await evaluateDefenceNow(portal.deps);
    assert.deepEqual(evaluation?.autoBlocked, ["203.0.113.50/32"]);
    assert.equal(await countRows(portal.deps), 12);
    const [minute] = await portal.deps.database.select().from(signInMinute);
    assert.deepEqual(minute, {
      minute: minuteOf(portal.clock.now()),
      attempts: 12,
      successes: 0,
      rejected: 12,
    });
  });

  test("a batch is written by the refusal that finds it due (500 rows, or a second old)", async () => {
    const portal = createTestPortal();
    await recordThrottledWave(portal.deps, { source: "203.0.113.51", attempts: 499 });
    assert.equal(await countRows(portal.deps), 0);
    await recordThrottledWave(portal.deps, { source: "203.0.113.51", attempts: 1 });
    assert.equal(await countRows(portal.deps), 500);

    await recordThrottledWave(portal.deps, { source: "203.0.113.51", attempts: 3 });
    portal.clock.advanceByMinutes(1);
    await recordThrottledWave(portal.deps, { source: "203.0.113.51", attempts: 1 });
    assert.equal(await countRows(portal.deps), 504);
    assert.equal(portal.deps.refusalBuffer.pending(), 0);
  });

  test("an attempt that reached a password check is written at once, after the refusals before it", async () => {
    const portal = createTestPortal({ REKEY_SIGN_IN_PER_ADDRESS_PER_MINUTE: "1" });
    const browser = new TestBrowser(portal, { ipAddress: "203.0.113.52" });
    const first = await browser.post("/login", {
      loginId: "a@example.jp",
      password: "guess one 1",
    });
    const second = await browser.post("/login", {
      loginId: "b@example.jp",
      password: "guess two 2",
    });
    assert.deepEqual([first.status, second.status], [401, 429]);
    assert.equal(await countRows(portal.deps), 1, "the checked attempt is in the log already");

    portal.clock.advanceByMinutes(1);
    const third = await browser.post("/login", { loginId: "c@example.jp", password: "guess 3 33" });
    assert.equal(third.status, 401);
    const rows = await portal.deps.database.select().from(signInEvent).orderBy(signInEvent.id);
    assert.deepEqual(
      rows.map((row) => row.result),
      ["unknown-id", "throttled", "unknown-id"],
    );
  });

  test("blocklist hits are added up and reach the attack view", async () => {
    const portal = createTestPortal();
    await blockSource(portal, "198.51.100.0/24");
    const blocked = new TestBrowser(portal, { ipAddress: "198.51.100.9" });
    for (let index = 0; index < 3; index++) {
      const response = await blocked.post("/login", { loginId: "x", password: "guess a 123" });
      assert.equal(response.status, 403);
    }
    const [unwritten] = await listActiveSourceBlocks(portal.deps, 10);
    assert.equal(unwritten?.hits, 0);
    portal.clock.advanceByMinutes(1);
    await blocked.post("/register", { loginId: "y", email: "y@example.jp", password: "x" });
    const [block] = await listActiveSourceBlocks(portal.deps, 10);
    assert.equal(block?.hits, 4);
    assert.equal(block?.lastHitAt?.getTime(), portal.clock.now().getTime());
  });

  test("what is still buffered is written when the portal shuts down, and detection sees it", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-refusals-"));
    try {
      const config = loadConfig({
        NODE_ENV: "test",
        REKEY_DB: join(folder, "rekey.db"),
        REKEY_AUTO_BLOCK_ACCOUNTS: "10",
      });
      const clock = new ManualClock();
      const logger = pino({ level: "silent" });
      const first = createDeps(config, { clock, logger });
      await recordThrottledWave(first, { source: "203.0.113.53", attempts: 20 });
      await closeDeps(first);

      const restarted = createDeps(config, { clock, logger });
      try {
        assert.equal(await countRows(restarted), 20);
        const evaluation = await evaluateDefenceNow(restarted);
        assert.deepEqual(evaluation?.autoBlocked, ["203.0.113.53/32"]);
      } finally {
        await closeDeps(restarted);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("refusal pages", () => {
  /** The page as the JSX renderer makes it for a visitor who is not signed in. */
  function renderInFull(options: {
    language: Language;
    csrfToken: string;
    path: string;
    retryAfterInSeconds: number | null;
  }): string {
    const assets = loadStaticAssets([
      "app.css",
      "passkeys.js",
      "strength-meter.js",
      "strength-engine.js",
    ]);
    const page = {
      messages: messagesFor(options.language),
      language: options.language,
      csrfToken: options.csrfToken,
      member: null,
      currentPath: options.path,
      stylesheetHref: assets.pathFor("app.css"),
      passkeyScriptHref: assets.pathFor("passkeys.js"),
      alerts: [],
      strengthMeter: {
        scriptHref: assets.pathFor("strength-meter.js"),
        engineHref: assets.pathFor("strength-engine.js"),
      },
    };
    return String(
      jsx(ThrottledPage, {
        page,
        retryAfterInSeconds: options.retryAfterInSeconds,
        blocked: options.retryAfterInSeconds === null,
      }),
    );
  }

  test("the prepared 429 and 403 pages are the full pages, byte for byte, in both languages", async () => {
    const portal = createTestPortal({ REKEY_SIGN_IN_PER_ADDRESS_PER_MINUTE: "1" });
    await blockSource(portal, "198.51.100.0/24");
    for (const language of ["en", "ja"] as const) {
      const headers = { "accept-language": language };
      const browser = new TestBrowser(portal, {
        ipAddress: `203.0.113.${language === "en" ? 60 : 61}`,
      });
      await browser.post(
        "/login",
        { loginId: "a@example.jp", password: "guess one 1" },
        { headers },
      );
      const throttled = await browser.post(
        "/login",
        { loginId: "b@example.jp", password: "guess two 2" },
        { headers },
      );
      assert.equal(throttled.status, 429);
      const retryAfterInSeconds = Number(throttled.headers.get("retry-after"));
      assert.ok(retryAfterInSeconds > 0);
      assert.equal(throttled.headers.get("cache-control"), "no-store, private");
      assert.match(throttled.headers.get("vary") ?? "", /Cookie/);
      assert.equal(throttled.headers.get("content-language"), language);
      const csrfToken = browser.csrfToken() ?? assert.fail();
      assert.equal(
        throttled.text,
        renderInFull({ language, csrfToken, path: "/login", retryAfterInSeconds }),
      );

      const blockedBrowser = new TestBrowser(portal, { ipAddress: "198.51.100.7" });
      const blocked = await blockedBrowser.post(
        "/register",
        { loginId: "c", email: "c@example.jp", password: "guess three 3" },
        { headers },
      );
      assert.equal(blocked.status, 403);
      assert.equal(blocked.headers.get("cache-control"), "no-store, private");
      assert.equal(
        blocked.text,
        renderInFull({
          language,
          csrfToken: blockedBrowser.csrfToken() ?? assert.fail(),
          path: "/register",
          retryAfterInSeconds: null,
        }),
      );
    }
  });
});

describe("the per-process memo in front of the shared buckets", () => {
  const at = (seconds: number) => new Date(Date.UTC(2026, 10, 21, 9) + seconds * 1000);
  const perMinute = { perMinute: 1, burst: 1 };

  test("it never refuses once the bucket has refilled", async () => {
    const store = createSqliteThrottleStore(openDatabase(":memory:"));
    assert.deepEqual(await store.takeToken("k", perMinute, at(0)), { admitted: true });
    assert.deepEqual(await store.takeToken("k", perMinute, at(1)), {
      admitted: false,
      retryAfterInSeconds: 59,
    });
    assert.equal((await store.takeToken("k", perMinute, at(59))).admitted, false);
    assert.deepEqual(await store.takeToken("k", perMinute, at(60)), { admitted: true });
  });

  test("two processes share one budget through the database", async () => {
    const database = openDatabase(":memory:");
    const first = createSqliteThrottleStore(database);
    const second = createSqliteThrottleStore(database);
    const limit = { perMinute: 60, burst: 2 };
    assert.equal((await first.takeToken("k", limit, at(0))).admitted, true);
    assert.equal((await second.takeToken("k", limit, at(0))).admitted, true);
    assert.equal((await first.takeToken("k", limit, at(0))).admitted, false);
    assert.equal((await second.takeToken("k", limit, at(0))).admitted, false);
  });

  test("with or without it, every check gets the same answer, across instances, limits and clean-ups", async () => {
    // Two instances on one database with the memo, two on another without: the same requests
    // at the same times, limits switching as under-attack mode would, must meet the same fate.
    const withMemo = openDatabase(":memory:");
    const without = openDatabase(":memory:");
    const instances = [
      [createSqliteThrottleStore(withMemo), createSqliteThrottleStore(without, { memoEntries: 0 })],
      [createSqliteThrottleStore(withMemo), createSqliteThrottleStore(without, { memoEntries: 0 })],
    ] as const;
    const limits = [
      { perMinute: 10, burst: 10 },
      { perMinute: 2.5, burst: 2 },
      { perMinute: 60, burst: 3 },
    ];
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    let milliseconds = 0;
    const answers = { refused: 0, admitted: 0 };
    for (let step = 0; step < 3000; step++) {
      milliseconds += random(4000);
      const now = at(milliseconds / 1000);
      const [memoized, plain] = instances[random(2)] ?? assert.fail();
      if (random(200) === 0) {
        await memoized.deleteStaleEntries(now, { forgetAfterInSeconds: 86_400 });
        await plain.deleteStaleEntries(now, { forgetAfterInSeconds: 86_400 });
      }
      const key = `sign-in:address:198.51.100.${random(3)}`;
      const limit = limits[Math.floor(milliseconds / 120_000) % limits.length] ?? assert.fail();
      const expected = await plain.takeToken(key, limit, now);
      const actual = await memoized.takeToken(key, limit, now);
      assert.equal(actual.admitted, expected.admitted, `step ${step}`);
      if (!actual.admitted && !expected.admitted) {
        assert.ok(actual.retryAfterInSeconds <= expected.retryAfterInSeconds, `step ${step}`);
      }
      answers[actual.admitted ? "admitted" : "refused"]++;
    }
    assert.ok(answers.refused > 500 && answers.admitted > 500, JSON.stringify(answers));
  });
});

describe("the under-attack switch", () => {
  test("a switch on this instance applies at once, one on another instance within a second", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-state-"));
    try {
      const path = join(folder, "rekey.db");
      const here = openDatabase(path);
      const elsewhere = openDatabase(path);
      let milliseconds = Date.UTC(2026, 10, 21, 9);
      const clock = { now: () => new Date(milliseconds) };
      const active = async () => (await readUnderAttackState({ database: here, clock })).active;
      assert.equal(await active(), false);
      await setUnderAttackSetting(here, "on");
      assert.equal(await active(), true, "this instance's own switch");

      await setUnderAttackSetting(elsewhere, "off");
      milliseconds += 999;
      assert.equal(await active(), true, "read less than a second ago");
      milliseconds += 1;
      assert.equal(await active(), false, "another instance's switch, a second later");
      closeDatabase(here);
      closeDatabase(elsewhere);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("blocklist matching", () => {
  test("single addresses are found by lookup and ranges by the matcher, each only while in force", async () => {
    const portal = createTestPortal();
    await blockSource(portal, "203.0.113.7", { expiresInMinutes: 5 });
    await blockSource(portal, "198.51.0.0/16");
    await blockSource(portal, "198.51.100.9", { expiresInMinutes: 1 });
    await blockSource(portal, "2001:db8:1::/48", { expiresInMinutes: 10 });
    const blockedId = async (address: string) =>
      (await findBlockCovering(portal.deps, address))?.id ?? null;
    const ids = new Map(
      (await listActiveSourceBlocks(portal.deps, 10)).map((entry) => [entry.cidr, entry.id]),
    );
    assert.equal(await blockedId("203.0.113.7"), ids.get("203.0.113.7/32"));
    assert.equal(await blockedId("::ffff:203.0.113.7"), ids.get("203.0.113.7/32"));
    assert.equal(await blockedId("203.0.113.8"), null);
    assert.equal(await blockedId("198.51.100.9"), ids.get("198.51.100.9/32"));
    assert.equal(await blockedId("198.51.7.7"), ids.get("198.51.0.0/16"));
    assert.equal(await blockedId("2001:db8:1:ff::1"), ids.get("2001:db8:1::/48"));
    assert.equal(await blockedId("2001:db8:2::1"), null);

    portal.clock.advanceByMinutes(2);
    assert.equal(
      await blockedId("198.51.100.9"),
      ids.get("198.51.0.0/16"),
      "an expired address block falls back to the range around it",
    );
    portal.clock.advanceByMinutes(4);
    assert.equal(await blockedId("203.0.113.7"), null, "expired");
  });
});

describe("a refusal batch the database cannot take", () => {
  test("is kept for the next flush, and the request that flushed it does not fail", async () => {
    const portal = createTestPortal();
    const failures: number[] = [];
    const buffer = createRefusalBuffer(portal.deps.database, {
      maximumRows: 500,
      maximumAgeInMilliseconds: 1000,
      onMinuteCounted: () => undefined,
      onWriteFailed: (_error, pending) => failures.push(pending),
    });
    const row = {
      occurredAt: portal.clock.now(),
      method: "password" as const,
      result: "throttled" as const,
      identifierKind: "email" as const,
      memberId: null,
      identifierHash: null,
      ipAddress: "203.0.113.9",
      ipBytes: null,
      networkPrefix: null,
      userAgent: null,
    };
    buffer.addEvent(row);
    buffer.addEvent(row);
    const client = portal.deps.database.$client;
    client.exec("alter table sign_in_event rename to sign_in_event_away");
    await buffer.flush();
    assert.deepEqual(failures, [2]);
    assert.equal(buffer.pending(), 2);
    client.exec("alter table sign_in_event_away rename to sign_in_event");
    buffer.addEvent(row);
    await buffer.flush();
    assert.equal(buffer.pending(), 0);
    const written = await portal.deps.database.select().from(signInEvent);
    assert.equal(written.filter((event) => event.ipAddress === "203.0.113.9").length, 3);
  });
});
