import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { listActiveSourceBlocks } from "../src/defence/blocklist";
import { sourceKeyOf } from "../src/defence/ip-address";
import { evaluateDefenceNow, settleOnDemandEvaluation } from "../src/defence/monitor";
import { recordSignInAttempt } from "../src/defence/sign-in-events";
import { summarizeSources } from "../src/defence/source-queries";
import { TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { createPersonas } from "./support/routes";

/** One wrong sign-in from each address, each for a different ID: the statuses in order. */
async function signInOnceFromEach(portal: TestPortal, addresses: readonly string[]) {
  const statuses: number[] = [];
  for (const [index, ipAddress] of addresses.entries()) {
    const response = await new TestBrowser(portal, { ipAddress }).post("/login", {
      loginId: `target${index}@example.jp`,
      password: "123456789012",
    });
    statuses.push(response.status);
  }
  return statuses;
}

const hostsInOne64 = (count: number) =>
  Array.from({ length: count }, (_, index) => `2001:db8:1:2::${(index + 1).toString(16)}`);

describe("an IPv6 client is its /64", () => {
  test("a source key is the IPv4 address itself, or the IPv6 prefix of the configured length", () => {
    assert.equal(sourceKeyOf("198.51.100.7", 64), "198.51.100.7");
    assert.equal(sourceKeyOf("::ffff:198.51.100.7", 64), "198.51.100.7");
    assert.equal(sourceKeyOf("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 64), "2001:db8:1:2::/64");
    assert.equal(sourceKeyOf("2001:db8:1:2f::1", 60), "2001:db8:1:20::/60");
    assert.equal(sourceKeyOf("2001:db8:1:2::1", 128), "2001:db8:1:2::1");
    assert.equal(sourceKeyOf("not an address", 64), null);
  });

  test("70 addresses in one /64 share one per-address budget, and the refused ones reach no argon2", async () => {
    const portal = createTestPortal();
    const before = portal.hasher.calls();
    const statuses = await signInOnceFromEach(portal, hostsInOne64(70));
    assert.deepEqual(statuses, [...Array(10).fill(401), ...Array(60).fill(429)]);
    assert.equal(portal.hasher.calls() - before, 10);
    const neighbour = await signInOnceFromEach(portal, ["2001:db8:9:900::1"]);
    assert.deepEqual(neighbour, [401], "another subscriber's /64 has its own budget");
  });

  test("a wave rotating through one /64 is blocked as the /64, shown so to administrators", async () => {
    const portal = createTestPortal({ REKEY_AUTO_BLOCK_ACCOUNTS: "5" });
    const { administrator } = await createPersonas(portal);
    await signInOnceFromEach(portal, hostsInOne64(8));
    await settleOnDemandEvaluation(portal.deps.database);
    await evaluateDefenceNow(portal.deps);

    const blocks = await listActiveSourceBlocks(portal.deps, 100);
    assert.deepEqual(
      blocks.map((block) => [block.cidr, block.origin]),
      [["2001:db8:1:2::/64", "automatic"]],
    );
    const before = portal.hasher.calls();
    const unseen = await signInOnceFromEach(portal, ["2001:db8:1:2:ffff:ffff:ffff:fffe"]);
    assert.deepEqual(unseen, [403], "an address of the /64 never seen before is blocked too");
    assert.equal(portal.hasher.calls(), before);
    assert.deepEqual(await signInOnceFromEach(portal, ["2001:db8:1:3::1"]), [401]);

    const page = await administrator.get("/admin/attacks");
    assert.match(page.text, /2001:db8:1:2::\/64/);
  });

  test("the prefix length is a setting: /48 makes a whole site one source, 128 each address", async () => {
    // Eleven addresses in eleven different /56 networks of one /48.
    const acrossOne48 = Array.from({ length: 11 }, (_, index) => `2001:db8:5:${index + 1}00::1`);
    const byDefault = createTestPortal();
    assert.deepEqual(await signInOnceFromEach(byDefault, acrossOne48), Array(11).fill(401));

    const site = createTestPortal();
    const { administrator } = await createPersonas(site);
    const saved = await administrator.post("/admin/settings", { ipv6SourcePrefixLength: "48" });
    assert.equal(saved.status, 303);
    assert.deepEqual(await signInOnceFromEach(site, acrossOne48), [...Array(10).fill(401), 429]);

    const perAddress = createTestPortal({ REKEY_IPV6_SOURCE_PREFIX: "128" });
    assert.deepEqual(await signInOnceFromEach(perAddress, hostsInOne64(11)), Array(11).fill(401));
  });

  test("the stuffing signature groups IPv6 events by any prefix length, partial bytes included", async () => {
    const portal = createTestPortal();
    for (const [index, ipAddress] of [
      "2001:db8:1:2::1",
      "2001:db8:1:f::2",
      "2001:db8:1:12::3",
      "198.51.100.4",
      "198.51.100.4",
    ].entries()) {
      await recordSignInAttempt(portal.deps, {
        method: "password",
        result: "unknown-id",
        memberId: null,
        identifier: { kind: "email", hash: Buffer.from([0, index]) },
        ipAddress,
        userAgent: null,
      });
    }
    const sourcesAt = async (ipv6PrefixLength: number) => {
      const now = portal.clock.now();
      const sources = await summarizeSources(portal.deps, {
        from: new Date(now.getTime() - 60_000),
        to: new Date(now.getTime() + 1),
        minimumDistinctAccounts: 1,
        limit: 10,
        maximumEvents: 100,
        excludeBlocked: false,
        ipv6PrefixLength,
      });
      return sources.map((source) => [source.ipAddress, source.distinctAccounts]).sort();
    };
    assert.deepEqual(await sourcesAt(60), [
      ["198.51.100.4", 2],
      ["2001:db8:1:10::/60", 1],
      ["2001:db8:1::/60", 2],
    ]);
    assert.deepEqual(await sourcesAt(48), [
      ["198.51.100.4", 2],
      ["2001:db8:1::/48", 3],
    ]);
    assert.deepEqual(await sourcesAt(128), [
      ["198.51.100.4", 2],
      ["2001:db8:1:12::3", 1],
      ["2001:db8:1:2::1", 1],
      ["2001:db8:1:f::2", 1],
    ]);
  });
});
