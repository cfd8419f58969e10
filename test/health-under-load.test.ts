import assert from "node:assert/strict";
import { once } from "node:events";
import { get } from "node:http";
import { describe, test } from "node:test";
import { Worker } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";
import { createTestPortal } from "./support/harness";
import { createSignInSender, startSaturablePortal } from "./support/saturation";

const metricsToken = "metrics-token-for-tests-0123456789";

/** Counts every statement better-sqlite3 runs while `work` runs. */
async function countStatements(work: () => Promise<void>): Promise<number> {
  const probe = new BetterSqlite3(":memory:");
  const prototype = Object.getPrototypeOf(probe.prepare("select 1")) as Record<string, unknown>;
  probe.close();
  const methods = ["run", "get", "all", "iterate"] as const;
  const originals = methods.map((name) => prototype[name] as (...args: unknown[]) => unknown);
  let statements = 0;
  methods.forEach((name, index) => {
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      statements++;
      return originals[index]?.apply(this, args);
    };
  });
  try {
    await work();
  } finally {
    methods.forEach((name, index) => {
      prototype[name] = originals[index];
    });
  }
  return statements;
}

describe("health and metrics under load", () => {
  test("liveness, readiness and a metrics scrape run no database statement", async () => {
    const portal = createTestPortal({ REKEY_METRICS_TOKEN: metricsToken });
    const scrape = () =>
      portal.app.request("/metrics", { headers: { authorization: `Bearer ${metricsToken}` } });
    // The first scrape takes the first reading of the database-backed gauges.
    assert.equal((await scrape()).status, 200);
    const statements = await countStatements(async () => {
      for (let round = 0; round < 20; round++) {
        assert.equal((await portal.app.request("/healthz")).status, 200);
        assert.equal((await portal.app.request("/readyz")).status, 200);
        const metrics = await scrape();
        assert.equal(metrics.status, 200);
        assert.match(await metrics.text(), /rekey_under_attack 0/);
        assert.equal(metrics.headers.getSetCookie().length, 0);
      }
    });
    assert.equal(statements, 0);
  });

  test("while sign-ins saturate the argon2 pool, the operations port answers before they finish and the main port answers too", async (t) => {
    const portal = await startSaturablePortal({ REKEY_OPERATIONS_PORT: "0" });
    t.after(() => portal.stop());
    const operationsOrigin = `http://127.0.0.1:${portal.running.operationsAddress?.port}`;
    const signIn = await createSignInSender(portal.origin);
    // As much queued argon2 work as the capacity limit admits (64).
    const signIns = 64;
    let signInsDone = 0;
    const statuses: number[] = [];
    const load = Array.from({ length: signIns }, () =>
      signIn().then((status) => {
        statuses.push(status);
        signInsDone++;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const doneWhenAnswered: Record<string, number> = {};
    // A connection of its own, as a load balancer's probe has.
    const probe = async (url: string, headers: Record<string, string> = {}) => {
      const status = await new Promise<number>((resolve, reject) => {
        get(url, { headers, agent: false }, (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        }).on("error", reject);
      });
      doneWhenAnswered[url] = signInsDone;
      assert.equal(status, 200, url);
    };
    const scrape = { authorization: `Bearer ${metricsToken}` };
    const promised = [
      `${operationsOrigin}/healthz`,
      `${operationsOrigin}/readyz`,
      `${operationsOrigin}/metrics`,
    ];
    await Promise.all([
      ...promised.map((url) => probe(url, url.endsWith("/metrics") ? scrape : {})),
      // The main port queues behind member traffic (see the README's Operations section): it
      // must answer, but makes no promise about when.
      probe(`${portal.origin}/healthz`),
      probe(`${portal.origin}/readyz`),
      probe(`${portal.origin}/metrics`, scrape),
    ]);
    await Promise.all(load);
    // Each sign-in really reached argon2 (no throttle or capacity refusal short-cut).
    assert.ok(
      statuses.every((status) => status !== 429 && status !== 503),
      String(statuses),
    );
    for (const url of promised) {
      const done = doneWhenAnswered[url] ?? signIns;
      assert.ok(done < signIns, `${url} answered after ${done} of ${signIns} sign-ins`);
    }
  });
});

/**
 * Probes the operations port from a thread of its own, so its requests and their answers need
 * nothing from the main event loop, which the test then blocks. It waits for the main thread's
 * go-ahead, then asks each path in turn until it gets the status wanted (or 10 s pass), and
 * records the statuses in shared memory: the main thread reads them without an event loop.
 */
const proberSource = `
const { get } = require("node:http");
const { workerData } = require("node:worker_threads");
const { origin, paths, wanted, headers, shared } = workerData;
const flags = new Int32Array(shared);
Atomics.wait(flags, 0, 0);
const ask = (path) => new Promise((resolve) => {
  get(origin + path, { headers, agent: false }, (response) => {
    response.resume();
    response.on("end", () => resolve(response.statusCode));
  }).on("error", () => resolve(0));
});
(async () => {
  const giveUpAt = Date.now() + 10000;
  for (let index = 0; index < paths.length; index++) {
    let status = await ask(paths[index]);
    while (status !== wanted && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = await ask(paths[index]);
    }
    Atomics.store(flags, 2 + index, status);
  }
  Atomics.store(flags, 1, 1);
})();
`;

/**
 * Blocks the main thread for `blockInMilliseconds` (a wedged or saturated event loop) while the
 * prober asks the operations port; returns the statuses it got while the loop was still blocked,
 * or null when it had none before the loop was released.
 */
async function probeWhileMainThreadBlocked(options: {
  origin: string;
  paths: string[];
  wanted: number;
  blockInMilliseconds: number;
}): Promise<number[] | null> {
  const shared = new SharedArrayBuffer(4 * (2 + options.paths.length));
  const flags = new Int32Array(shared);
  const prober = new Worker(proberSource, {
    eval: true,
    workerData: { ...options, headers: { authorization: `Bearer ${metricsToken}` }, shared },
  });
  await once(prober, "online");
  try {
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
    const releaseAt = performance.now() + options.blockInMilliseconds;
    // Busy-waits: no timer, I/O callback or promise of the main thread runs meanwhile.
    while (performance.now() < releaseAt) {
      if (Atomics.load(flags, 1) === 1) {
        return options.paths.map((_, index) => Atomics.load(flags, 2 + index));
      }
    }
    return null;
  } finally {
    await prober.terminate();
  }
}

describe("the operations port answers from a thread of its own", () => {
  test("/healthz, /readyz and /metrics answer while the main event loop is blocked", async (t) => {
    const portal = await startSaturablePortal({ LOG_LEVEL: "silent", REKEY_OPERATIONS_PORT: "0" });
    t.after(() => portal.stop());
    const origin = `http://127.0.0.1:${portal.running.operationsAddress?.port}`;
    const statuses = await probeWhileMainThreadBlocked({
      origin,
      paths: ["/healthz", "/readyz", "/metrics"],
      wanted: 200,
      blockInMilliseconds: 2000,
    });
    assert.deepEqual(statuses, [200, 200, 200], "answered before the main loop was released");

    const scraped = await fetch(`${origin}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    const text = await scraped.text();
    assert.match(text, /rekey_under_attack 0/);
    assert.match(text, /^rekey_metrics_snapshot_age_seconds \d+\.\d+$/m);
    assert.equal(scraped.headers.get("cache-control"), "no-store, private");
    assert.equal(scraped.headers.get("set-cookie"), null);
  });

  test("/metrics on the operations port keeps the token rule", async (t) => {
    const portal = await startSaturablePortal({ LOG_LEVEL: "silent", REKEY_OPERATIONS_PORT: "0" });
    t.after(() => portal.stop());
    const origin = `http://127.0.0.1:${portal.running.operationsAddress?.port}`;
    const anonymous = await fetch(`${origin}/metrics`);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get("www-authenticate"), 'Bearer realm="metrics"');
    const wrong = await fetch(`${origin}/metrics`, {
      headers: { authorization: `Bearer ${"x".repeat(metricsToken.length)}` },
    });
    assert.equal(wrong.status, 401);
  });

  test("/metrics on the operations port refuses an address outside REKEY_METRICS_ALLOW", async (t) => {
    const portal = await startSaturablePortal({
      LOG_LEVEL: "silent",
      REKEY_OPERATIONS_PORT: "0",
      REKEY_METRICS_ALLOW: "192.0.2.0/24",
    });
    t.after(() => portal.stop());
    const origin = `http://127.0.0.1:${portal.running.operationsAddress?.port}`;
    const scraped = await fetch(`${origin}/metrics`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    assert.equal(scraped.status, 403);
  });

  test("/healthz and /readyz turn 503 when the main thread stops publishing", async (t) => {
    const portal = await startSaturablePortal(
      { LOG_LEVEL: "silent", REKEY_OPERATIONS_PORT: "0" },
      {
        operations: {
          publishIntervalInMilliseconds: 100,
          livenessLimitInMilliseconds: 1000,
          readinessLimitInMilliseconds: 1000,
        },
      },
    );
    t.after(() => portal.stop());
    const origin = `http://127.0.0.1:${portal.running.operationsAddress?.port}`;
    assert.equal((await fetch(`${origin}/healthz`)).status, 200);
    const statuses = await probeWhileMainThreadBlocked({
      origin,
      paths: ["/healthz", "/readyz"],
      wanted: 503,
      blockInMilliseconds: 3000,
    });
    assert.deepEqual(statuses, [503, 503], "a wedged main loop fails liveness and readiness");
    // Once the loop runs again it publishes, and liveness and readiness recover.
    const recovered = async (path: string) => {
      for (let attempt = 0; attempt < 50; attempt++) {
        if ((await fetch(`${origin}${path}`)).status === 200) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return false;
    };
    assert.ok(await recovered("/healthz"));
    assert.ok(await recovered("/readyz"));
  });
});
