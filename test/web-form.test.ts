import assert from "node:assert/strict";
import { once } from "node:events";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, test } from "node:test";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { describeDevice } from "../src/sessions/device";
import { parseUrlEncoded, readFormBody } from "../src/web/form";
import { safeNextPath } from "../src/web/page";
import { RequestProblem } from "../src/web/problems";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("form bodies", () => {
  test("decode percent-escapes and plus signs as UTF-8", () => {
    const fields = parseUrlEncoded(bytes("a=%E3%83%91%E3%82%B9+word&b=&c"));
    assert.equal(fields.get("a"), "パス word");
    assert.equal(fields.get("b"), "");
    assert.equal(fields.get("c"), "");
  });

  test("the first of two fields with one name wins", () => {
    assert.equal(parseUrlEncoded(bytes("role=member&role=admin")).get("role"), "member");
  });

  test("invalid UTF-8 is refused rather than replaced", () => {
    for (const body of ["a=%C3%28", "a=%FF", "a=%ED%A0%80"]) {
      assert.throws(
        () => parseUrlEncoded(bytes(body)),
        (error: unknown) => error instanceof RequestProblem && error.status === 400,
      );
    }
  });
});

describe("return paths", () => {
  test("only same-site paths are followed", () => {
    assert.equal(safeNextPath("/account/sessions"), "/account/sessions");
    for (const value of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "account",
      "/a b",
      "/\u0000",
      undefined,
      "",
    ]) {
      assert.equal(safeNextPath(value), "/account", String(value));
    }
  });
});

describe("device descriptions", () => {
  const cases: [string | null, string | null][] = [
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
      "Safari · iOS",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0",
      "Edge · Windows",
    ],
    [
      "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
      "Chrome · Android",
    ],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0; rv:121.0) Gecko/20100101 Firefox/121.0",
      "Firefox · macOS",
    ],
    ["<script>alert(1)</script>", null],
    [null, null],
  ];
  for (const [userAgent, expected] of cases) {
    test(`${expected ?? "nothing"} from ${String(userAgent).slice(0, 40)}`, () => {
      assert.equal(describeDevice(userAgent), expected);
    });
  }
});

describe("form bodies over real HTTP (@hono/node-server)", () => {
  /** A one-route server that answers the parsed form, or the RequestProblem's status. */
  async function withFormServer(work: (port: number) => Promise<void>): Promise<void> {
    const app = new Hono();
    app.post("/form", async (c) => {
      try {
        const form = await readFormBody(c, { allowUpload: false, limitInBytes: 64 });
        return c.json(Object.fromEntries(form));
      } catch (error) {
        if (error instanceof RequestProblem) return c.text("refused", error.status);
        throw error;
      }
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await once(server, "listening");
    try {
      await work((server.address() as AddressInfo).port);
    } finally {
      server.close();
    }
  }

  const post = (port: number, body: string, headers: Record<string, string>) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const outgoing = request(
        { host: "127.0.0.1", port, method: "POST", path: "/form", headers },
        (incoming) => {
          let text = "";
          incoming.on("data", (chunk) => {
            text += chunk;
          });
          incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, text }));
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  const form = "application/x-www-form-urlencoded";

  test("a body with a Content-Length is read whole, and refused (413) when declared too large", async () => {
    await withFormServer(async (port) => {
      const small = "loginId=hanako&password=a+b";
      const read = await post(port, small, {
        "content-type": form,
        "content-length": String(small.length),
      });
      assert.deepEqual(JSON.parse(read.text), { loginId: "hanako", password: "a b" });
      const large = `loginId=${"x".repeat(100)}`;
      const refused = await post(port, large, {
        "content-type": form,
        "content-length": String(large.length),
      });
      assert.equal(refused.status, 413);
    });
  });

  test("a chunked body is cut off (413) once it passes the limit", async () => {
    await withFormServer(async (port) => {
      const small = await post(port, "loginId=taro", {
        "content-type": form,
        "transfer-encoding": "chunked",
      });
      assert.deepEqual(JSON.parse(small.text), { loginId: "taro" });
      const large = await post(port, `loginId=${"x".repeat(100)}`, {
        "content-type": form,
        "transfer-encoding": "chunked",
      });
      assert.equal(large.status, 413);
    });
  });
});

describe("form errors", () => {
  test("each error is shown once, beside its field, and the summary links to the field by name", async () => {
    const { createTestPortal } = await import("./support/harness");
    const { TestBrowser } = await import("./support/browser");
    const portal = createTestPortal();
    const browser = new TestBrowser(portal);
    const response = await browser.post("/register", {
      loginId: "a",
      email: "not an address",
      password: "short",
    });
    assert.equal(response.status, 400);
    const summary = /<div class="error-summary"[^>]*>(.*?)<\/div>/s.exec(response.text)?.[1] ?? "";
    assert.match(summary, /<a href="#loginId">Login ID<\/a>/);
    assert.match(summary, /<a href="#email">E-mail address<\/a>/);
    for (const message of [
      "Use 3 to 32 letters, digits, dots, hyphens or underscores.",
      "Enter an e-mail address such as name@example.com.",
    ]) {
      assert.equal(response.text.split(message).length - 1, 1, `"${message}" once`);
    }
    assert.match(
      response.text,
      /<p class="error" id="loginId-error">Use 3 to 32[^<]*<\/p><input id="loginId"[^>]*aria-describedby="loginId-hint loginId-error"/,
    );
  });
});
