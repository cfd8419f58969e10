import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, test } from "node:test";
import { CorpusSource } from "../src/breach/corpus-source";
import { openDefaultCorpusInMemory } from "../src/breach/default-corpus";
import { HibpRangeSource, LayeredBreachSource, type OnlineFailureMode } from "../src/breach/online";
import { BreachSourceUnavailableError } from "../src/breach/source";
import { addCorpusSource } from "../src/breach/sources";
import { ConfigError, loadConfig } from "../src/config";
import { sha1Hex } from "./support/breach";
import { createTestPortal } from "./support/harness";

interface SeenRequest {
  url: string;
  headers: IncomingHttpHeaders;
}

/** A fake range API on 127.0.0.1; `answer` decides each response. */
async function startRangeServer(
  t: { after: (fn: () => Promise<void> | void) => void },
  answer: (prefix: string, response: ServerResponse) => void,
) {
  const requests: SeenRequest[] = [];
  const server = createServer((request, response) => {
    requests.push({ url: request.url ?? "", headers: request.headers });
    answer((request.url ?? "").replace("/range/", ""), response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { requests, rangeUrl: new URL(`http://127.0.0.1:${port}/range/`) };
}

/** An answer like HIBP's: CRLF rows, the real ones plus zero-count padding rows. */
function rangeBody(rows: [suffix: string, count: number][]): string {
  const padding = Array.from(
    { length: 5 },
    (_, index) => [`${"F".repeat(30)}${String(index).padStart(5, "0")}`, 0] as const,
  );
  return [...rows, ...padding].map(([suffix, count]) => `${suffix}:${count}`).join("\r\n");
}

function rangeSource(rangeUrl: URL, failureMode: OnlineFailureMode, extra = {}) {
  return new HibpRangeSource({ rangeUrl, timeoutInMilliseconds: 300, failureMode, ...extra });
}

const hunter2 = sha1Hex("hunter2");

describe("online HIBP range source", () => {
  test("only the 5-hex prefix leaves the machine, with Add-Padding", async (t) => {
    const api = await startRangeServer(t, (_, response) => {
      response.end(rangeBody([[hunter2.slice(5).toLowerCase(), 17_043]]));
    });
    const result = await rangeSource(api.rangeUrl, "fail-closed").isBreached("hunter2");
    assert.deepEqual(result, { breached: true, count: 17_043 });
    assert.equal(api.requests.length, 1);
    const [request] = api.requests;
    assert.equal(request?.url, `/range/${hunter2.slice(0, 5)}`);
    assert.equal(request?.headers["add-padding"], "true");
    const sent = JSON.stringify(request).toUpperCase();
    assert.ok(!sent.includes(hunter2.slice(5, 15)), "no part of the suffix is sent");
    assert.ok(!sent.includes("HUNTER2"));
  });

  test("padding rows (count 0) do not make a password breached", async (t) => {
    const api = await startRangeServer(t, (_, response) => {
      response.end(rangeBody([[hunter2.slice(5), 0]]));
    });
    assert.deepEqual(await rangeSource(api.rangeUrl, "fail-closed").isBreached("hunter2"), {
      breached: false,
    });
  });

  test("answers are cached per prefix until they expire", async (t) => {
    const api = await startRangeServer(t, (_, response) => {
      response.end(rangeBody([[hunter2.slice(5), 3]]));
    });
    let now = 0;
    const source = rangeSource(api.rangeUrl, "fail-closed", {
      now: () => now,
      cacheTimeToLiveInMilliseconds: 60_000,
    });
    await source.isBreached("hunter2");
    await source.isBreached("hunter2");
    assert.equal(api.requests.length, 1);
    now = 61_000;
    await source.isBreached("hunter2");
    assert.equal(api.requests.length, 2);
  });

  for (const [problem, answer] of [
    ["a timeout", () => {}],
    ["a server error", (response: ServerResponse) => response.writeHead(503).end("busy")],
    [
      "a garbage answer",
      (response: ServerResponse) => response.end("<html>Cloudflare says hello</html>"),
    ],
    ["an empty answer", (response: ServerResponse) => response.end("")],
    [
      "an oversized answer",
      (response: ServerResponse) => response.end(`${"0".repeat(35)}:1\r\n`.repeat(40_000)),
    ],
  ] as const) {
    test(`${problem}: fail-open answers not breached, fail-closed refuses to answer`, async (t) => {
      const api = await startRangeServer(t, (_, response) => answer(response));
      const failures: Error[] = [];
      const open = rangeSource(api.rangeUrl, "fail-open", {
        onFailure: (error: Error) => failures.push(error),
      });
      assert.deepEqual(await open.isBreached("hunter2"), { breached: false });
      assert.equal(failures.length, 1);
      await assert.rejects(
        rangeSource(api.rangeUrl, "fail-closed").isBreached("hunter2"),
        BreachSourceUnavailableError,
      );
    });
  }

  test("the local corpus answers known passwords without any request", async (t) => {
    const onlineOnly = sha1Hex("violet tractor 9 moons");
    const api = await startRangeServer(t, (_, response) => {
      response.end(rangeBody([[onlineOnly.slice(5), 2]]));
    });
    const layered = new LayeredBreachSource(
      CorpusSource.fromReader(openDefaultCorpusInMemory),
      rangeSource(api.rangeUrl, "fail-closed"),
    );
    assert.deepEqual(await layered.isBreached("iloveyou"), { breached: true });
    assert.equal(api.requests.length, 0);
    assert.deepEqual(await layered.isBreached("violet tractor 9 moons"), {
      breached: true,
      count: 2,
    });
    assert.equal(api.requests.length, 1);
    assert.match(layered.version, /^[0-9a-f]{16}\+hibp-range-api$/);
  });

  test("the configuration turns it on through Deps; it is off by default", async (t) => {
    const api = await startRangeServer(t, (_, response) => response.end(rangeBody([])));
    assert.equal(loadConfig({}).breachOnlineMode, "off");
    assert.doesNotMatch(createTestPortal().deps.breachSource.version, /hibp/);
    const { deps } = createTestPortal({
      REKEY_BREACH_ONLINE: "fail-closed",
      REKEY_BREACH_ONLINE_URL: api.rangeUrl.href,
    });
    assert.deepEqual(await deps.breachSource.isBreached("violet tractor 9 moons"), {
      breached: false,
    });
    assert.equal(api.requests.length, 1);
  });

  test("a source added to the local stack answers before the API is asked", async (t) => {
    const api = await startRangeServer(t, (_, response) => response.end(rangeBody([])));
    const { deps } = createTestPortal({
      REKEY_BREACH_ONLINE: "fail-closed",
      REKEY_BREACH_ONLINE_URL: api.rangeUrl.href,
    });
    await addCorpusSource(deps, {
      name: "leak.txt",
      kind: "combo-scan",
      passwords: ["violet tractor 9 moons"],
    });
    assert.deepEqual(await deps.breachSource.isBreached("violet tractor 9 moons"), {
      breached: true,
    });
    assert.equal(api.requests.length, 0, "known locally: nothing leaves the machine");
  });

  test("bad online settings stop the start with their names", () => {
    assert.throws(
      () =>
        loadConfig({
          REKEY_BREACH_ONLINE: "sometimes",
          REKEY_BREACH_ONLINE_TIMEOUT_MS: "5",
          REKEY_BREACH_ONLINE_URL: "ftp://example.jp/",
        }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /REKEY_BREACH_ONLINE="sometimes"/.test(error.message) &&
        /REKEY_BREACH_ONLINE_TIMEOUT_MS="5"/.test(error.message) &&
        /REKEY_BREACH_ONLINE_URL="ftp:\/\/example.jp\/"/.test(error.message),
    );
    assert.throws(
      () =>
        loadConfig({
          NODE_ENV: "production",
          REKEY_ORIGIN: "https://portal.example.jp",
          REKEY_BREACH_ONLINE: "fail-open",
          REKEY_BREACH_ONLINE_URL: "http://mirror.example.jp/range/",
        }),
      /production needs an https range API/,
    );
  });
});
