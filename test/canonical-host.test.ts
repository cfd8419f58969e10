import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { serve } from "@hono/node-server";
import { createTestPortal, type TestPortal } from "./support/harness";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request over a real socket, so the Host header is what a browser would send. */
function send(
  port: number,
  options: { path: string; host: string; method?: string; headers?: Record<string, string> },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path: options.path,
        method: options.method ?? "GET",
        headers: { host: options.host, ...options.headers },
      },
      (incoming) => {
        let body = "";
        incoming.setEncoding("utf8");
        incoming.on("data", (chunk) => {
          body += chunk;
        });
        incoming.on("end", () =>
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }),
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end(options.method === "POST" ? "loginId=a&password=b" : undefined);
  });
}

/** The portal behind a real listener on 127.0.0.1, its origin http://localhost:PORT. */
async function listen(environment: Record<string, string> = {}) {
  let portal: TestPortal | undefined;
  const server = serve({
    fetch: (request, env) => (portal as TestPortal).app.fetch(request, env),
    port: 0,
    hostname: "127.0.0.1",
  });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  portal = createTestPortal({ REKEY_ORIGIN: `http://localhost:${port}`, ...environment });
  return {
    port,
    origin: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("the portal answers at REKEY_ORIGIN only", () => {
  let running: Awaited<ReturnType<typeof listen>>;
  before(async () => {
    running = await listen();
  });
  after(() => running.close());

  test("a GET at 127.0.0.1 is sent to the origin with a 308, path and query kept", async () => {
    const answer = await send(running.port, {
      path: "/login?next=%2Faccount",
      host: `127.0.0.1:${running.port}`,
    });
    assert.equal(answer.status, 308);
    assert.equal(answer.headers.location, `${running.origin}/login?next=%2Faccount`);
  });

  test("a HEAD at another host is redirected the same way", async () => {
    const answer = await send(running.port, {
      path: "/",
      host: `127.0.0.1:${running.port}`,
      method: "HEAD",
    });
    assert.equal(answer.status, 308);
    assert.equal(answer.headers.location, `${running.origin}/`);
  });

  test("a form sent to 127.0.0.1 gets a page naming the right address, not a CSRF refusal", async () => {
    const answer = await send(running.port, {
      path: "/login",
      host: `127.0.0.1:${running.port}`,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(answer.status, 421);
    assert.match(answer.body, new RegExp(`This portal answers at ${running.origin}\\.`));
    assert.match(answer.body, new RegExp(`href="${running.origin}/login"`));
    assert.doesNotMatch(answer.body, /expired or was sent from another site/);
  });

  test("the page is in Japanese for a Japanese browser", async () => {
    const answer = await send(running.port, {
      path: "/login",
      host: `127.0.0.1:${running.port}`,
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "accept-language": "ja",
      },
    });
    assert.equal(answer.status, 421);
    assert.match(answer.body, new RegExp(`このポータルのアドレスは ${running.origin} です。`));
  });

  test("a path that looks like another host stays on this origin", async () => {
    const answer = await send(running.port, {
      path: "//evil.example/login",
      host: `127.0.0.1:${running.port}`,
    });
    assert.equal(answer.status, 308);
    assert.equal(answer.headers.location, `${running.origin}//evil.example/login`);
  });

  test("the origin's own host is served as before", async () => {
    const answer = await send(running.port, { path: "/login", host: `localhost:${running.port}` });
    assert.equal(answer.status, 200);
  });

  test("the bearer-key API answers at any host name: tooling may call it by an internal address", async () => {
    const answer = await send(running.port, {
      path: "/admin/api/bulk-resets",
      host: `127.0.0.1:${running.port}`,
    });
    assert.equal(answer.status, 401, "judged by its key, not redirected");
  });

  test("health probes by IP address are answered, not redirected", async () => {
    const answer = await send(running.port, {
      path: "/healthz",
      host: `127.0.0.1:${running.port}`,
    });
    assert.equal(answer.status, 200);
  });
});

describe("behind a trusted proxy the forwarded host is what counts", () => {
  let running: Awaited<ReturnType<typeof listen>>;
  before(async () => {
    running = await listen({ TRUSTED_PROXIES: "127.0.0.1/32" });
  });
  after(() => running.close());

  test("X-Forwarded-Host naming the origin is served, whatever Host the proxy used", async () => {
    const answer = await send(running.port, {
      path: "/login",
      host: "upstream.internal:3000",
      headers: { "x-forwarded-host": `localhost:${running.port}` },
    });
    assert.equal(answer.status, 200);
  });

  test("X-Forwarded-Host naming another host is redirected", async () => {
    const answer = await send(running.port, {
      path: "/login",
      host: `localhost:${running.port}`,
      headers: { "x-forwarded-host": "rekey.other.example" },
    });
    assert.equal(answer.status, 308);
    assert.equal(answer.headers.location, `${running.origin}/login`);
  });

  test("a proxy that forwards no host is left to choose it", async () => {
    const answer = await send(running.port, { path: "/login", host: "upstream.internal:3000" });
    assert.equal(answer.status, 200);
  });
});
