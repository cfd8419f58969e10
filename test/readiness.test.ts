import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { pino } from "pino";
import { createPollingLoop } from "../src/background/polling-loop";
import { openDatabase } from "../src/db/connection";
import { isDatabaseUnavailableError } from "../src/db/write-probe";
import { messagesFor } from "../src/i18n";
import { registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal } from "./support/harness";

/** SQLite's own refusal to write (SQLITE_READONLY), switched on and off like a full disk. */
function refuseWrites(portal: ReturnType<typeof createTestPortal>, refuse: boolean): void {
  portal.deps.database.$client.pragma(`query_only = ${refuse ? "ON" : "OFF"}`);
}

describe("readiness when the database cannot write", () => {
  test("readyz turns 503 while writes fail, members get a 503 try-again page, and both recover", async () => {
    const portal = createTestPortal();
    const member = await registerAndSignIn(portal);
    assert.equal((await portal.app.request("/readyz")).status, 200);

    refuseWrites(portal, true);
    assert.equal(await portal.deps.readiness.probeDatabase(), false);
    const notReady = await portal.app.request("/readyz");
    assert.equal(notReady.status, 503);
    assert.deepEqual(await notReady.json(), {
      status: "not-ready",
      database: "cannot-write",
      breachCorpus: "ok",
      breachCorpusFile: "ok",
      stalledLoops: [],
    });
    // Liveness is not readiness: restarting would not give the disk space back.
    assert.equal((await portal.app.request("/healthz")).status, 200);

    const refused = await member.post("/language", { language: "ja", next: "/account" });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get("retry-after"), "30");
    assert.ok(refused.text.includes(messagesFor("en").errorTryAgainShortly));
    assert.equal(refused.headers.get("cache-control"), "no-store, private");

    const visitor = new TestBrowser(portal);
    await visitor.get("/", { "accept-language": "ja" });
    const refusedInJapanese = await visitor.post(
      "/register",
      { loginId: "hanako", email: "hanako@example.jp", password: "correct horse battery staple" },
      { headers: { "accept-language": "ja" } },
    );
    assert.equal(refusedInJapanese.status, 503);
    assert.ok(refusedInJapanese.text.includes(messagesFor("ja").errorTryAgainShortly));

    refuseWrites(portal, false);
    assert.equal(await portal.deps.readiness.probeDatabase(), true);
    assert.equal((await portal.app.request("/readyz")).status, 200);
    const accepted = await member.post("/language", { language: "ja", next: "/account" });
    assert.equal(accepted.status, 303);
  });

  test("a request whose write fails marks the instance not ready before the next probe", async () => {
    const portal = createTestPortal();
    const member = await registerAndSignIn(portal);
    refuseWrites(portal, true);
    assert.equal((await member.post("/language", { language: "ja" })).status, 503);
    assert.equal((await portal.app.request("/readyz")).status, 503);
  });

  test("a full disk (SQLITE_FULL from a capped database) counts as 'cannot write', not as a bug", () => {
    const database = openDatabase(":memory:");
    const client = database.$client;
    const pages = client.pragma("page_count", { simple: true });
    client.pragma(`max_page_count = ${pages}`);
    let full: unknown;
    try {
      client.prepare("insert into write_probe (id, probed_at) values (?, ?)").run(2, 0);
      client.exec(`create table filler (data blob); insert into filler values (zeroblob(1000000))`);
    } catch (error) {
      full = error;
    }
    assert.equal((full as { code?: string }).code, "SQLITE_FULL");
    assert.equal(isDatabaseUnavailableError(full), true);
    assert.equal(isDatabaseUnavailableError(new TypeError("a bug")), false);
    client.close();
  });
});

describe("readiness of background loops", () => {
  test("a loop without a good round for longer than it allows makes the instance not ready", async () => {
    const portal = createTestPortal();
    let failing = true;
    const loop = createPollingLoop({
      name: "test loop",
      logger: pino({ level: "silent" }),
      idleInMilliseconds: 5,
      staleAfterInMilliseconds: 40,
      round: async () => {
        if (failing) throw new Error("relay down");
        return { moreWork: false };
      },
    });
    loop.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 120));
      const stalled = await portal.app.request("/readyz");
      assert.equal(stalled.status, 503);
      assert.deepEqual((await stalled.json()).stalledLoops, ["test loop"]);
      failing = false;
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.equal((await portal.app.request("/readyz")).status, 200);
    } finally {
      await loop.stop();
    }
    assert.equal((await portal.app.request("/readyz")).status, 200);
  });
});
