import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createTestPortal } from "./support/harness";
import { concretePath, createPersonas, registeredRoutes } from "./support/routes";

describe("security headers and pages", () => {
  test("every page has a strict CSP, no inline script and no framing", async () => {
    const portal = createTestPortal();
    const { anonymous, member, administrator } = await createPersonas(portal);
    const gets = registeredRoutes(portal).filter(
      (route) => route.method === "GET" && route.path !== "/static/:file",
    );
    for (const browser of [anonymous, member, administrator]) {
      for (const route of gets) {
        const response = await browser.get(await concretePath(portal, route.path));
        const csp = response.headers.get("content-security-policy") ?? "";
        assert.match(csp, /default-src 'none'/, route.path);
        assert.match(csp, /script-src 'self'(;|$)/, route.path);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, route.path);
        assert.match(csp, /frame-ancestors 'none'/, route.path);
        assert.equal(response.headers.get("x-frame-options"), "DENY");
        assert.equal(response.headers.get("x-content-type-options"), "nosniff");
        assert.equal(response.headers.get("referrer-policy"), "same-origin");
        assert.equal(response.headers.get("strict-transport-security"), null, "no HSTS on http");
        assert.doesNotMatch(
          response.text,
          /<script(?![^>]*\bsrc=)[^>]*>/i,
          `${route.path}: inline script`,
        );
        assert.doesNotMatch(response.text, /\son[a-z]+="/i, `${route.path}: inline event handler`);
        assert.doesNotMatch(response.text, /style="/i, `${route.path}: inline style`);
      }
    }
  });

  test("an unexpected failure shows a plain 500 page with a reference and no stack trace", async () => {
    const portal = createTestPortal();
    const { member } = await createPersonas(portal);
    portal.deps.database.$client.close();
    const response = await member.get("/account");
    assert.equal(response.status, 500);
    assert.match(response.text, /Something went wrong on our side/);
    assert.match(response.text, /Reference: [0-9a-f-]{36}/);
    assert.doesNotMatch(response.text, /at \S+ \(|\.ts:\d+|TypeError|SqliteError/);
    assert.match(response.headers.get("cache-control") ?? "", /no-store/);
  });

  test("pages render in Japanese for a Japanese browser, and the switch changes the language", async () => {
    const portal = createTestPortal();
    const { anonymous } = await createPersonas(portal);
    const japanese = await anonymous.get("/login", {
      "accept-language": "ja-JP,ja;q=0.9,en;q=0.5",
    });
    assert.match(japanese.text, /<html lang="ja">/);
    assert.match(japanese.text, /ログイン/);
    assert.equal(japanese.headers.get("content-language"), "ja");
    assert.match(japanese.headers.get("vary") ?? "", /Accept-Language/);

    const switched = await anonymous.post("/language", { language: "en", next: "/login" });
    assert.equal(switched.location, "/login");
    const english = await anonymous.get("/login", { "accept-language": "ja" });
    assert.match(english.text, /<html lang="en">/);
    assert.match(english.text, /Sign in/);
  });

  test("an unknown language is refused with 400", async () => {
    const portal = createTestPortal();
    const { anonymous } = await createPersonas(portal);
    assert.equal((await anonymous.post("/language", { language: "xx" })).status, 400);
  });
});

describe("health", () => {
  test("liveness answers 200 without the database; readiness answers 503 once the database is gone", async () => {
    const portal = createTestPortal();
    const healthy = await portal.app.request("/healthz");
    assert.equal(healthy.status, 200);
    assert.deepEqual(await healthy.json(), { status: "ok" });
    assert.equal((await portal.app.request("/readyz")).status, 200);
    portal.deps.database.$client.close();
    assert.equal(await portal.deps.readiness.probeDatabase(), false);
    assert.equal((await portal.app.request("/healthz")).status, 200);
    const broken = await portal.app.request("/readyz");
    assert.equal(broken.status, 503);
    assert.equal((await broken.json()).database, "cannot-write");
  });
});
