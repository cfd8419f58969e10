import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { openDatabase } from "../src/db/connection";
import { sourceBlock } from "../src/db/schema";
import { raiseAlerts } from "../src/defence/alerts";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { runRekey } from "./support/cli";
import { createTestPortal } from "./support/harness";
import { createPersonas } from "./support/routes";

const metricsToken = "m".repeat(40);

describe("the attack view", () => {
  test("only an administrator with a recent sign-in sees it", async () => {
    const portal = createTestPortal();
    const { anonymous, member, administrator } = await createPersonas(portal);
    assert.equal((await anonymous.get("/admin/attacks")).status, 303);
    assert.equal((await member.get("/admin/attacks")).status, 403);
    const page = await administrator.get("/admin/attacks");
    assert.equal(page.status, 200);
    assert.match(page.text, /<svg class="chart-svg" viewBox="0 0 640 220" role="img"/);
    assert.doesNotMatch(page.text, /\sstyle=/, "CSP-safe: no inline styles");
    portal.clock.advanceByMinutes(11);
    assert.equal((await administrator.get("/admin/attacks")).status, 200, "watching an attack");
    const action = await administrator.post("/admin/attacks/mode", { setting: "on" });
    assert.match(action.location ?? "", /^\/reauthenticate/);
  });

  test("an administrator blocks, imports and removes sources, and sees the hits", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const added = await administrator.post("/admin/attacks/blocks", {
      cidr: "198.51.100.0/24",
      reason: "botnet",
      expiresInHours: "24",
    });
    assert.equal(added.location, "/admin/attacks?notice=added");
    const invalid = await administrator.post("/admin/attacks/blocks", {
      cidr: "198.51.100.0/33",
      reason: "",
    });
    assert.equal(invalid.status, 400);
    assert.match(invalid.text, /Enter an IPv4 or IPv6 address or CIDR range/);
    assert.match(invalid.text, /value="198.51.100.0\/33"/, "what was typed is kept");

    const imported = await administrator.post("/admin/attacks/blocks/import", {
      list: "# FireHOL style\n203.0.113.0/25 ; comment\n2001:db8:bad::/48\nnot-an-address\n",
      reason: "shared list",
      expiresInHours: "",
      permanent: "on",
      // 203.0.113.0/25 holds the administrator's own test address (203.0.113.10).
      confirmOwnAddress: "on",
    });
    assert.equal(imported.location, "/admin/attacks?notice=imported&count=2&skipped=1");

    await new TestBrowser(portal, { ipAddress: "203.0.113.5" }).post("/login", {
      loginId: "x",
      password: "y",
    });
    const page = (await administrator.get("/admin/attacks?notice=imported&count=2&skipped=1")).text;
    assert.match(page, /2 entries imported, 1 lines skipped/);
    assert.match(
      page,
      /<td>203.0.113.0\/25<\/td><td>shared list<\/td><td>imported list<\/td><td>never<\/td><td>1<\/td>/,
    );
    assert.match(page, /<td>198.51.100.0\/24<\/td><td>botnet<\/td><td>administrator<\/td>/);

    const [row] = await portal.deps.database.select().from(sourceBlock);
    const removed = await administrator.post("/admin/attacks/blocks/remove", {
      blockId: String(row?.id),
    });
    assert.equal(removed.location, "/admin/attacks?notice=removed");
    assert.equal((await portal.deps.database.select().from(sourceBlock)).length, 2);
  });

  test("members who signed in from a now-blocked source are listed and exported as CSV", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    await registerAndSignIn(portal, {
      loginId: "victim",
      email: "=victim@example.jp",
      ipAddress: "192.0.2.60",
    });
    await administrator.post("/admin/attacks/blocks", { cidr: "192.0.2.0/24", reason: "wave" });
    const page = await administrator.get("/admin/attacks");
    assert.match(page.text, /<td>victim<\/td><td>=victim@example.jp<\/td><td>1<\/td>/);
    const csv = await administrator.get("/admin/attacks/affected/export?hours=3");
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
    assert.match(csv.headers.get("content-disposition") ?? "", /attachment/);
    assert.match(csv.headers.get("cache-control") ?? "", /no-store/);
    const lines = csv.text.trim().split("\r\n");
    assert.equal(lines[0], "login_id,email,successful_sign_ins,last_success_at");
    assert.match(lines[1] ?? "", /^victim,"'=victim@example.jp",1,2026-11-21T09:00:00.000Z$/);
  });

  test("administrators switch under-attack mode, and open alerts show as a banner on admin pages", async () => {
    const portal = createTestPortal();
    const { administrator, member } = await createPersonas(portal);
    assert.equal((await administrator.post("/admin/attacks/mode", { setting: "on" })).status, 303);
    assert.match((await administrator.get("/admin/attacks")).text, /data-under-attack="on"/);
    assert.equal(
      (await administrator.post("/admin/attacks/mode", { setting: "maybe" })).status,
      400,
    );

    await raiseAlerts(
      portal.deps,
      new Map([
        [
          "failure-ratio",
          {
            attemptsPerMinute: 500,
            baselineAttemptsPerMinute: 3,
            failureRatio: 0.97,
            baselineFailureRatio: 0.1,
          },
        ],
      ]),
    );
    const overview = await administrator.get("/admin");
    assert.match(overview.text, /class="alert-banner" role="alert"/);
    assert.match(overview.text, /Failed sign-ins: 97% \(normal: 10%\)/);
    assert.doesNotMatch((await member.get("/account")).text, /alert-banner/);
    portal.clock.advanceByMinutes(16);
    await administrator.post("/reauthenticate", { password: memberPassword, next: "/admin" });
    assert.doesNotMatch((await administrator.get("/admin")).text, /alert-banner/);
  });

  test("rekey block import reads a list from a file", async () => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-block-"));
    try {
      const list = join(folder, "drop.txt");
      writeFileSync(list, "; Spamhaus DROP style\n192.0.2.0/24 ; SBL1\n198.51.100.9\nbogus\n");
      const databasePath = join(folder, "rekey.db");
      const { code, out, err } = await runRekey(
        ["block", "import", list, "--expires-in-hours", "48"],
        {
          environment: { REKEY_DB: databasePath },
        },
      );
      assert.equal(code, 0, err);
      assert.match(out, /Imported 2 blocks \(1 lines skipped\)/);
      assert.match(err, /skipped line 4: bogus/);
      const database = openDatabase(databasePath);
      const rows = await database.select().from(sourceBlock);
      assert.deepEqual(rows.map((row) => row.cidr).sort(), ["192.0.2.0/24", "198.51.100.9/32"]);
      assert.ok(rows.every((row) => row.origin === "import" && row.expiresAt));
      database.$client.close();
      const usage = await runRekey(["block", "import"], {
        environment: { REKEY_DB: databasePath },
      });
      assert.equal(usage.code, 2);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("/metrics", () => {
  test("does not exist unless a token or an allowlist is configured", async () => {
    const portal = createTestPortal();
    assert.equal((await new TestBrowser(portal).get("/metrics")).status, 404);
  });

  test("with a token, answers only a matching bearer token, with real counters", async () => {
    const portal = createTestPortal({ REKEY_METRICS_TOKEN: metricsToken });
    await registerAndSignIn(portal, { loginId: "hanako" });
    await new TestBrowser(portal).post("/login", {
      loginId: "hanako",
      password: "wrong password 1",
    });
    const scraper = new TestBrowser(portal);
    assert.equal((await scraper.get("/metrics")).status, 401);
    assert.equal(
      (await scraper.get("/metrics", { authorization: `Bearer ${"x".repeat(40)}` })).status,
      401,
    );
    const metrics = await scraper.get("/metrics", { authorization: `Bearer ${metricsToken}` });
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get("content-type") ?? "", /text\/plain/);
    assert.match(
      metrics.text,
      /rekey_sign_in_attempts_total\{method="password",result="success"\} 1/,
    );
    assert.match(
      metrics.text,
      /rekey_sign_in_attempts_total\{method="password",result="wrong-password"\} 1/,
    );
    assert.match(metrics.text, /rekey_under_attack 0/);
  });

  test("with an allowlist, answers only listed addresses; with both, both are required", async () => {
    const portal = createTestPortal({ REKEY_METRICS_ALLOW: "127.0.0.1, 10.0.0.0/8" });
    assert.equal(
      (await new TestBrowser(portal, { ipAddress: "203.0.113.1" }).get("/metrics")).status,
      403,
    );
    assert.equal(
      (await new TestBrowser(portal, { ipAddress: "10.1.2.3" }).get("/metrics")).status,
      200,
    );
    const both = createTestPortal({
      REKEY_METRICS_ALLOW: "10.0.0.0/8",
      REKEY_METRICS_TOKEN: metricsToken,
    });
    const inside = new TestBrowser(both, { ipAddress: "10.1.2.3" });
    assert.equal((await inside.get("/metrics")).status, 401);
    assert.equal(
      (await inside.get("/metrics", { authorization: `Bearer ${metricsToken}` })).status,
      200,
    );
    const outside = new TestBrowser(both, { ipAddress: "203.0.113.1" });
    assert.equal(
      (await outside.get("/metrics", { authorization: `Bearer ${metricsToken}` })).status,
      403,
    );
  });
});
