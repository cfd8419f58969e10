import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as client from "openid-client";
import { type RunningPortal, startPortal } from "../test/e2e/server";
import {
  buildAuthorizationRequest,
  createPasswordMember,
  createRelyingParty,
  HttpBrowser,
  redeemCode,
  signInThroughRekey,
  strongPassword,
} from "./support/oidc";

function formAction(html: string, suffix: string): string {
  const action = new RegExp(`action="([^"]*${suffix})"`).exec(html)?.[1];
  assert.ok(action, `a form posting to …${suffix}`);
  return action;
}

describe("rekey's own interaction pages", () => {
  let portal: RunningPortal;
  before(async () => {
    portal = await startPortal();
  });
  after(async () => {
    await portal?.stop();
  });

  test("a third-party service gets a consent page listing what it receives; allowing it gives a code", async () => {
    await createPasswordMember(portal.deps, { loginId: "consenting" });
    const party = await createRelyingParty(portal.deps, portal.origin, {
      firstParty: false,
      name: "Partner app",
    });
    const request = await buildAuthorizationRequest(party);
    const browser = new HttpBrowser(portal.origin, { "accept-language": "ja" });
    const page = await signInThroughRekey(browser, request, {
      loginId: "consenting",
      password: strongPassword,
    });
    assert.equal(page.status, 200);
    assert.match(page.headers.get("cache-control") ?? "", /no-store/);
    assert.ok(page.text.includes("Partner appにログインしますか？"), "in the member's language");
    assert.ok(page.text.includes("メールアドレス"));
    const allowed = await browser.submit(formAction(page.text, "/consent"), {});
    assert.ok(allowed.location?.startsWith(party.redirectUri));
    const tokens = await redeemCode(party, request, allowed.location ?? "");
    assert.ok(tokens.claims()?.sub);
  });

  test("cancelling consent sends the member back with access_denied and no code", async () => {
    await createPasswordMember(portal.deps, { loginId: "declining" });
    const party = await createRelyingParty(portal.deps, portal.origin, { firstParty: false });
    const request = await buildAuthorizationRequest(party);
    const browser = new HttpBrowser(portal.origin);
    const page = await signInThroughRekey(browser, request, {
      loginId: "declining",
      password: strongPassword,
    });
    const declined = await browser.submit(formAction(page.text, "/abort"), {});
    const back = new URL(declined.location ?? "");
    assert.equal(back.searchParams.get("error"), "access_denied");
    assert.equal(back.searchParams.get("code"), null);
  });

  test("a consent POST without rekey's CSRF token changes nothing", async () => {
    await createPasswordMember(portal.deps, { loginId: "forged" });
    const party = await createRelyingParty(portal.deps, portal.origin, { firstParty: false });
    const request = await buildAuthorizationRequest(party);
    const browser = new HttpBrowser(portal.origin);
    const page = await signInThroughRekey(browser, request, {
      loginId: "forged",
      password: strongPassword,
    });
    const forged = await browser.request(formAction(page.text, "/consent"), {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
      },
      body: "",
    });
    assert.equal(forged.status, 403);
    assert.equal(forged.location, null);
  });

  test("a client asking for a passkey (acr_values=phr) gets no code from a password session: step up", async () => {
    await createPasswordMember(portal.deps, { loginId: "stepping" });
    const party = await createRelyingParty(portal.deps, portal.origin);
    const request = await buildAuthorizationRequest(party, { acr_values: "phr" });
    const browser = new HttpBrowser(portal.origin);
    const page = await signInThroughRekey(browser, request, {
      loginId: "stepping",
      password: strongPassword,
    });
    assert.equal(page.status, 200);
    assert.equal(page.location, null, "no code");
    assert.ok(page.text.includes("Confirm with a passkey"));
    // This member has no passkey yet: the page says how to add one.
    assert.ok(page.text.includes('href="/account/passkeys"'));
  });

  test("an expired or foreign interaction gets rekey's error page, never a crash", async () => {
    const answer = await new HttpBrowser(portal.origin).request("/oidc/interaction/not-a-real-one");
    assert.equal(answer.status, 400);
    assert.ok(answer.text.includes("start again"));
  });
});

describe("RP-initiated logout", () => {
  let portal: RunningPortal;
  before(async () => {
    portal = await startPortal();
  });
  after(async () => {
    await portal?.stop();
  });

  test("the service sends the member to rekey's logout page; confirming ends the rekey session and returns to the service", async () => {
    await createPasswordMember(portal.deps, { loginId: "leaving" });
    const party = await createRelyingParty(portal.deps, portal.origin, {
      postLogoutRedirectUris: ["http://127.0.0.1:4999/signed-out"],
    });
    const request = await buildAuthorizationRequest(party);
    const browser = new HttpBrowser(portal.origin);
    const landed = await signInThroughRekey(browser, request, {
      loginId: "leaving",
      password: strongPassword,
    });
    const tokens = await redeemCode(party, request, landed.location ?? "");
    assert.equal((await browser.request("/account")).status, 200, "signed in at rekey");

    const endSession = client.buildEndSessionUrl(party.config, {
      id_token_hint: tokens.id_token ?? "",
      post_logout_redirect_uri: "http://127.0.0.1:4999/signed-out",
      state: "bye",
    });
    const question = await browser.request(endSession.href);
    assert.equal(question.status, 200);
    assert.match(question.headers.get("cache-control") ?? "", /no-store/);
    assert.ok(question.text.includes("Yes, sign out"));
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(question.text)?.[1];
    const action = /id="op.logoutForm" method="post" action="([^"]+)"/.exec(question.text)?.[1];
    assert.ok(xsrf && action);
    const confirmed = await browser.request(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ xsrf, logout: "yes" }).toString(),
    });
    assert.equal(confirmed.status, 303);
    assert.equal(confirmed.location, "http://127.0.0.1:4999/signed-out?state=bye");
    const account = await browser.request("/account");
    assert.notEqual(account.status, 200, "the rekey session ended too");
  });
});
