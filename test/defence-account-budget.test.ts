import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";

/** Posts a sign-in from its own address, so only the per-account delay is in play. */
let nextHost = 1;
async function signInFromFreshAddress(portal: TestPortal, loginId: string, password: string) {
  const host = nextHost++;
  const browser = new TestBrowser(portal, { ipAddress: `192.0.${host % 250}.${(host >> 8) + 1}` });
  return browser.post("/login", { loginId, password });
}

async function statusesOf(portal: TestPortal, identifiers: readonly string[]) {
  const statuses: number[] = [];
  for (const identifier of identifiers) {
    statuses.push((await signInFromFreshAddress(portal, identifier, "wrong password 1")).status);
  }
  return statuses;
}

/**
 * Records the SQL of every statement the database runs, from the moment it is called: the
 * work a request does, without timing it.
 */
function recordStatements(portal: TestPortal): { take(): string[] } {
  const client = portal.deps.database.$client;
  const prepare = client.prepare.bind(client);
  let seen: string[] = [];
  client.prepare = ((source: string) => {
    const statement = prepare(source);
    for (const method of ["run", "get", "all", "iterate"] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        seen.push(source);
        return original(...args);
      };
    }
    return statement;
  }) as typeof client.prepare;
  return {
    take() {
      const taken = seen;
      seen = [];
      return taken;
    },
  };
}

describe("one per-account budget per member", () => {
  test("alternating the login ID and the e-mail address meets the delay after as many tries as one identifier", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "198.51.100.1" });
    const alternating = await statusesOf(
      portal,
      Array.from({ length: 7 }, (_, index) => (index % 2 === 0 ? "hanako" : "HANAKO@example.jp")),
    );
    assert.deepEqual(alternating, [401, 401, 401, 401, 401, 429, 429]);

    const other = createTestPortal();
    await registerAndSignIn(other, { loginId: "hanako", ipAddress: "198.51.100.1" });
    assert.deepEqual(await statusesOf(other, Array(7).fill("hanako")), alternating);
  });

  test("a success with either identifier clears the member's one budget", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "198.51.100.1" });
    await statusesOf(portal, ["hanako", "hanako@example.jp", "hanako", "hanako@example.jp"]);
    const signedIn = await signInFromFreshAddress(portal, "hanako@example.jp", memberPassword);
    assert.equal(signedIn.status, 303);
    assert.deepEqual(
      await statusesOf(portal, Array(6).fill("hanako")),
      [401, 401, 401, 401, 401, 429],
    );
  });

  test("unknown IDs and addresses keep a delay of their own, like a member's", async () => {
    const portal = createTestPortal();
    assert.deepEqual(
      await statusesOf(portal, Array(7).fill("nobody-here")),
      [401, 401, 401, 401, 401, 429, 429],
    );
    assert.deepEqual(
      await statusesOf(portal, Array(7).fill("nobody@example.jp")),
      [401, 401, 401, 401, 401, 429, 429],
    );
  });

  test("choosing the key does the same database work for a member's ID and an unknown one", async () => {
    const portal = createTestPortal();
    const statements = recordStatements(portal);
    await registerAndSignIn(portal, { loginId: "hanako", ipAddress: "198.51.100.1" });
    const workOf = async (identifiers: readonly string[]) => {
      statements.take();
      const statuses = await statusesOf(portal, identifiers);
      // The last refusal waits in the buffer: written now, it counts for its own side.
      await portal.deps.refusalBuffer.flush();
      return { statuses, statements: statements.take() };
    };
    const known = await workOf(Array(6).fill("hanako"));
    const unknown = await workOf(Array(6).fill("nobody-here"));
    assert.deepEqual(known.statuses, [401, 401, 401, 401, 401, 429]);
    assert.deepEqual(unknown.statuses, known.statuses);
    assert.deepEqual(unknown, known, "the same statements, in the same order, refusal included");
  });
});
