import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { closeDatabase, openDatabase } from "../src/db/connection";
import { oidcClient, oidcKey } from "../src/db/schema";
import {
  deleteExpiredOidcKeys,
  loadOidcKeys,
  retiredKeyRetentionInSeconds,
} from "../src/oidc/keys";
import { runRekey } from "./support/cli";

describe("rekey oidc (command line)", () => {
  let folder: string;
  let environment: Record<string, string>;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), "rekey-oidc-cli-"));
    environment = { REKEY_DB: join(folder, "rekey.db") };
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  test("client add prints the ID and a secret that is stored only as a hash", async () => {
    const added = await runRekey(
      [
        "oidc",
        "client",
        "add",
        "--name",
        "Example shop",
        "--redirect-uri",
        "http://127.0.0.1:8080/callback",
        "--backchannel-logout-uri",
        "http://127.0.0.1:8080/backchannel-logout",
      ],
      { environment },
    );
    assert.equal(added.code, 0, added.err);
    const clientId = /client_id: (\S+)/.exec(added.out)?.[1];
    const secret = /client_secret: (\S+)/.exec(added.out)?.[1];
    assert.ok(clientId && secret);
    assert.ok(Buffer.from(secret, "base64url").length >= 32, "256 random bits");

    const database = openDatabase(environment.REKEY_DB ?? "");
    try {
      const [stored] = await database.select().from(oidcClient).where(eq(oidcClient.id, clientId));
      assert.ok(stored?.secretHash);
      assert.ok(!JSON.stringify(stored).includes(secret), "the secret itself is not stored");
      assert.deepEqual(JSON.parse(stored.redirectUris), ["http://127.0.0.1:8080/callback"]);
      assert.equal(stored.backchannelLogoutUri, "http://127.0.0.1:8080/backchannel-logout");
    } finally {
      closeDatabase(database);
    }
  });

  test("loopback http URIs are refused in production; a fragment or plain http host always", async () => {
    const production = {
      ...environment,
      NODE_ENV: "production",
      REKEY_ORIGIN: "https://portal.example.jp",
    };
    const loopback = await runRekey(
      ["oidc", "client", "add", "--name", "Shop", "--redirect-uri", "http://127.0.0.1:8080/cb"],
      { environment: production },
    );
    assert.equal(loopback.code, 1, loopback.out + loopback.err);
    assert.match(loopback.err, /redirect-uri/);
    for (const uri of ["http://shop.example.jp/cb", "https://shop.example.jp/cb#x"]) {
      const refused = await runRekey(
        ["oidc", "client", "add", "--name", "Shop", "--redirect-uri", uri],
        {
          environment,
        },
      );
      assert.equal(refused.code, 1, uri);
    }
    const missing = await runRekey(["oidc", "client", "add", "--name", "Shop"], { environment });
    assert.equal(missing.code, 2);
  });

  test("keys rotate: the new key signs, the old one stays published until its tokens expire", async () => {
    const first = await runRekey(["oidc", "keys", "rotate"], { environment });
    assert.equal(first.code, 0, first.err);
    const second = await runRekey(["oidc", "keys", "rotate"], { environment });
    const newKeyId = /New signing key: (\S+)/.exec(second.out)?.[1];
    assert.ok(newKeyId);

    const database = openDatabase(environment.REKEY_DB ?? "");
    try {
      const deps = { database, clock: { now: () => new Date() } };
      const keys = await loadOidcKeys(deps);
      assert.ok(keys.signingKeys.length >= 2, "retired keys stay in the key set");
      assert.equal(keys.signingKeys[0]?.kid, newKeyId, "the newest key signs");
      assert.equal(await deleteExpiredOidcKeys(deps), 0, "nothing retired long enough yet");
      const later = new Date(Date.now() + (retiredKeyRetentionInSeconds + 60) * 1000);
      await deleteExpiredOidcKeys({ database, clock: { now: () => later } });
      const left = await database.select().from(oidcKey).where(eq(oidcKey.purpose, "signing"));
      assert.deepEqual(
        left.map((key) => key.id),
        [newKeyId],
        "after the longest token lifetime only the signing key is left",
      );
    } finally {
      closeDatabase(database);
    }
  });
});
