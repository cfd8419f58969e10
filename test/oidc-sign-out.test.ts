import assert from "node:assert/strict";
import { createPublicKey, verify } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import * as client from "openid-client";
import { apiKeyScopes } from "../src/admin/api-key-scopes";
import { createApiKey } from "../src/admin/api-keys";
import { member } from "../src/db/schema";
import { type RunningPortal, startPortal } from "../test/e2e/server";
import {
  buildAuthorizationRequest,
  createPasswordMember,
  createRelyingParty,
  HttpBrowser,
  type RelyingParty,
  redeemCode,
  signInThroughRekey,
  strongPassword,
} from "./support/oidc";

/** A relying party's back-channel logout endpoint on 127.0.0.1, keeping what it receives. */
async function startLogoutReceiver(): Promise<{ server: Server; uri: string; tokens: string[] }> {
  const tokens: string[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const token = new URLSearchParams(body).get("logout_token");
      if (token) tokens.push(token);
      response.writeHead(200, { "cache-control": "no-store" }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, uri: `http://127.0.0.1:${port}/backchannel-logout`, tokens };
}

async function waitFor(condition: () => boolean, timeoutInMilliseconds = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutInMilliseconds;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Checks a JWS against rekey's published JWKS and answers its claims. */
async function verifyWithJwks(origin: string, jws: string): Promise<Record<string, unknown>> {
  const [header = "", payload = "", signature = ""] = jws.split(".");
  const { kid, alg } = JSON.parse(Buffer.from(header, "base64url").toString()) as {
    kid: string;
    alg: string;
  };
  assert.equal(alg, "RS256");
  const { keys } = (await (await fetch(`${origin}/oidc/jwks`)).json()) as {
    keys: { kid: string }[];
  };
  const jwk = keys.find((key) => key.kid === kid);
  assert.ok(jwk, "signed with a published key");
  const valid = verify(
    "sha256",
    Buffer.from(`${header}.${payload}`),
    createPublicKey({ key: jwk as never, format: "jwk" }),
    Buffer.from(signature, "base64url"),
  );
  assert.ok(valid, "the signature verifies");
  return JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
}

async function signIn(portal: RunningPortal, party: RelyingParty, loginId: string) {
  const request = await buildAuthorizationRequest(party);
  const browser = new HttpBrowser(portal.origin);
  const landed = await signInThroughRekey(browser, request, { loginId, password: strongPassword });
  assert.ok(landed.location?.startsWith(party.redirectUri), `code delivered: ${landed.status}`);
  return { browser, tokens: await redeemCode(party, request, landed.location ?? "") };
}

async function refreshFails(party: RelyingParty, refreshToken: string): Promise<string> {
  try {
    await client.refreshTokenGrant(party.config, refreshToken);
  } catch (error) {
    return (error as { error?: string }).error ?? String(error);
  }
  assert.fail("the refresh token still worked");
}

describe("OpenID Connect sessions end when rekey ends the member's sessions", () => {
  let portal: RunningPortal;
  let receiver: Awaited<ReturnType<typeof startLogoutReceiver>>;
  before(async () => {
    portal = await startPortal();
    receiver = await startLogoutReceiver();
  });
  after(async () => {
    receiver?.server.close();
    await portal?.stop();
  });

  test("refresh tokens rotate, and presenting a used one revokes the whole family", async () => {
    await createPasswordMember(portal.deps, { loginId: "rotation" });
    const party = await createRelyingParty(portal.deps, portal.origin);
    const { tokens: first } = await signIn(portal, party, "rotation");
    const second = await client.refreshTokenGrant(party.config, first.refresh_token ?? "");
    assert.ok(second.refresh_token);
    assert.notEqual(second.refresh_token, first.refresh_token, "a new refresh token each time");

    // The old one again: someone copied it. The family ends, the new one included.
    assert.equal(await refreshFails(party, first.refresh_token ?? ""), "invalid_grant");
    assert.equal(await refreshFails(party, second.refresh_token ?? ""), "invalid_grant");
    const introspected = await client.tokenIntrospection(party.config, second.access_token);
    assert.equal(introspected.active, false, "the access token of the family is dead too");
  });

  test("a confidential client introspects and revokes its tokens; a public client may not introspect", async () => {
    await createPasswordMember(portal.deps, { loginId: "introspect" });
    const party = await createRelyingParty(portal.deps, portal.origin);
    const { tokens } = await signIn(portal, party, "introspect");
    const active = await client.tokenIntrospection(party.config, tokens.access_token);
    assert.equal(active.active, true);
    assert.equal(active.client_id, party.clientId);
    // A public client (no secret) learns nothing, even about a live token.
    const publicParty = await createRelyingParty(portal.deps, portal.origin, {
      publicClient: true,
    });
    const answer = await client.tokenIntrospection(publicParty.config, tokens.access_token);
    assert.deepEqual(answer, { active: false });

    // Revoking the refresh token ends the grant: its access token dies with it.
    await client.tokenRevocation(party.config, tokens.refresh_token ?? "");
    assert.equal(await refreshFails(party, tokens.refresh_token ?? ""), "invalid_grant");
    assert.equal(
      (await client.tokenIntrospection(party.config, tokens.access_token)).active,
      false,
    );
  });

  test("after a bulk forced reset the client's endpoint receives a signed back-channel logout and no refresh token works", async () => {
    const victim = await createPasswordMember(portal.deps, {
      loginId: "victim",
      externalId: "cust-7",
    });
    const party = await createRelyingParty(portal.deps, portal.origin, {
      backchannelLogoutUri: receiver.uri,
    });
    const { tokens } = await signIn(portal, party, "victim");
    const received = receiver.tokens.length;

    const { value: apiKey } = await createApiKey(portal.deps.database, portal.clock, {
      name: "soc",
      createdByMemberId: null,
      scopes: apiKeyScopes,
      expiresInDays: null,
    });
    const accepted = await fetch(`${portal.origin}/admin/api/bulk-resets`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ loginIds: ["victim"], reason: "seen in a combo list" }),
    });
    assert.equal(accepted.status, 202);
    // The server's own bulk-reset worker runs the job, its logout worker delivers.
    await waitFor(() => receiver.tokens.length > received);

    const logout = await verifyWithJwks(portal.origin, receiver.tokens.at(-1) ?? "");
    assert.equal(logout.iss, portal.origin);
    assert.equal(logout.aud, party.clientId);
    assert.equal(logout.sub, "cust-7");
    assert.ok(
      (logout.events as Record<string, unknown>)[
        "http://schemas.openid.net/event/backchannel-logout"
      ],
    );
    assert.equal(logout.nonce, undefined, "a logout token never carries a nonce");

    assert.equal(await refreshFails(party, tokens.refresh_token ?? ""), "invalid_grant");
    const introspected = await client.tokenIntrospection(party.config, tokens.access_token);
    assert.equal(introspected.active, false);
    const [after] = await portal.deps.database
      .select()
      .from(member)
      .where(eq(member.id, victim.id));
    assert.ok(after?.resetRequiredAt, "the reset is in force");
  });

  test("sign out everywhere ends the member's grants at every client and tells them", async () => {
    await createPasswordMember(portal.deps, { loginId: "everywhere" });
    const party = await createRelyingParty(portal.deps, portal.origin, {
      backchannelLogoutUri: receiver.uri,
    });
    const { browser, tokens } = await signIn(portal, party, "everywhere");
    const received = receiver.tokens.length;
    const answer = await browser.submit("/account/sessions/revoke-others", {});
    assert.equal(answer.status, 200);
    await waitFor(() => receiver.tokens.length > received);
    assert.equal(await refreshFails(party, tokens.refresh_token ?? ""), "invalid_grant");
  });

  test("a new password ends the member's grants at every client, even when other rekey sessions are kept", async () => {
    await createPasswordMember(portal.deps, { loginId: "changing" });
    const party = await createRelyingParty(portal.deps, portal.origin, {
      backchannelLogoutUri: receiver.uri,
    });
    const { browser, tokens } = await signIn(portal, party, "changing");
    const received = receiver.tokens.length;
    const changed = await browser.submit("/account/password", {
      currentPassword: strongPassword,
      password: "Another-long-Unique-passphrase-4096",
    });
    assert.equal(changed.status, 200, "back on the account page");
    assert.equal((await browser.request("/account")).status, 200, "this rekey session is kept");
    await waitFor(() => receiver.tokens.length > received);
    assert.equal(await refreshFails(party, tokens.refresh_token ?? ""), "invalid_grant");
  });

  test("a member awaiting a forced reset gets no code, with the right password or not", async () => {
    await createPasswordMember(portal.deps, {
      loginId: "awaiting",
      resetRequiredAt: new Date(),
      resetReason: "combo list",
    });
    await createPasswordMember(portal.deps, { loginId: "ordinary" });
    const party = await createRelyingParty(portal.deps, portal.origin);
    const answers = [];
    for (const [loginId, password] of [
      ["awaiting", strongPassword],
      ["ordinary", "not the password at all"],
      ["nobody-here", strongPassword],
    ] as const) {
      const request = await buildAuthorizationRequest(party);
      const landed = await signInThroughRekey(new HttpBrowser(portal.origin), request, {
        loginId,
        password,
      });
      assert.equal(landed.location, null, "no redirect to the client, so no code");
      answers.push({ status: landed.status, hasForm: landed.text.includes('name="password"') });
    }
    // The compromised password of an account awaiting its reset looks like any failed sign-in.
    assert.deepEqual(answers[0], answers[1]);
    assert.deepEqual(answers[0], answers[2]);
    assert.equal(answers[0]?.status, 401);
  });
});
