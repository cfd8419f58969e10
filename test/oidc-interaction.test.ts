import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
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
