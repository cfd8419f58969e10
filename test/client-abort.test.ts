import assert from "node:assert/strict";
import { type AddressInfo, connect } from "node:net";
import { describe, test } from "node:test";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { createTestPortal } from "./support/harness";

type LogLine = { level: number; msg: string; status?: number; route?: string };

/** The real app on a free port of 127.0.0.1, its log lines captured as JSON. */
async function startLoggedServer(t: { after: (fn: () => void) => void }) {
  const lines: LogLine[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const portal = createTestPortal({}, { logger });
  const server = serve({ fetch: portal.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  t.after(() => server.close());
  return { lines, port: (server.address() as AddressInfo).port };
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let waited = 0; waited < 10_000 && !condition(); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a client that closes the connection", () => {
  test("mid-request is logged at info with status 499, not as an unhandled error", async (t) => {
    const { lines, port } = await startLoggedServer(t);
    const socket = connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    // Promises 5000 bytes of form, sends a few, then hangs up while the portal reads the body.
    socket.write(
      [
        "POST /login HTTP/1.1",
        // The portal's origin (testOrigin), as a browser there sends it: any other host name
        // is answered at once (redirected), before the body is read.
        "Host: localhost:3000",
        "Content-Type: application/x-www-form-urlencoded",
        "Content-Length: 5000",
        "Origin: http://localhost:3000",
        "",
        "loginId=taro&pass",
      ].join("\r\n"),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    await waitFor(() => lines.some((line) => line.msg === "request"));

    assert.deepEqual(
      lines.filter((line) => line.level >= 40),
      [],
      "no warning or error line",
    );
    assert.ok(
      lines.some((line) => line.level === 30 && line.msg === "client closed the connection"),
    );
    const request = lines.find((line) => line.msg === "request");
    assert.equal(request?.route, "/login");
    assert.equal(request?.status, 499);
  });
});
