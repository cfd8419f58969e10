import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { apiKeyScopes } from "../src/admin/api-key-scopes";
import { createApiKey } from "../src/admin/api-keys";
import { ConfigError, loadConfig } from "../src/config";
import { SoftwareAuthenticator } from "./support/authenticator";
import { memberPassword, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import {
  enrolConfirmedPasskey,
  reauthenticateWithPasskey,
  signInWithPasskey,
} from "./support/passkeys";
import {
  concretePath,
  createPersonas,
  type RegisteredRoute,
  registeredRoutes,
} from "./support/routes";

const requirePasskey = { REKEY_ADMIN_REQUIRE_PASSKEY: "true" };

/** Every route of the admin console: /admin and below, but not the bearer-key API. */
function adminConsoleRoutes(portal: TestPortal): RegisteredRoute[] {
  const routes = registeredRoutes(portal).filter(
    (route) =>
      (route.path === "/admin" || route.path.startsWith("/admin/")) &&
      !route.path.startsWith("/admin/api/"),
  );
  assert.ok(routes.length >= 20, `walked ${routes.length} admin console routes`);
  return routes;
}

async function visit(browser: TestBrowser, portal: TestPortal, route: RegisteredRoute) {
  const path = await concretePath(portal, route.path);
  const response =
    route.method === "GET" ? await browser.get(path) : await browser.post(path, { reason: "x" });
  return { path, response };
}

/** An administrator (signed in with the password just now) who has enrolled a passkey. */
async function administratorWithPasskey(portal: TestPortal) {
  const { administrator } = await createPersonas(portal);
  const authenticator = new SoftwareAuthenticator();
  const enrolled = await enrolConfirmedPasskey(portal, administrator, authenticator);
  assert.equal(enrolled.status, 200, enrolled.text);
  return { administrator, authenticator };
}

async function signInAdministratorWithPasskey(
  portal: TestPortal,
  authenticator: SoftwareAuthenticator,
) {
  const browser = new TestBrowser(portal);
  const signedIn = await signInWithPasskey(browser, authenticator, { next: "/admin" });
  assert.equal(signedIn.status, 200, signedIn.text);
  return browser;
}

describe("REKEY_ADMIN_REQUIRE_PASSKEY is checked at start", () => {
  test("off by default, on with true, and any other value stops the portal naming it", () => {
    const base = { NODE_ENV: "test", REKEY_DB: ":memory:" };
    assert.equal(loadConfig(base).adminRequirePasskey, false);
    assert.equal(loadConfig({ ...base, ...requirePasskey }).adminRequirePasskey, true);
    assert.throws(
      () => loadConfig({ ...base, REKEY_ADMIN_REQUIRE_PASSKEY: "yes" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /REKEY_ADMIN_REQUIRE_PASSKEY="yes": must be one of true, false/.test(error.message),
    );
  });
});

describe("with REKEY_ADMIN_REQUIRE_PASSKEY=true", () => {
  test("an administrator without a passkey is refused on every admin route, with the way to add one", async () => {
    const portal = createTestPortal(requirePasskey);
    const { administrator } = await createPersonas(portal);
    for (const route of adminConsoleRoutes(portal)) {
      const { path, response } = await visit(administrator, portal, route);
      const label = `${route.method} ${path}`;
      assert.equal(response.status, 403, `${label} answered ${response.status}`);
      assert.match(response.text, /The admin console needs a passkey/, label);
      assert.match(response.text, /<a class="button" href="\/account\/passkeys">/, label);
    }
    // The rest of the portal stays open, enrolment included.
    assert.equal((await administrator.get("/account")).status, 200);
    assert.match((await administrator.get("/account/passkeys")).text, /data-passkey-start/);
  });

  test("from the refusal an administrator enrols a passkey, confirms with it and gets in", async () => {
    const portal = createTestPortal(requirePasskey);
    const { administrator } = await createPersonas(portal);
    assert.equal((await administrator.get("/admin")).status, 403);
    const authenticator = new SoftwareAuthenticator();
    assert.equal((await enrolConfirmedPasskey(portal, administrator, authenticator)).status, 200);
    const detour = await administrator.get("/admin");
    assert.equal(detour.location, reauthenticationTarget("/admin"));
    const confirmed = await reauthenticateWithPasskey(administrator, authenticator, "/admin");
    assert.equal(confirmed.json.location, "/admin");
    assert.equal((await administrator.get("/admin")).status, 200);
  });

  test("a password never opens the console, however recent", async () => {
    const portal = createTestPortal(requirePasskey);
    const { administrator } = await administratorWithPasskey(portal);
    for (const route of adminConsoleRoutes(portal)) {
      const { path, response } = await visit(administrator, portal, route);
      const expected = reauthenticationTarget(route.method === "GET" ? path : "/admin");
      assert.equal(response.status, 303, `${route.method} ${path}`);
      assert.equal(response.location, expected, `${route.method} ${path}`);
    }
    const detour = await administrator.get("/reauthenticate?next=%2Fadmin%2Fmembers");
    assert.doesNotMatch(detour.text, /type="password"/, "no password field is offered");
    assert.match(detour.text, /a password is not enough here/);
    assert.match(detour.text, /data-passkey-ceremony="reauthenticate"/);
    // Posting the password anyway confirms the session, but not for the console.
    const confirmed = await administrator.post("/reauthenticate", {
      password: memberPassword,
      next: "/admin/members",
    });
    assert.equal(confirmed.location, "/admin/members");
    const again = await administrator.get("/admin/members");
    assert.equal(again.location, reauthenticationTarget("/admin/members"));
  });

  test("an administrator signed in with a passkey uses every admin page", async () => {
    const portal = createTestPortal(requirePasskey);
    const { authenticator } = await administratorWithPasskey(portal);
    const browser = await signInAdministratorWithPasskey(portal, authenticator);
    let pagesShown = 0;
    for (const route of adminConsoleRoutes(portal).filter((r) => r.method === "GET")) {
      const { path, response } = await visit(browser, portal, route);
      assert.notEqual(response.status, 403, `GET ${path}`);
      assert.doesNotMatch(response.location ?? "", /^\/(reauthenticate|login)/, `GET ${path}`);
      if (response.status === 200) pagesShown++;
    }
    assert.ok(pagesShown >= 10, `${pagesShown} admin pages shown`);
    assert.doesNotMatch((await browser.get("/admin")).text, /data-admin-passkey-nudge/);
  });

  test("a passkey proof older than 10 minutes still shows pages, but an action sends the administrator to confirm with the passkey", async () => {
    const portal = createTestPortal(requirePasskey);
    const { authenticator } = await administratorWithPasskey(portal);
    const browser = await signInAdministratorWithPasskey(portal, authenticator);
    portal.clock.advanceByMinutes(11);

    const watched = await browser.get("/admin/members?q=adm");
    assert.equal(
      watched.status,
      200,
      "looking needs a passkey proof in this session, not a recent one",
    );
    const staleExport = await browser.get("/admin/audit/export");
    assert.equal(staleExport.location, reauthenticationTarget("/admin/audit/export"));
    const staleAction = await browser.post("/admin/members/1/revoke-sessions", {});
    assert.equal(staleAction.location, reauthenticationTarget("/admin"));

    const confirmed = await reauthenticateWithPasskey(browser, authenticator, "/admin/members");
    assert.equal(confirmed.json.location, "/admin/members");
    assert.equal((await browser.get("/admin/members?q=adm")).status, 200);
  });

  test("after a passkey sign-in, a later password confirmation does not extend the passkey's window", async () => {
    const portal = createTestPortal(requirePasskey);
    const { authenticator } = await administratorWithPasskey(portal);
    const browser = await signInAdministratorWithPasskey(portal, authenticator);
    portal.clock.advanceByMinutes(8);
    await browser.post("/reauthenticate", { password: memberPassword, next: "/account" });
    portal.clock.advanceByMinutes(3);
    const action = await browser.post("/admin/mail/retry", {});
    assert.equal(action.location, reauthenticationTarget("/admin"));
  });

  test("the bearer-key API for tooling is not affected", async () => {
    const portal = createTestPortal(requirePasskey);
    const { administrator } = await createPersonas(portal);
    const { value: key } = await createApiKey(portal.deps.database, portal.clock, {
      name: "soc",
      createdByMemberId: null,
      scopes: apiKeyScopes,
      expiresInDays: null,
    });
    const response = await administrator.get("/admin/api/bulk-resets/999", {
      authorization: `Bearer ${key}`,
    });
    assert.equal(response.status, 404);
    assert.match(response.headers.get("content-type") ?? "", /json/);
  });

  test("members and visitors are refused as before", async () => {
    const portal = createTestPortal(requirePasskey);
    const { member, anonymous } = await createPersonas(portal);
    assert.equal((await member.get("/admin")).status, 403);
    assert.doesNotMatch((await member.get("/admin")).text, /needs a passkey/);
    assert.equal((await anonymous.get("/admin")).location, "/login?next=%2Fadmin");
  });
});

describe("without the requirement", () => {
  test("administrators without a passkey are nudged on admin pages, and only they", async () => {
    const portal = createTestPortal();
    const { administrator, member } = await createPersonas(portal);
    for (const path of ["/admin", "/admin/members", "/admin/audit"]) {
      const page = await administrator.get(path);
      assert.equal(page.status, 200, path);
      assert.match(page.text, /data-admin-passkey-nudge/, path);
      assert.match(page.text, /Your administrator account has no passkey/, path);
    }
    assert.doesNotMatch((await administrator.get("/account/sessions")).text, /data-admin-passkey/);
    assert.doesNotMatch((await member.get("/account")).text, /data-admin-passkey-nudge/);

    assert.equal(
      (await enrolConfirmedPasskey(portal, administrator, new SoftwareAuthenticator())).status,
      200,
    );
    const afterwards = await administrator.get("/admin");
    assert.equal(afterwards.status, 200);
    assert.doesNotMatch(afterwards.text, /data-admin-passkey-nudge/);
  });

  test("a password sign-in still opens the console", async () => {
    const portal = createTestPortal();
    const { administrator } = await administratorWithPasskey(portal);
    assert.equal((await administrator.get("/admin/members")).status, 200);
  });
});

function reauthenticationTarget(next: string): string {
  return `/reauthenticate?next=${encodeURIComponent(next)}`;
}
