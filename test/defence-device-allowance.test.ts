import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { addSourceBlocks } from "../src/defence/blocklist";
import { parseCidr } from "../src/defence/ip-address";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { blockSource } from "./support/defence";
import { createTestPortal, type TestPortal } from "./support/harness";
import { createPersonas } from "./support/routes";

/** Blocks an address as the stuffing signature does: automatic, for an hour. */
async function blockAutomatically(portal: TestPortal, cidr: string): Promise<void> {
  const range = parseCidr(cidr);
  if (!range) throw new TypeError(`not an address: ${cidr}`);
  const expiresAt = new Date(portal.clock.now().getTime() + 60 * 60_000);
  await addSourceBlocks(portal.deps, [
    { range, reason: "Automatic: test", origin: "automatic", expiresAt, createdBy: null },
  ]);
}

const sharedAddress = "203.0.113.10";

describe("recognised devices behind an automatically blocked address", () => {
  test("a member and an administrator who signed in before still sign in; a browser without a device cookie is refused", async () => {
    const portal = createTestPortal();
    const { administrator, member } = await createPersonas(portal);
    await blockAutomatically(portal, sharedAddress);

    for (const [browser, loginId] of [
      [administrator, "admin"],
      [member, "member"],
    ] as const) {
      assert.ok(browser.cookies.get("rekey_device"), `${loginId} holds a device cookie`);
      const again = await browser.post("/login", { loginId, password: memberPassword });
      assert.equal(again.status, 303, `${loginId} signs in through the automatic block`);
    }

    const before = portal.hasher.calls();
    const stranger = new TestBrowser(portal, { ipAddress: sharedAddress });
    const refused = await stranger.post("/login", { loginId: "member", password: memberPassword });
    assert.equal(refused.status, 403);
    assert.equal(portal.hasher.calls(), before, "the refused browser reached no argon2");

    // A device cookie is bound to the ID it signed in to: it opens no other account's door.
    const elsewhere = await member.post("/login", { loginId: "admin", password: "guess 12345678" });
    assert.equal(elsewhere.status, 403);
  });

  test("the device allowance runs out, then refills after 15 minutes", async () => {
    const portal = createTestPortal({ REKEY_BLOCKED_DEVICE_ATTEMPTS: "3" });
    const owner = await registerAndSignIn(portal, { loginId: "hanako", ipAddress: sharedAddress });
    await blockAutomatically(portal, sharedAddress);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      statuses.push(
        (await owner.post("/login", { loginId: "hanako", password: "wrong 1234567" })).status,
      );
    }
    assert.deepEqual(statuses, [401, 401, 401, 403]);
    const before = portal.hasher.calls();
    assert.equal(
      (await owner.post("/login", { loginId: "hanako", password: memberPassword })).status,
      403,
    );
    assert.equal(portal.hasher.calls(), before, "an exhausted allowance reaches no argon2");
    portal.clock.advanceByMinutes(15);
    assert.equal(
      (await owner.post("/login", { loginId: "hanako", password: memberPassword })).status,
      303,
    );
  });

  test("a block made by an administrator applies to recognised devices too", async () => {
    const portal = createTestPortal();
    const owner = await registerAndSignIn(portal, { loginId: "hanako", ipAddress: sharedAddress });
    await blockSource(portal, "203.0.113.0/24");
    const response = await owner.post("/login", { loginId: "hanako", password: memberPassword });
    assert.equal(response.status, 403);
  });

  test("with the allowance set to 0, no device passes an automatic block", async () => {
    const portal = createTestPortal({ REKEY_BLOCKED_DEVICE_ATTEMPTS: "0" });
    const owner = await registerAndSignIn(portal, { loginId: "hanako", ipAddress: sharedAddress });
    await blockAutomatically(portal, sharedAddress);
    const response = await owner.post("/login", { loginId: "hanako", password: memberPassword });
    assert.equal(response.status, 403);
  });
});
