import assert from "node:assert/strict";
import { describe, test } from "node:test";
import CachePolicy from "http-cache-semantics";
import { createBulkResetJob } from "../src/resets/bulk-reset-jobs";
import type { PageResponse, TestBrowser } from "./support/browser";
import { createTestPortal, testOrigin } from "./support/harness";
import { concretePath, createPersonas, registeredRoutes } from "./support/routes";

function sharedCacheCouldStore(
  method: string,
  path: string,
  browser: TestBrowser,
  response: PageResponse,
): boolean {
  const requestHeaders: Record<string, string> = {};
  if (browser.cookies.size > 0) requestHeaders.cookie = "present";
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    responseHeaders[name] = value;
  });
  const policy = new CachePolicy(
    { url: new URL(path, testOrigin).href, method, headers: requestHeaders },
    { status: response.status, headers: responseHeaders },
    { shared: true },
  );
  return policy.storable();
}

function assertNeverStored(
  label: string,
  method: string,
  path: string,
  browser: TestBrowser,
  response: PageResponse,
) {
  const cacheControl = response.headers.get("cache-control") ?? "";
  assert.match(cacheControl, /no-store/, `${label}: Cache-Control ${cacheControl}`);
  assert.match(cacheControl, /private/, `${label}: Cache-Control ${cacheControl}`);
  assert.match(response.headers.get("vary") ?? "", /\bCookie\b/i, `${label}: Vary`);
  assert.equal(
    sharedCacheCouldStore(method, path, browser, response),
    false,
    `${label}: storable by a shared cache`,
  );
}

describe("no personal or cookie-setting response is storable by a shared cache", () => {
  test("every registered route, as an anonymous visitor, a member and an administrator", async () => {
    const portal = createTestPortal();
    const personas = await createPersonas(portal);
    // Sign-out goes last, so the personas stay signed in for every other route.
    const routes = registeredRoutes(portal).sort(
      (a, b) => Number(a.path === "/logout") - Number(b.path === "/logout"),
    );
    assert.ok(routes.length >= 15, `walked ${routes.length} routes`);
    let checked = 0;

    for (const route of routes) {
      const path = await concretePath(portal, route.path);
      for (const [persona, browser] of Object.entries(personas)) {
        const response =
          route.method === "GET" ? await browser.get(path) : await browser.post(path, {});
        const label = `${persona} ${route.method} ${path} -> ${response.status}`;
        if (route.path === "/static/:file") {
          assert.equal(response.status, 200, label);
          assert.equal(
            response.headers.get("cache-control"),
            "public, max-age=31536000, immutable",
          );
          assert.equal(
            response.setCookies.length,
            0,
            `${label}: a public asset never sets a cookie`,
          );
        } else {
          assertNeverStored(label, route.method, path, browser, response);
        }
        checked++;
      }
    }
    assert.equal(checked, routes.length * 3);
  });

  test("redirects, 404s, 403s and error pages are never storable either", async () => {
    const portal = createTestPortal();
    const { anonymous, member } = await createPersonas(portal);
    const cases: [TestBrowser, string][] = [
      [anonymous, "/account"],
      [anonymous, "/no-such-page"],
      [member, "/admin"],
      [member, "/static/app.0000000000000000.css"],
      [anonymous, "/setup/not-a-token"],
    ];
    for (const [browser, path] of cases) {
      const response = await browser.get(path);
      assertNeverStored(`GET ${path} -> ${response.status}`, "GET", path, browser, response);
    }
  });
});

describe("web cache deception", () => {
  for (const path of [
    "/account/x.css",
    "/account;.css",
    "/account/",
    "/account.css",
    "/account%2Fx.css",
    "/account/..%2Fstatic.js",
  ]) {
    // Encoded slashes are refused before routing (test/request-target.test.ts), the rest find no route.
    const expectedStatus = /%2f/i.test(path) ? 400 : 404;
    test(`${path} is a ${expectedStatus} that shows nothing of the member`, async () => {
      const portal = createTestPortal();
      const { member } = await createPersonas(portal);
      const response = await member.get(path);
      assert.equal(response.status, expectedStatus);
      assert.doesNotMatch(response.text, /member@example\.jp/);
      assert.doesNotMatch(response.text, /data-field=/);
      assertNeverStored(path, "GET", path, member, response);
    });
  }
});

describe("personal-data exports", () => {
  test("no registered route but the fingerprinted static files ends in a file extension", () => {
    const portal = createTestPortal();
    const withExtension = registeredRoutes(portal)
      .map((route) => route.path)
      .filter((path) => path !== "/static/:file" && /\.[A-Za-z0-9]+$/.test(path));
    assert.deepEqual(withExtension, []);
  });

  test("the audit, investigation and unknown-ID exports answer at extension-less paths only", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const job = await createBulkResetJob(portal.deps, {
      identifiers: ["nobody"],
      reason: "leaked list from another site",
      dryRun: false,
      revokeSessions: true,
      invalidatePassword: true,
      notifyMembers: true,
      source: "cli",
      actor: { kind: "cli" },
    });
    const investigation = "sources=192.0.2.1&from=2026-11-20T00%3A00&to=2026-11-21T09%3A00";
    const exports = [
      ["/admin/audit/export", "/admin/audit.csv"],
      [`/admin/investigate/export?${investigation}`, `/admin/investigate.csv?${investigation}`],
      [`/admin/resets/${job.id}/unknown/export`, `/admin/resets/${job.id}/unknown.csv`],
    ];
    for (const [path, oldPath] of exports as [string, string][]) {
      const response = await administrator.get(path);
      assert.equal(response.status, 200, `${path}: ${response.text.slice(0, 200)}`);
      assert.match(response.headers.get("content-type") ?? "", /^text\/csv/, path);
      assertNeverStored(path, "GET", path, administrator, response);
      assert.equal((await administrator.get(oldPath)).status, 404, oldPath);
    }
  });
});
