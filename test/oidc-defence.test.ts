import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { addSourceBlocks } from "../src/defence/blocklist";
import { parseCidr } from "../src/defence/ip-address";
import { createArgon2Hasher, owaspArgon2Parameters } from "../src/passwords/hashing";
import { type RunningPortal, startPortal } from "../test/e2e/server";
import { countingHasher } from "./support/harness";
import {
  buildAuthorizationRequest,
  createPasswordMember,
  createRelyingParty,
  HttpBrowser,
  signInThroughRekey,
  strongPassword,
} from "./support/oidc";

describe("the OpenID Connect door keeps rekey's sign-in defences", () => {
  const hasher = countingHasher(createArgon2Hasher(owaspArgon2Parameters));
  let portal: RunningPortal;
  before(async () => {
    portal = await startPortal({ passwordHasher: hasher });
  });
  after(async () => {
    await portal?.stop();
  });

  test("a stuffed password from a blocked address never reaches argon2 and gets no code", async () => {
    await createPasswordMember(portal.deps, { loginId: "stuffed" });
    const party = await createRelyingParty(portal.deps, portal.origin);
    const range = parseCidr("127.0.0.1/32");
    assert.ok(range);
    // The relying party's redirect brings the browser from a blocked address (the test's own).
    await addSourceBlocks(portal.deps, [
      { range, reason: "combo list source", origin: "manual", expiresAt: null, createdBy: null },
    ]);
    const before = hasher.calls();
    const request = await buildAuthorizationRequest(party);
    const landed = await signInThroughRekey(new HttpBrowser(portal.origin), request, {
      loginId: "stuffed",
      password: strongPassword,
    });
    assert.equal(hasher.calls(), before, "no password verification ran");
    assert.equal(landed.location, null, "no redirect to the client, so no code");
    assert.ok(landed.status === 403 || landed.status === 429, `refused: ${landed.status}`);
    assert.match(landed.headers.get("cache-control") ?? "", /no-store/);
  });
});
