import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { listClients } from "../src/oidc/clients";
import { createTestPortal } from "./support/harness";
import { createPersonas } from "./support/routes";

describe("connected services in the admin console (/admin/oidc)", () => {
  test("an administrator registers a service and sees its secret once; only its hash is kept", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const created = await administrator.post("/admin/oidc", {
      name: "Example shop",
      redirectUris: "https://shop.example.jp/callback\nhttps://shop.example.jp/other",
      postLogoutRedirectUris: "",
      backchannelLogoutUri: "https://shop.example.jp/backchannel-logout",
      "scope-email": "on",
      firstParty: "on",
    });
    assert.equal(created.status, 200);
    assert.match(created.headers.get("cache-control") ?? "", /no-store/);
    const secret = /data-client-secret="true">([^<]+)</.exec(created.text)?.[1];
    assert.ok(secret, "the secret is shown in the answer to the POST");

    const [stored] = await listClients(portal.deps);
    assert.ok(stored);
    assert.equal(stored.name, "Example shop");
    assert.equal(stored.firstParty, true);
    assert.equal(stored.allowedScopes, "openid email", "only the scopes ticked");
    assert.deepEqual(JSON.parse(stored.redirectUris), [
      "https://shop.example.jp/callback",
      "https://shop.example.jp/other",
    ]);
    assert.ok(!JSON.stringify(stored).includes(secret));

    const listed = await administrator.get("/admin/oidc");
    assert.ok(listed.text.includes(stored.id));
    assert.ok(!listed.text.includes(secret), "never shown again");

    const removed = await administrator.post(`/admin/oidc/${stored.id}/delete`, {});
    assert.equal(removed.status, 303);
    assert.equal((await listClients(portal.deps)).length, 0);
  });

  test("a plain-http or fragment redirect URI is refused with the form kept", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const refused = await administrator.post("/admin/oidc", {
      name: "Shop",
      redirectUris: "http://shop.example.jp/callback",
    });
    assert.equal(refused.status, 400);
    assert.ok(refused.text.includes("http://shop.example.jp/callback"));
    assert.equal((await listClients(portal.deps)).length, 0);
  });

  test("members and visitors cannot reach the page; the Japanese page is in Japanese", async () => {
    const portal = createTestPortal();
    const { administrator, member, anonymous } = await createPersonas(portal);
    assert.notEqual((await member.get("/admin/oidc")).status, 200);
    assert.notEqual((await anonymous.get("/admin/oidc")).status, 200);
    const posted = await member.post("/admin/oidc", {
      name: "Shop",
      redirectUris: "https://shop.example.jp/callback",
    });
    assert.notEqual(posted.status, 200);
    assert.equal((await listClients(portal.deps)).length, 0);
    const japanese = await administrator.get("/admin/oidc", { "accept-language": "ja" });
    assert.ok(japanese.text.includes("連携サービス"));
  });
});
