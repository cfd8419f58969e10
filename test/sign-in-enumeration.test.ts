import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { desc } from "drizzle-orm";
import { session, signInEvent } from "../src/db/schema";
import { createBulkResetJob } from "../src/resets/bulk-reset-jobs";
import { runBulkResetJob } from "../src/resets/bulk-reset-runner";
import { memberPassword, registerAndSignIn, TestBrowser } from "./support/browser";
import { createTestPortal, type TestPortal } from "./support/harness";
import { createRecordingDatabase } from "./support/statements";

// Whether an ID waits for a forced reset is nobody's business but the mailbox owner's: a sign-in
// that fails looks, costs and is recorded the same for an unknown ID, an ordinary member and a
// member waiting for a reset (issue 15, finding 4).

function withoutCsrfTokens(html: string): string {
  return html.replace(/name="csrfToken" value="[^"]*"/g, 'name="csrfToken" value=""');
}

/** Cookie names and attributes, values removed: what a response sets, not with which secret. */
function cookieShapes(setCookies: string[]): string[] {
  return setCookies.map((cookie) => cookie.replace(/^([^=]+)=[^;]*/, "$1=")).sort();
}

async function portalWithResetRequiredMember() {
  const recording = createRecordingDatabase();
  const portal = createTestPortal({}, { database: recording.database });
  await registerAndSignIn(portal, { loginId: "ordinary", ipAddress: "198.51.100.1" });
  await registerAndSignIn(portal, { loginId: "waiting", ipAddress: "198.51.100.2" });
  const job = await createBulkResetJob(portal.deps, {
    identifiers: ["waiting"],
    reason: "leaked list from another site",
    dryRun: false,
    revokeSessions: true,
    invalidatePassword: true,
    notifyMembers: true,
    source: "cli",
    actor: { kind: "cli" },
  });
  await runBulkResetJob(portal.deps, { jobId: job.id });
  return { portal, recording };
}

let nextHost = 1;
/** One sign-in from a fresh browser on its own address, with what it cost. */
async function signIn(
  context: Awaited<ReturnType<typeof portalWithResetRequiredMember>>,
  loginId: string,
  password: string,
) {
  const { portal, recording } = context;
  const browser = new TestBrowser(portal, { ipAddress: `192.0.2.${nextHost++}` });
  await browser.get("/login");
  const argon2Before = portal.hasher.calls();
  let response: Awaited<ReturnType<TestBrowser["post"]>> | undefined;
  const statements = await recording.during(async () => {
    response = await browser.post("/login", { loginId, password });
  });
  assert.ok(response);
  const [event] = await portal.deps.database
    .select()
    .from(signInEvent)
    .orderBy(desc(signInEvent.id))
    .limit(1);
  return {
    status: response.status,
    body: withoutCsrfTokens(response.text).replaceAll(`value="${loginId}"`, 'value=""'),
    cookies: cookieShapes(response.setCookies),
    argon2Calls: portal.hasher.calls() - argon2Before,
    statements,
    eventResult: event?.result,
  };
}

async function sessionCount(portal: TestPortal): Promise<number> {
  return (await portal.deps.database.select().from(session)).length;
}

describe("a wrong password never shows that an ID waits for a forced reset", () => {
  test("reset-required, unknown and ordinary IDs get the same status, page, cookies, argon2 work and database work", async () => {
    const context = await portalWithResetRequiredMember();
    const waiting = await signIn(context, "waiting", "not the password at all");
    const unknown = await signIn(context, "nobody", "not the password at all");
    const ordinary = await signIn(context, "ordinary", "not the password at all");

    assert.equal(waiting.status, 401);
    for (const other of [unknown, ordinary]) {
      assert.equal(waiting.status, other.status);
      assert.equal(waiting.body, other.body);
      assert.deepEqual(waiting.cookies, other.cookies);
      assert.equal(waiting.argon2Calls, 1);
      assert.equal(other.argon2Calls, 1);
      assert.deepEqual(waiting.statements, other.statements);
    }
    assert.equal(waiting.eventResult, "wrong-password", "detection counts it as a failure");
    assert.equal(ordinary.eventResult, "wrong-password");
  });

  test("the right (compromised) password of a reset-required ID gets that same answer and no session", async () => {
    const context = await portalWithResetRequiredMember();
    const sessionsBefore = await sessionCount(context.portal);
    const right = await signIn(context, "waiting", memberPassword);
    const wrong = await signIn(context, "waiting", "not the password at all");
    assert.equal(right.status, 401);
    assert.equal(right.body, wrong.body);
    assert.deepEqual(right.cookies, wrong.cookies);
    assert.equal(right.argon2Calls, wrong.argon2Calls);
    assert.deepEqual(right.statements, wrong.statements);
    assert.ok(!right.cookies.some((cookie) => cookie.startsWith("rekey_session=")));
    assert.equal(await sessionCount(context.portal), sessionsBefore, "no session was created");
    assert.equal(right.eventResult, "reset-required", "the log shows the compromised password");
  });
});
