import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { describe, test } from "node:test";
import { serve } from "@hono/node-server";
import type { TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal, testOrigin } from "./support/harness";
import { createPersonas } from "./support/routes";

const dotSegmentPaths = [
  "/static/%2e%2e/account",
  "/static/.%2e/account",
  "/static/%2E./account",
  "/static/%2E%2E/account",
  "/static/../account",
  "/static/./../account",
  "/account/.",
  "/account/%2e",
];
const encodedSeparatorPaths = ["/static/..%2faccount", "/static/..%2Faccount", "/account%5cx"];

function cookieHeaderOf(browser: TestBrowser): string {
  return [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
}

/**
 * A request with its target exactly as written, as @hono/node-server hands it over: the
 * Request's URL is already resolved (WHATWG URL), the raw target is `incoming.url`.
 */
async function requestRawTarget(portal: TestPortal, target: string, browser: TestBrowser) {
  const response = await portal.app.request(
    `${testOrigin}${target}`,
    { headers: { cookie: cookieHeaderOf(browser) } },
    { incoming: { url: target, socket: { remoteAddress: "203.0.113.10" } } } as never,
  );
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Writes the request line by hand over TCP: fetch and URL would resolve the dots first. */
async function sendOverSocket(port: number, requestLine: string, cookie: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => {
      received += chunk;
    });
    socket.on("end", () => resolve(received));
    socket.on("error", reject);
    socket.write(
      `${requestLine}\r\nHost: localhost:3000\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`,
    );
  });
}

describe("raw request paths with dot segments or encoded separators", () => {
  for (const path of [...dotSegmentPaths, ...encodedSeparatorPaths]) {
    test(`${path} sent as written is a 400 that shows nothing of the member and is never stored`, async () => {
      const portal = createTestPortal();
      const { member } = await createPersonas(portal);
      const response = await requestRawTarget(portal, path, member);
      assert.equal(response.status, 400);
      assert.doesNotMatch(response.text, /member@example\.jp/);
      assert.doesNotMatch(response.text, /data-field=/);
      assert.match(response.text, /not one this site uses/);
      assert.match(response.headers.get("cache-control") ?? "", /no-store/);
      assert.equal(response.headers.getSetCookie().length, 0);
    });
  }

  test("over a real socket, dot segments in origin or absolute form are refused before routing", async (t) => {
    const portal = createTestPortal();
    const { member } = await createPersonas(portal);
    const server = serve({ fetch: portal.app.fetch, port: 0, hostname: "127.0.0.1" });
    t.after(() => server.close());
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    const cookie = cookieHeaderOf(member);

    const account = await sendOverSocket(port, "GET /account HTTP/1.1", cookie);
    assert.match(account, /^HTTP\/1\.1 200 /, "the member's own page answers as usual");
    assert.match(account, /member@example\.jp/);
    for (const target of [
      "/static/%2e%2e/account",
      "/static/.%2e/account",
      "/static/../account",
      "/static/..%2Faccount",
      "http://localhost:3000/static/%2e%2e/account",
    ]) {
      const raw = await sendOverSocket(port, `GET ${target} HTTP/1.1`, cookie);
      assert.match(raw, /^HTTP\/1\.1 400 /, target);
      assert.match(raw, /cache-control: no-store, private/i, target);
      assert.doesNotMatch(raw, /member@example\.jp/, target);
    }
  });

  test("ordinary paths, static assets and dots in the query string still answer", async () => {
    const portal = createTestPortal();
    const { member } = await createPersonas(portal);
    const account = await requestRawTarget(portal, "/account", member);
    assert.equal(account.status, 200);
    const stylesheet = /href="(\/static\/[^"]+)"/.exec(account.text)?.[1] ?? "";
    const asset = await requestRawTarget(portal, stylesheet, member);
    assert.equal(asset.status, 200);
    const login = await requestRawTarget(portal, "/login?next=/static/../account%2e", member);
    assert.notEqual(login.status, 400);
  });

  test("double slashes reach no page: //account is a 404, not the account page", async () => {
    const portal = createTestPortal();
    const { member } = await createPersonas(portal);
    for (const path of ["//account", "///account", "/account//", "//admin", "/static//account"]) {
      const response = await requestRawTarget(portal, path, member);
      assert.equal(response.status, 404, path);
      assert.doesNotMatch(response.text, /member@example\.jp/, path);
    }
  });
});
