import assert from "node:assert/strict";
import { get } from "node:http";
import { describe, test } from "node:test";
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

  test("while sign-ins saturate the argon2 pool, health and metrics answer before the sign-ins finish", async (t) => {
    const portal = await startSaturablePortal();
    t.after(() => portal.stop());
    const signIn = await createSignInSender(portal.origin);
    const signIns = 48;
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
    const probe = async (path: string, headers: Record<string, string> = {}) => {
      const status = await new Promise<number>((resolve, reject) => {
        get(`${portal.origin}${path}`, { headers, agent: false }, (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        }).on("error", reject);
      });
      doneWhenAnswered[path] = signInsDone;
      assert.equal(status, 200, path);
    };
    await Promise.all([
      probe("/healthz"),
      probe("/readyz"),
      probe("/metrics", { authorization: `Bearer ${metricsToken}` }),
    ]);
    await Promise.all(load);
    // Each sign-in really reached argon2 (no throttle or capacity refusal short-cut).
    assert.ok(
      statuses.every((status) => status !== 429 && status !== 503),
      String(statuses),
    );
    for (const [path, done] of Object.entries(doneWhenAnswered)) {
      // Answered while sign-ins were still queued for argon2, not after them.
      assert.ok(done < signIns, `${path} answered after ${done} of ${signIns} sign-ins`);
    }
  });
});
