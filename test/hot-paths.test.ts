import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { openDatabase } from "../src/db/connection";
import { registerAndSignIn } from "./support/browser";
import { createTestPortal } from "./support/harness";

/** A fresh database whose SQLite connection records the SQL of every statement it compiles. */
function createCompileRecordingDatabase() {
  const database = openDatabase(":memory:");
  const compiled: string[] = [];
  const prepare = database.$client.prepare.bind(database.$client);
  database.$client.prepare = ((source: string) => {
    compiled.push(source);
    return prepare(source);
  }) as typeof database.$client.prepare;
  return { database, compiled };
}

describe("hot paths (issue 18)", () => {
  test("a signed-in GET /account compiles its session, passkey, nudge and reminder reads once, not per render", async () => {
    const { database, compiled } = createCompileRecordingDatabase();
    const portal = createTestPortal({}, { database });
    const browser = await registerAndSignIn(portal, { loginId: "taro", email: "taro@example.jp" });
    assert.equal((await browser.get("/account")).status, 200);
    compiled.length = 0;
    const response = await browser.get("/account");
    assert.equal(response.status, 200);
    const recompiled = compiled.filter((source) =>
      /from "session"|from "passkey"|from "passkey_nudge"|from "reminder_policy"|left join "reminder_state"/.test(
        source,
      ),
    );
    assert.deepEqual(recompiled, []);
  });
});
