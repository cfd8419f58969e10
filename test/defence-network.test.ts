import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, loadConfig } from "../src/config";
import { resolveClientAddress } from "../src/defence/client-address";
import {
  createAddressMatcher,
  networkPrefixOf,
  normalizeIpAddress,
  parseCidr,
} from "../src/defence/ip-address";
import { TestBrowser } from "./support/browser";
import { createTestPortal } from "./support/harness";

function matcher(...cidrs: string[]) {
  return createAddressMatcher(cidrs.map((cidr) => parseCidr(cidr) ?? assert.fail(cidr)));
}

describe("addresses and CIDR ranges", () => {
  test("addresses are normalised to one canonical text (RFC 5952, IPv4-mapped as IPv4)", () => {
    const cases: [string, string | null][] = [
      ["192.0.2.1", "192.0.2.1"],
      ["::ffff:192.0.2.1", "192.0.2.1"],
      ["2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
      ["2001:db8::", "2001:db8::"],
      ["::1", "::1"],
      ["300.1.1.1", null],
      ["fe80::1%eth0", null],
      ["not an address", null],
    ];
    for (const [input, expected] of cases) assert.equal(normalizeIpAddress(input), expected, input);
  });

  test("CIDR ranges clear host bits and refuse impossible prefixes", () => {
    assert.equal(parseCidr("192.0.2.77/24")?.cidr, "192.0.2.0/24");
    assert.equal(parseCidr("2001:db8:1:2::1/32")?.cidr, "2001:db8::/32");
    assert.equal(parseCidr("198.51.100.7")?.cidr, "198.51.100.7/32");
    for (const bad of ["1.2.3.4/33", "2001:db8::/129", "1.2.3.4/x", "1.2.3.4/24/1", ""]) {
      assert.equal(parseCidr(bad), null, bad);
    }
  });

  test("per-network throttles group a /24 of IPv4 and a /56 of IPv6", () => {
    assert.equal(networkPrefixOf("203.0.113.200"), "203.0.113.0/24");
    assert.equal(networkPrefixOf("2001:db8:1:2ff:3::1"), "2001:db8:1:200::/56");
  });

  test("net.BlockList matching covers IPv4, IPv6 and IPv4-mapped addresses", () => {
    const ranges = matcher("10.0.0.0/8", "2001:db8::/32");
    assert.ok(ranges.matches("10.200.0.1"));
    assert.ok(ranges.matches("::ffff:10.0.0.1"));
    assert.ok(ranges.matches("2001:db8:ffff::1"));
    assert.ok(!ranges.matches("11.0.0.1"));
    assert.ok(!ranges.matches(null));
  });
});

describe("the client address behind proxies", () => {
  const trusted = matcher("10.0.0.0/8", "2001:db8:ffff::/48");

  test("X-Forwarded-For is ignored from a peer that is not a trusted proxy", () => {
    assert.equal(
      resolveClientAddress({
        socketAddress: "198.51.100.9",
        forwardedFor: "192.0.2.1",
        trustedProxies: trusted,
      }),
      "198.51.100.9",
    );
  });

  test("from a trusted proxy, the rightmost address that is not ours is the client", () => {
    const resolve = (forwardedFor: string) =>
      resolveClientAddress({ socketAddress: "10.0.0.2", forwardedFor, trustedProxies: trusted });
    // The client forged the first entry; our proxies appended the rest.
    assert.equal(resolve("1.1.1.1, 192.0.2.44, 10.0.0.7"), "192.0.2.44");
    assert.equal(resolve("192.0.2.44:5123"), "192.0.2.44");
    assert.equal(resolve("[2001:db8:1::5]:443, 2001:db8:ffff::1"), "2001:db8:1::5");
    assert.equal(resolve("10.0.0.9, 10.0.0.8"), "10.0.0.9", "all hops ours: the farthest");
    assert.equal(resolve("garbage, 10.0.0.8"), "10.0.0.8", "garbage ends the walk");
    assert.equal(
      resolveClientAddress({
        socketAddress: "::ffff:10.0.0.2",
        forwardedFor: undefined,
        trustedProxies: trusted,
      }),
      "10.0.0.2",
    );
  });

  test("rotating X-Forwarded-For from an untrusted peer does not escape the per-address throttle", async () => {
    const portal = createTestPortal({ TRUSTED_PROXIES: "10.0.0.1" });
    const attacker = new TestBrowser(portal, { ipAddress: "198.51.100.9" });
    const statuses: number[] = [];
    for (let index = 0; index < 11; index++) {
      const response = await attacker.post(
        "/login",
        { loginId: `user${index}`, password: "guess password 1" },
        { headers: { "x-forwarded-for": `192.0.2.${index + 1}` } },
      );
      statuses.push(response.status);
    }
    assert.deepEqual(statuses, [...new Array(10).fill(401), 429]);
  });

  test("through a trusted proxy, each forwarded client has its own budget", async () => {
    const portal = createTestPortal({ TRUSTED_PROXIES: "10.0.0.1, 2001:db8::/32" });
    const proxy = new TestBrowser(portal, { ipAddress: "10.0.0.1" });
    for (let index = 0; index < 11; index++) {
      const response = await proxy.post(
        "/login",
        { loginId: `user${index}`, password: "guess password 1" },
        // 11 addresses in 11 different /24 networks.
        { headers: { "x-forwarded-for": `192.0.${index}.1` } },
      );
      assert.equal(response.status, 401, `client ${index}`);
    }
  });

  test("TRUSTED_PROXIES and REKEY_METRICS_ALLOW are validated at start, by name", () => {
    assert.throws(
      () =>
        loadConfig({ TRUSTED_PROXIES: "10.0.0.0/8, proxy.example", REKEY_METRICS_ALLOW: "::/200" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /TRUSTED_PROXIES=.*"proxy.example" is not an IPv4 or IPv6 address/.test(error.message) &&
        /REKEY_METRICS_ALLOW/.test(error.message),
    );
    const config = loadConfig({ TRUSTED_PROXIES: "10.0.0.0/8, 2001:db8::1" });
    assert.deepEqual(
      config.defence.trustedProxies.map((range) => range.cidr),
      ["10.0.0.0/8", "2001:db8::1/128"],
    );
    assert.throws(() => loadConfig({ REKEY_METRICS_TOKEN: "short" }), /REKEY_METRICS_TOKEN/);
  });
});
