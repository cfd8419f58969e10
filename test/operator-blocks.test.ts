import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sourceBlock } from "../src/db/schema";
import { addSourceBlocks } from "../src/defence/blocklist";
import { parseCidr } from "../src/defence/ip-address";
import { memberPassword, registerAndSignIn } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { createPersonas } from "./support/routes";

/** TestBrowser's default address: the administrator's own in these tests. */
const ownAddress = "203.0.113.10";

async function blocks(portal: TestPortal) {
  return portal.deps.database.select().from(sourceBlock);
}

describe("blocking from the attacks page", () => {
  test("a range holding the administrator's own address is warned about and blocks nothing until confirmed", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const warned = await administrator.post("/admin/attacks/blocks", {
      cidr: "203.0.113.0/24",
      reason: "wave",
      expiresInHours: "24",
    });
    assert.equal(warned.status, 409);
    assert.match(
      warned.text,
      /203\.0\.113\.0\/24 includes your own address, 203\.0\.113\.10\. Blocking it refuses your next sign-in/,
    );
    assert.match(warned.text, /data-own-address-warning/);
    assert.match(warned.text, /value="203.0.113.0\/24"/, "what was typed is kept");
    assert.equal((await blocks(portal)).length, 0);

    const confirmed = await administrator.post("/admin/attacks/blocks", {
      cidr: "203.0.113.0/24",
      reason: "wave",
      expiresInHours: "24",
      confirmOwnAddress: "on",
    });
    assert.equal(confirmed.location, "/admin/attacks?notice=added");
    assert.deepEqual(
      (await blocks(portal)).map((block) => block.cidr),
      ["203.0.113.0/24"],
    );
  });

  test("an import holding the administrator's own address is warned about too, in Japanese for a Japanese operator", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const warned = await administrator.post(
      "/admin/attacks/blocks/import",
      { list: `192.0.2.0/24\n${ownAddress}\n`, reason: "shared list", expiresInHours: "" },
      { headers: { "accept-language": "ja" } },
    );
    assert.equal(warned.status, 409);
    assert.match(
      warned.text,
      /203\.0\.113\.10\/32 にはあなた自身のアドレス（203\.0\.113\.10）が含まれています。/,
    );
    assert.equal((await blocks(portal)).length, 0, "nothing of the list is imported");
  });

  test("a manual block expires after 24 hours unless 'until removed' is ticked", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const form = (await administrator.get("/admin/attacks")).text;
    assert.match(form, /id="expiresInHours" name="expiresInHours" value="24"/);
    await administrator.post("/admin/attacks/blocks", {
      cidr: "198.51.100.0/24",
      expiresInHours: "",
    });
    await administrator.post("/admin/attacks/blocks", {
      cidr: "192.0.2.0/24",
      expiresInHours: "",
      permanent: "on",
    });
    const byRange = new Map((await blocks(portal)).map((block) => [block.cidr, block.expiresAt]));
    assert.equal(
      byRange.get("198.51.100.0/24")?.getTime(),
      portal.clock.now().getTime() + 24 * 3_600_000,
    );
    assert.equal(byRange.get("192.0.2.0/24"), null);
  });
});

describe("an administrator's own sign-in and automatic blocks", () => {
  async function blockAutomatically(portal: TestPortal, cidr: string) {
    const range = parseCidr(cidr);
    if (!range) throw new TypeError(cidr);
    await addSourceBlocks(portal.deps, [
      {
        range,
        reason: "Automatic: test",
        origin: "automatic",
        expiresAt: new Date(portal.clock.now().getTime() + 3_600_000),
        createdBy: null,
      },
    ]);
  }

  test("a recognised device of an administrator is never refused by an automatic block, even with no device allowance", async () => {
    const portal = createTestPortal({ REKEY_BLOCKED_DEVICE_ATTEMPTS: "0" });
    const { administrator } = await createPersonas(portal);
    const member = await registerAndSignIn(portal, { loginId: "hanako", ipAddress: ownAddress });
    await blockAutomatically(portal, ownAddress);
    for (let attempt = 0; attempt < 5; attempt++) {
      const again = await administrator.post("/login", {
        loginId: "admin",
        password: memberPassword,
      });
      assert.equal(again.status, 303, `attempt ${attempt + 1}`);
    }
    const refused = await member.post("/login", { loginId: "hanako", password: memberPassword });
    assert.equal(refused.status, 403, "a member's device has no such pass");
    // The administrator's device cookie opens no other account's door.
    const elsewhere = await administrator.post("/login", {
      loginId: "hanako",
      password: memberPassword,
    });
    assert.equal(elsewhere.status, 403);
  });

  test("a block an operator made by hand still applies to the administrator's device", async () => {
    const portal = createTestPortal();
    const { administrator } = await createPersonas(portal);
    const range = parseCidr(ownAddress);
    if (!range) throw new TypeError(ownAddress);
    await addSourceBlocks(portal.deps, [
      { range, reason: "by hand", origin: "manual", expiresAt: null, createdBy: null },
    ]);
    const refused = await administrator.post("/login", {
      loginId: "admin",
      password: memberPassword,
    });
    assert.equal(refused.status, 403);
  });
});
