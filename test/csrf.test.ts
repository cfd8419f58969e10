import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createTestPortal, testOrigin } from "./support/harness";
import { concretePath, createPersonas, registeredRoutes } from "./support/routes";

describe("cross-site requests are refused on every form", () => {
  const attacks: [
    string,
    (token: string | undefined) => { headers: Record<string, string>; token?: string },
  ][] = [
    [
      "an Origin of another site",
      (token) => ({ headers: { origin: "https://evil.example" }, token }),
    ],
    [
      "Sec-Fetch-Site cross-site",
      (token) => ({ headers: { "sec-fetch-site": "cross-site" }, token }),
    ],
    [
      "Sec-Fetch-Site same-site (a sibling subdomain)",
      (token) => ({ headers: { "sec-fetch-site": "same-site" }, token }),
    ],
    ["an opaque Origin: null", (token) => ({ headers: { origin: "null" }, token })],
    ["no Origin, no fetch metadata and no token", () => ({ headers: {} })],
    [
      "no Origin, no fetch metadata and a forged token",
      () => ({ headers: {}, token: "A".repeat(43) }),
    ],
  ];

  for (const [name, attack] of attacks) {
    test(name, async () => {
      const portal = createTestPortal();
      const { member } = await createPersonas(portal);
      // The admin API ignores cookies (bearer keys only), and the RFC 8058 one-click unsubscribe
      // URL is authenticated by its token alone (tested below), so cross-site requests carry
      // no authority there.
      const posts = registeredRoutes(portal).filter(
        (route) =>
          route.method === "POST" &&
          !route.path.startsWith("/admin/api/") &&
          !route.path.startsWith("/reminders/unsubscribe/"),
      );
      assert.ok(posts.length >= 6);
      for (const route of posts) {
        const path = await concretePath(portal, route.path);
        const { headers, token } = attack(member.csrfToken());
        const body = new URLSearchParams({
          loginId: "member",
          password: "x",
          language: "ja",
          sessionId: "x",
        });
        if (token) body.set("csrfToken", token);
        const response = await member.request(path, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
          body: body.toString(),
        });
        assert.equal(response.status, 403, `${route.path} answered ${response.status}`);
        assert.match(response.text, /expired or was sent from another site/);
      }
      assert.equal((await member.get("/account")).status, 200, "the member is still signed in");
    });
  }

  test("a same-origin form without fetch metadata is accepted when it carries the token", async () => {
    const portal = createTestPortal();
    const { member } = await createPersonas(portal);
    const body = new URLSearchParams({
      csrfToken: member.csrfToken() ?? "",
      language: "ja",
      next: "/",
    });
    const response = await member.request("/language", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
    assert.equal(response.status, 303);
  });

  test("a form from our own origin with the token is accepted", async () => {
    const portal = createTestPortal();
    const { member } = await createPersonas(portal);
    const response = await member.post(
      "/language",
      { language: "ja", next: "/" },
      { headers: { origin: testOrigin } },
    );
    assert.equal(response.status, 303);
  });

  test("the admin API is not reachable with an administrator's cookies alone", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const response = await administrator.request("/admin/api/bulk-resets", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ loginIds: ["member"], reason: "x" }),
    });
    assert.equal(response.status, 401);
  });

  test("the one-click unsubscribe URL, exempt from the CSRF check, needs a valid token", async () => {
    const portal = createTestPortal();
    const { member } = await createPersonas(portal);
    for (const token of [`${"A".repeat(22)}.${"B".repeat(43)}`, "x", ""]) {
      const response = await member.request(`/reminders/unsubscribe/${token}`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: "https://evil.example",
        },
        body: "List-Unsubscribe=One-Click",
      });
      assert.equal(response.status, 404, `token ${JSON.stringify(token)}`);
    }
    const account = await member.get("/account");
    assert.match(account.text, /data-field="reminders">On</, "reminders are still on");
  });

  test("sign-out is not possible with GET", async () => {
    const portal = createTestPortal();
    const { member } = await createPersonas(portal);
    assert.equal((await member.get("/logout")).status, 404);
    assert.equal((await member.get("/account")).status, 200);
  });
});
