import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, loadConfig } from "../src/config";

describe("configuration", () => {
  test("defaults run a local portal on 127.0.0.1:3000 with data/rekey.db", () => {
    const config = loadConfig({});
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.port, 3000);
    assert.equal(config.databasePath, "data/rekey.db");
    assert.equal(config.origin.origin, "http://localhost:3000");
    assert.equal(config.environment, "development");
  });

  test("every bad value is reported at once, by name", () => {
    assert.throws(
      () => loadConfig({ PORT: "eighty", REKEY_ORIGIN: "portal.example.jp", NODE_ENV: "staging" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /PORT="eighty"/.test(error.message) &&
        /REKEY_ORIGIN="portal.example.jp"/.test(error.message) &&
        /NODE_ENV="staging"/.test(error.message),
    );
  });

  test("an origin with a path is refused, since links and cookies are built from it", () => {
    assert.throws(() => loadConfig({ REKEY_ORIGIN: "https://example.jp/portal" }), /origin only/);
  });

  test("production refuses an http origin", () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: "production", REKEY_ORIGIN: "http://portal.example.jp" }),
      /https origin/,
    );
    assert.equal(
      loadConfig({ NODE_ENV: "production", REKEY_ORIGIN: "https://portal.example.jp" }).origin
        .protocol,
      "https:",
    );
  });

  test("production requires TLS from an smtp:// relay unless the operator opts out", () => {
    const production = { NODE_ENV: "production", REKEY_ORIGIN: "https://portal.example.jp" };
    const relay = { SMTP_URL: "smtp://relay.example.jp:587" };
    assert.equal(loadConfig({ ...production, ...relay }).mail.requireTls, true);
    assert.equal(
      loadConfig({ ...production, ...relay, SMTP_REQUIRE_TLS: "false" }).mail.requireTls,
      false,
    );
    assert.equal(loadConfig(relay).mail.requireTls, false, "a local relay in development");
    assert.throws(
      () => loadConfig({ ...production, SMTP_URL: "smtp://relay.example.jp:587?ignoreTLS=true" }),
      /SMTP_URL=.*SMTP_REQUIRE_TLS/,
    );
  });
});
