import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { findMemberByLoginId } from "../src/accounts/members";
import { outboxMessage } from "../src/db/schema";
import { registerAndSignIn } from "./support/browser";
import { createTestPortal } from "./support/harness";
import { messageText } from "./support/mail";
import { createPersonas } from "./support/routes";

async function emailsOfKind(portal: ReturnType<typeof createTestPortal>, kind: string) {
  return portal.deps.database.select().from(outboxMessage).where(eq(outboxMessage.kind, kind));
}

describe("defence notices go out through the outbox", () => {
  test("a spike alert e-mails every administrator once per alert", async () => {
    const portal = createTestPortal();
    await createPersonas(portal);
    const notice = {
      kinds: ["attempt-rate" as const],
      raisedAt: portal.clock.now(),
      attemptsPerMinute: 900,
      baselineAttemptsPerMinute: 12,
      failureRatio: 0.97,
      baselineFailureRatio: 0.1,
      attackViewUrl: new URL("/admin/attacks", portal.deps.config.origin),
    };
    await portal.deps.alertNotifier.notifyAlert(notice);
    await portal.deps.alertNotifier.notifyAlert(notice);
    const alerts = await emailsOfKind(portal, "security-alert");
    assert.deepEqual(
      alerts.map((email) => email.recipient),
      ["admin@example.jp"],
    );
    assert.match(
      messageText(alerts[0]),
      /900 sign-in attempts a minute against a baseline of 12, with 97% failing/,
    );
  });

  test("a sign-in from a new device e-mails the member a 'this wasn't me' link", async () => {
    const portal = createTestPortal();
    await registerAndSignIn(portal, { loginId: "taro" });
    const member = await findMemberByLoginId(portal.deps.database, "taro");
    assert.ok(member);
    await portal.deps.signInNotifier.notifyNewSignIn({
      member,
      occurredAt: portal.clock.now(),
      ipAddress: "198.51.100.4",
      device: "Safari · macOS",
      newDevice: true,
      newNetwork: true,
      unrecognisedUrl: new URL("/sign-in/unrecognised/x", portal.deps.config.origin),
    });
    const [notice] = await emailsOfKind(portal, "new-sign-in");
    assert.equal(notice?.recipient, "taro@example.jp");
    assert.match(messageText(notice), /Safari · macOS, 198\.51\.100\.4/);
    assert.match(messageText(notice), /\/sign-in\/unrecognised\/x/);
  });

  test("'this wasn't me' forces a reset of the account, with the reset link e-mailed", async () => {
    const portal = createTestPortal();
    const browser = await registerAndSignIn(portal, { loginId: "taro" });
    const member = await findMemberByLoginId(portal.deps.database, "taro");
    assert.ok(member);
    await portal.deps.unrecognisedSignInHandler.handleUnrecognisedSignIn(member);
    assert.ok((await findMemberByLoginId(portal.deps.database, "taro"))?.resetRequiredAt);
    assert.equal((await emailsOfKind(portal, "forced-reset")).length, 1);
    assert.equal((await browser.get("/account")).status, 303, "signed out");
  });
});
