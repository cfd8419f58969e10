import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { addCorpusSource } from "../src/breach/sources";
import { recordSignInAttempt } from "../src/defence/sign-in-events";
import { createOperationalFiguresCache, startFiguresRefresh } from "../src/operations/figures";
import { registerOperationsGauges } from "../src/operations/gauges";
import { createBulkResetJob } from "../src/resets/bulk-reset-jobs";
import { registerAndSignIn } from "./support/browser";
import { runRekey } from "./support/cli";
import { createTestPortal, type TestPortal, testOrigin } from "./support/harness";

const metricsToken = "m".repeat(40);

describe("the CLI in scripts", () => {
  test("KEY=$(rekey api-key create ...) captures only the key: logs go to standard error", async (t) => {
    const folder = mkdtempSync(join(tmpdir(), "rekey-cli-logs-"));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const environment = {
      // The corpus defaults to a file beside the database, built (and logged) at first use.
      REKEY_DB: join(folder, "rekey.db"),
      LOG_LEVEL: "info",
    };
    const created = await runRekey(["api-key", "create", "--name", "ci", "--scope", "bulk-reset"], {
      environment,
    });
    assert.equal(created.code, 0);
    assert.match(created.out, /^\S+\n$/, "standard output is the key and nothing else");
    assert.match(
      created.err,
      /"msg":"no breached-password corpus at the default path/,
      "logs on stderr",
    );
  });
});

describe("/metrics for the scraper", () => {
  test("a scrape sets no cookie", async () => {
    const portal = createTestPortal({ REKEY_METRICS_TOKEN: metricsToken });
    const scraped = await portal.app.request(`${testOrigin}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    assert.equal(scraped.status, 200);
    assert.equal(scraped.headers.get("set-cookie"), null);
  });
});

describe("gauges an on-call pages on", () => {
  async function scrape(portal: TestPortal): Promise<string> {
    const scraped = await portal.app.request(`${testOrigin}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    return scraped.text();
  }

  test("outbox depth and wait, bulk-reset jobs and IDs left, corpus version and age, loop heartbeats", async () => {
    const portal = createTestPortal({ REKEY_METRICS_TOKEN: metricsToken });
    const figures = createOperationalFiguresCache(portal.deps);
    registerOperationsGauges(portal.deps, figures);
    await registerAndSignIn(portal, { loginId: "hanako" });
    await createBulkResetJob(portal.deps, {
      identifiers: ["hanako", "nobody"],
      reason: "leak on a partner site",
      dryRun: false,
      revokeSessions: true,
      invalidatePassword: true,
      notifyMembers: true,
      source: "cli",
      actor: { kind: "cli" },
    });
    const loop = startFiguresRefresh(portal.deps, figures);
    await loop.stop();
    portal.clock.advanceByMinutes(5);

    const metrics = await scrape(portal);
    assert.match(metrics, /rekey_outbox_messages\{status="pending"\} 1\n/);
    assert.match(metrics, /rekey_outbox_messages\{status="failed"\} 0\n/);
    assert.match(metrics, /rekey_outbox_oldest_due_age_seconds 300\n/);
    assert.match(metrics, /rekey_bulk_reset_jobs\{status="pending"\} 1\n/);
    assert.match(metrics, /rekey_bulk_reset_items_remaining 2\n/);
    assert.match(
      metrics,
      new RegExp(`rekey_breach_corpus_info\\{version="${portal.deps.breachSource.version}"\\} 1`),
    );
    assert.match(metrics, /rekey_breach_corpus_age_seconds \d+/);
    // The corpus is a stack of sources: a fresh install has the packaged default only.
    assert.match(metrics, /rekey_breach_corpus_sources\{kind="packaged"\} 1\n/);
    assert.match(metrics, /rekey_breach_corpus_sources\{kind="combo-scan"\} 0\n/);
    assert.match(metrics, /rekey_breach_corpus_hashes [1-9]\d*\n/);
    const heartbeat =
      /rekey_background_loop_last_run_timestamp_seconds\{loop="operations figures"\} (\S+)/.exec(
        metrics,
      );
    assert.ok(heartbeat?.[1]);
    assert.ok(Math.abs(Number(heartbeat[1]) - Date.now() / 1000) < 60);
  });

  test("the corpus gauges follow its stack: a source added changes the version and the counts", async () => {
    const portal = createTestPortal({ REKEY_METRICS_TOKEN: metricsToken });
    registerOperationsGauges(portal.deps, createOperationalFiguresCache(portal.deps));
    const before = await scrape(portal);
    const hashesBefore = Number(/rekey_breach_corpus_hashes (\d+)/.exec(before)?.[1]);
    await addCorpusSource(portal.deps, {
      name: "leak.txt",
      kind: "combo-scan",
      passwords: ["a first leaked one", "a second leaked one"],
    });
    const after = await scrape(portal);
    assert.match(
      after,
      new RegExp(`rekey_breach_corpus_info\\{version="${portal.deps.breachSource.version}"\\} 1\n`),
    );
    assert.doesNotMatch(after, /rekey_breach_corpus_info\{[^}]*\} 1\nrekey_breach_corpus_info/);
    assert.match(after, /rekey_breach_corpus_sources\{kind="combo-scan"\} 1\n/);
    assert.match(after, new RegExp(`rekey_breach_corpus_hashes ${hashesBefore + 2}\n`));
  });

  test("a scrape reads cached figures and never queries the database", async () => {
    const portal = createTestPortal({ REKEY_METRICS_TOKEN: metricsToken });
    const figures = createOperationalFiguresCache(portal.deps);
    registerOperationsGauges(portal.deps, figures);
    await figures.refresh();
    await registerAndSignIn(portal, { loginId: "hanako" });
    assert.match(
      await scrape(portal),
      /rekey_outbox_messages\{status="pending"\} 0\n/,
      "the verification e-mail appears at the next refresh, not at the scrape",
    );
    await figures.refresh();
    assert.match(await scrape(portal), /rekey_outbox_messages\{status="pending"\} 1\n/);
  });

  test("sign-ins are counted by method and result where they are recorded", async () => {
    const portal = createTestPortal({ REKEY_METRICS_TOKEN: metricsToken });
    await registerAndSignIn(portal, { loginId: "hanako" });
    await recordSignInAttempt(portal.deps, {
      method: "passkey",
      result: "success",
      memberId: null,
      identifier: null,
      ipAddress: "198.51.100.7",
      userAgent: null,
    });
    const metrics = await scrape(portal);
    assert.match(metrics, /rekey_sign_in_attempts_total\{method="password",result="success"\} 1\n/);
    assert.match(metrics, /rekey_sign_in_attempts_total\{method="passkey",result="success"\} 1\n/);
  });
});
