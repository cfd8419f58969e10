import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError, loadConfig } from "../src/config";
import { queueEmails } from "../src/mail/outbox";
import { registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";

/** A GET of the viewer as a client at `socketAddress` would send it, to `url`. */
function requestViewer(
  portal: TestPortal,
  options: { socketAddress: string; url?: string; headers?: Record<string, string> },
) {
  return portal.app.request(
    options.url ?? "http://localhost:3000/dev/mail",
    { headers: options.headers },
    { incoming: { socket: { remoteAddress: options.socketAddress } } } as never,
  );
}

/** A portal whose outbox holds a verification mail with a live link. */
async function portalWithMail(environment: Record<string, string> = {}) {
  const portal = createTestPortal(environment);
  await registerAndSignIn(portal, { loginId: "taro" });
  return portal;
}

describe("the development mail viewer", () => {
  test("the quick-start configuration shows the outbox to a browser on this machine", async () => {
    const portal = await portalWithMail({ NODE_ENV: "development" });
    const local = new TestBrowser(portal, { ipAddress: "127.0.0.1" });
    const list = await local.get("/dev/mail");
    assert.equal(list.status, 200);
    assert.match(list.text, /Confirm your e-mail address for rekey/);
    assert.match(list.headers.get("cache-control") ?? "", /no-store/);
    for (const socketAddress of ["::1", "::ffff:127.0.0.1"]) {
      assert.equal((await requestViewer(portal, { socketAddress })).status, 200, socketAddress);
    }
  });

  test("a request from another machine gets 404 even on a loopback origin", async () => {
    // HOST=0.0.0.0 makes the portal reachable from the network whatever its origin says.
    const portal = await portalWithMail();
    for (const path of ["/dev/mail", "/dev/mail/1", "/dev/mail/1/html"]) {
      const remote = await new TestBrowser(portal, { ipAddress: "192.0.2.7" }).get(path);
      assert.equal(remote.status, 404, path);
      assert.doesNotMatch(remote.text, /verify-email/);
    }
  });

  test("a request relayed by a proxy on this machine gets 404", async () => {
    const portal = await portalWithMail();
    const relayed = await requestViewer(portal, {
      socketAddress: "127.0.0.1",
      headers: { "x-forwarded-for": "192.0.2.7" },
    });
    assert.equal(relayed.status, 404);
    const forwarded = await requestViewer(portal, {
      socketAddress: "127.0.0.1",
      headers: { forwarded: "for=192.0.2.7" },
    });
    assert.equal(forwarded.status, 404);
  });

  test("a request sent to another host name (DNS rebinding) gets 404", async () => {
    const portal = await portalWithMail();
    const rebound = await requestViewer(portal, {
      socketAddress: "127.0.0.1",
      url: "http://rebind.attacker.example:3000/dev/mail",
    });
    assert.equal(rebound.status, 404);
  });

  test("an https origin never serves it, even with REKEY_DEV_MAIL=auto in development", async () => {
    // An empty viewer would still answer 200, so 404 says the route is absent.
    const portal = createTestPortal({
      NODE_ENV: "development",
      REKEY_ORIGIN: "https://portal.example.jp",
    });
    const local = await requestViewer(portal, {
      socketAddress: "127.0.0.1",
      url: "https://portal.example.jp/dev/mail",
    });
    assert.equal(local.status, 404);
    assert.equal((await requestViewer(portal, { socketAddress: "127.0.0.1" })).status, 404);
  });

  test("a configured SMTP relay turns it off: the outbox then holds real members' mail", async () => {
    const portal = await portalWithMail({ SMTP_URL: "smtp://relay.example.jp:587" });
    assert.equal(portal.deps.config.mail.devViewer, false);
    assert.equal((await requestViewer(portal, { socketAddress: "127.0.0.1" })).status, 404);
  });

  test("REKEY_DEV_MAIL=off turns it off on a loopback origin", async () => {
    const portal = await portalWithMail({ REKEY_DEV_MAIL: "off" });
    assert.equal((await requestViewer(portal, { socketAddress: "127.0.0.1" })).status, 404);
  });

  test("REKEY_DEV_MAIL=on where the viewer could expose a member stops the start, by name", () => {
    for (const environment of [
      { REKEY_ORIGIN: "https://portal.example.jp" },
      { REKEY_ORIGIN: "http://portal.example.jp" },
      { SMTP_URL: "smtp://relay.example.jp:587" },
    ]) {
      assert.throws(
        () => loadConfig({ ...environment, REKEY_DEV_MAIL: "on" }),
        (error: unknown) => error instanceof ConfigError && /REKEY_DEV_MAIL=on/.test(error.message),
        JSON.stringify(environment),
      );
    }
    assert.equal(loadConfig({ REKEY_DEV_MAIL: "on" }).mail.devViewer, true);
    assert.equal(loadConfig({ REKEY_ORIGIN: "http://[::1]:3000" }).mail.devViewer, true);
    assert.throws(() => loadConfig({ REKEY_DEV_MAIL: "yes" }), /REKEY_DEV_MAIL="yes"/);
  });

  test("pages 50 at a time, newest first, and searches by a part of the recipient's address", async () => {
    const portal = createTestPortal({ NODE_ENV: "development" });
    await queueEmails(
      portal.deps.database,
      portal.clock,
      Array.from({ length: 120 }, (_, index) => ({
        idempotencyKey: `test:${index}`,
        memberId: null,
        recipient: index % 2 === 0 ? `even${index}@example.jp` : `odd_${index}@example.jp`,
        language: "en" as const,
        template: { kind: "email-change-attempt" as const, loginId: `member${index}` },
      })),
    );
    const local = new TestBrowser(portal, { ipAddress: "127.0.0.1" });
    const recipientsOn = (html: string) =>
      [...html.matchAll(/<td>((?:even|odd_)\d+)@example\.jp<\/td>/g)].map((match) => match[1]);

    const first = await local.get("/dev/mail");
    const firstRecipients = recipientsOn(first.text);
    assert.equal(firstRecipients.length, 50);
    assert.equal(firstRecipients[0], "odd_119", "newest first");
    const older = /<a href="([^"]+)" rel="next">/.exec(first.text)?.[1]?.replace(/&amp;/g, "&");
    assert.ok(older, "a link to older e-mail");
    const second = await local.get(older);
    assert.equal(recipientsOn(second.text)[0], "odd_69");
    assert.match(second.text, /Newest e-mail/);

    const search = await local.get("/dev/mail?to=odd_");
    const found = recipientsOn(search.text);
    assert.equal(found.length, 50);
    assert.ok(
      found.every((recipient) => recipient?.startsWith("odd_")),
      "the underscore is literal",
    );
    const all = new Set<string>();
    let path: string | undefined = "/dev/mail?to=odd_";
    while (path) {
      const page = await local.get(path);
      for (const recipient of recipientsOn(page.text)) all.add(recipient ?? "");
      path = /<a href="([^"]+)" rel="next">/.exec(page.text)?.[1]?.replace(/&amp;/g, "&");
      if (path) assert.match(path, /to=odd_/, "paging keeps the search");
    }
    assert.equal(all.size, 60);
    assert.deepEqual(recipientsOn((await local.get("/dev/mail?to=EVEN11")).text), [
      "even118",
      "even116",
      "even114",
      "even112",
      "even110",
    ]);
    const none = await local.get("/dev/mail?to=nobody");
    assert.match(none.text, /No e-mail to an address containing &quot;nobody&quot;\./);
    assert.match(first.text, /<td data-status="pending">Waiting<\/td>/, "the status in words");
  });
});
