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

describe("rekey as an OpenID Connect provider: authorization code with PKCE", () => {
  let portal: RunningPortal;
  before(async () => {
    portal = await startPortal();
  });
  after(async () => {
    await portal?.stop();
  });

  test("discovery on rekey's origin names the endpoints, S256 PKCE and RS256 ID tokens", async () => {
    const response = await fetch(`${portal.origin}/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("cache-control") ?? "", /no-store/);
    const discovery = (await response.json()) as Record<string, unknown>;
    assert.equal(discovery.issuer, portal.origin);
    assert.equal(discovery.authorization_endpoint, `${portal.origin}/oidc/auth`);
    assert.deepEqual(discovery.code_challenge_methods_supported, ["S256"]);
    assert.deepEqual(discovery.id_token_signing_alg_values_supported, ["RS256"]);
    assert.ok(discovery.backchannel_logout_supported);
    assert.ok(discovery.end_session_endpoint);
  });

  test("a relying party signs a member in with code + PKCE and gets a signed ID token with the member's claims", async () => {
    const member = await createPasswordMember(portal.deps, {
      loginId: "hanako",
      externalId: "shop-customer-42",
      displayName: "Hanako Yamada",
      language: "ja",
    });
    const party = await createRelyingParty(portal.deps, portal.origin);
    const request = await buildAuthorizationRequest(party);
    const browser = new HttpBrowser(portal.origin);

    const landed = await signInThroughRekey(browser, request, {
      loginId: "hanako",
      password: strongPassword,
    });
    assert.equal(landed.status, 303);
    assert.ok(
      landed.location?.startsWith(party.redirectUri),
      `sent back to the client: ${landed.location}`,
    );

    const tokens = await redeemCode(party, request, landed.location ?? "");
    const claims = tokens.claims();
    assert.ok(claims);
    assert.equal(claims.iss, portal.origin);
    assert.equal(claims.aud, party.clientId);
    assert.equal(
      claims.sub,
      "shop-customer-42",
      "the imported member's external ID is the subject",
    );
    assert.equal(claims.email, member.email);
    assert.equal(claims.email_verified, true);
    assert.equal(claims.name, "Hanako Yamada");
    assert.equal(claims.locale, "ja");
    assert.deepEqual(claims.amr, ["pwd"]);
    assert.equal(claims.acr, undefined, "a password sign-in claims no passkey assurance");
    assert.equal(typeof claims.auth_time, "number");
    assert.ok(Math.abs((claims.auth_time as number) - Date.now() / 1000) < 60);
    assert.ok(tokens.refresh_token, "offline_access brings a refresh token");

    const userinfo = await client.fetchUserInfo(
      party.config,
      tokens.access_token,
      "shop-customer-42",
    );
    assert.equal(userinfo.email, member.email);
  });

  test("a member without an external ID gets a random subject that stays the same at the next sign-in", async () => {
    await createPasswordMember(portal.deps, { loginId: "jiro" });
    const party = await createRelyingParty(portal.deps, portal.origin);
    const subjects: string[] = [];
    for (let round = 0; round < 2; round++) {
      const request = await buildAuthorizationRequest(party);
      const landed = await signInThroughRekey(new HttpBrowser(portal.origin), request, {
        loginId: "jiro",
        password: strongPassword,
      });
      const tokens = await redeemCode(party, request, landed.location ?? "");
      subjects.push(String(tokens.claims()?.sub));
    }
    assert.match(subjects[0] ?? "", /^[A-Za-z0-9_-]{22}$/);
    assert.equal(subjects[0], subjects[1]);
  });

  test("a public client without PKCE is refused", async () => {
    const party = await createRelyingParty(portal.deps, portal.origin, { publicClient: true });
    const url = client.buildAuthorizationUrl(party.config, {
      redirect_uri: party.redirectUri,
      scope: "openid",
      state: "s",
    });
    const answer = await new HttpBrowser(portal.origin).request(url.href);
    assert.equal(answer.status, 303);
    const back = new URL(answer.location ?? "");
    assert.equal(back.searchParams.get("error"), "invalid_request");
    assert.match(back.searchParams.get("error_description") ?? "", /PKCE/);
  });

  test("a redirect URI that is not registered exactly gets an error page, never a redirect", async () => {
    const party = await createRelyingParty(portal.deps, portal.origin);
    const url = client.buildAuthorizationUrl(party.config, {
      redirect_uri: `${party.redirectUri}/extra`,
      scope: "openid",
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
    });
    const answer = await new HttpBrowser(portal.origin).request(url.href);
    assert.equal(answer.status, 400);
    assert.equal(answer.location, null);
  });
});
