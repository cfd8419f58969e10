import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import type { Browser, CDPSession, Page, Route } from "playwright-core";
import { registerMember } from "../../src/accounts/registration";
import { apiKeyScopes } from "../../src/admin/api-key-scopes";
import { createApiKey } from "../../src/admin/api-keys";
import { member } from "../../src/db/schema";
import { runBulkResetJob } from "../../src/resets/bulk-reset-runner";
import {
  addVirtualAuthenticator,
  assertAccessible,
  followMailLink,
  launchChromium,
  takeScreenshot,
} from "./browser";
import { type RunningPortal, startPortal } from "./server";

const loginId = "hanako";
const password = "a long passphrase nobody else uses";

/**
 * One member's whole passkey journey in Debian's Chromium with a virtual authenticator, against
 * the real server: each step starts where the previous one left off.
 */
describe("passkeys in a real browser", () => {
  let portal: RunningPortal;
  let browser: Browser;
  let page: Page;
  let cdp: { session: CDPSession; authenticatorId: string };
  const policyViolations: string[] = [];
  // Each step builds on the last, so after a failure the rest are skipped, not timed out.
  let broken = false;
  const step = (name: string, body: () => Promise<void> | void) =>
    test(name, async (t) => {
      if (broken) return t.skip("an earlier step failed");
      try {
        await body();
      } catch (error) {
        broken = true;
        await takeScreenshot(page, "failure").catch(() => {});
        throw error;
      }
    });

  const visit = async (path: string) => {
    await page.goto(`${portal.origin}${path}`);
  };
  const expectPath = async (path: string) => {
    await page.waitForURL((url) => `${url.pathname}${url.search}` === path, { timeout: 10_000 });
  };
  const storedCredentials = async () =>
    (await cdp.session.send("WebAuthn.getCredentials", { authenticatorId: cdp.authenticatorId }))
      .credentials;
  // The virtual authenticator answers at once, the autofill (conditional UI) request included,
  // so the sign-in page would sign the member in by itself. To use the button or the password
  // form instead, every autofill options request is held back until `release()`; the button's
  // request is let through when the test says so.
  const visitLoginWithoutAutofill = async () => {
    const held: Route[] = [];
    let letNextThrough = false;
    let firstHeld: () => void = () => {};
    const holding = new Promise<void>((resolve) => {
      firstHeld = resolve;
    });
    await page.route("**/login/passkey-options", async (route) => {
      if (letNextThrough) {
        letNextThrough = false;
        return route.continue();
      }
      held.push(route);
      firstHeld();
    });
    await visit("/login");
    await holding;
    return {
      letButtonThrough: () => {
        letNextThrough = true;
      },
      // Leave the sign-in page first: a request still on its way would otherwise slip through.
      release: async () => {
        await visit("/");
        await page.unroute("**/login/passkey-options");
        for (const route of held) await route.abort().catch(() => {});
      },
    };
  };
  const signOut = async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await expectPath("/");
  };

  before(async () => {
    portal = await startPortal();
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
    });
    cdp = await addVirtualAuthenticator(page);
    if (process.env.DEBUG_E2E) {
      page.on("request", (r) => console.log(Date.now() % 100000, ">>", r.method(), r.url()));
      page.on("response", (r) => console.log(Date.now() % 100000, "<<", r.status(), r.url()));
      page.on("framenavigated", (f) => console.log(Date.now() % 100000, "nav", f.url()));
      page.on("console", (m) => console.log(Date.now() % 100000, "console", m.text()));
    }
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
  });

  step("a visitor registers and signs in with a password", async () => {
    await visit("/register");
    await assertAccessible(page, "registration page");
    await page.fill("#loginId", loginId);
    await page.fill("#email", `${loginId}@example.jp`);
    await page.fill("#password", password);
    await page.locator("main form button[type=submit]").click();
    await expectPath("/register/sent");
    // No passkey before the address is confirmed (issue 15, finding 5).
    await followMailLink(
      page,
      portal.origin,
      "Confirm your e-mail address for rekey",
      "/verify-email/",
    );
    await page.locator("main form button[type=submit]").click();
    await page.getByText("your e-mail address is confirmed").first().waitFor();

    await visit("/login");
    await assertAccessible(page, "sign-in page");
    await page.fill("#loginId", loginId);
    await page.fill("#password", password);
    await page.locator("main form[action='/login'] button[type=submit]").click();
    await expectPath("/account");
    await assertAccessible(page, "account page with the nudge");
    await takeScreenshot(page, "1-account-nudge");
  });

  step(
    "the account page nudges towards a passkey, and the member enrols one, confirmed from the e-mail",
    async () => {
      await page.locator(".nudge").getByRole("link", { name: "Add a passkey" }).click();
      await expectPath("/account/passkeys");
      await assertAccessible(page, "passkeys page, empty");
      await page.getByRole("button", { name: "Add a passkey" }).click();
      // Signed in with a password alone: the passkey waits for the e-mailed confirmation.
      await expectPath("/account/passkeys?done=pending");
      await page.getByText("Awaiting confirmation from your e-mail").waitFor();
      await assertAccessible(page, "passkeys page with a passkey awaiting confirmation");
      await followMailLink(
        page,
        portal.origin,
        "Confirm the passkey added to your rekey account",
        "/passkeys/confirm/",
      );
      await page.getByRole("button", { name: "Yes, I added it: confirm this passkey" }).click();
      await page.getByText("The passkey is confirmed").waitFor();
      await visit("/account/passkeys");
      assert.equal(await page.getByText("Awaiting confirmation from your e-mail").count(), 0);

      const credentials = await storedCredentials();
      assert.equal(credentials.length, 1);
      assert.equal(credentials[0]?.isResidentCredential, true, "a discoverable credential");
      assert.equal(credentials[0]?.rpId, "localhost");
      assert.equal(await page.locator("[data-field=passkeyName]").textContent(), "Chrome · Linux");
      await assertAccessible(page, "passkeys page with one passkey");
      await takeScreenshot(page, "2-enrolled");
    },
  );

  step("after signing out, the passkey button alone signs the member in", async () => {
    await signOut();
    const autofill = await visitLoginWithoutAutofill();
    autofill.letButtonThrough();
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expectPath("/account");
    assert.equal(await page.locator("[data-field=loginId]").textContent(), loginId);
    assert.equal(await page.locator(".nudge").count(), 0, "no nudge once a passkey exists");
    await takeScreenshot(page, "3-signed-in-with-passkey");
    await autofill.release();
  });

  step("the member renames the passkey and sees when it was last used", async () => {
    await visit("/account/passkeys");
    assert.equal(await page.getByText("Not used yet").count(), 0);
    await page.getByLabel("New name for Chrome · Linux").fill("Work laptop");
    await page.getByRole("button", { name: "Rename" }).click();
    await expectPath("/account/passkeys?done=renamed");
    assert.equal(await page.locator("[data-field=passkeyName]").textContent(), "Work laptop");
  });

  step("the member removes the passkey", async () => {
    await page.getByRole("button", { name: "Remove the passkey Work laptop" }).click();
    await expectPath("/account/passkeys?done=deleted");
    await page.getByText("You have no passkeys yet.").waitFor();
    await takeScreenshot(page, "4-removed");
  });

  step("with a new passkey the member removes the password, which then stops working", async () => {
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await expectPath("/account/passkeys?done=added");
    await page.getByRole("button", { name: "Remove my password" }).click();
    await expectPath("/account/passkeys?done=password-removed");
    await page.getByText("Your only way to sign in").waitFor();
    await signOut();

    const autofill = await visitLoginWithoutAutofill();
    await page.fill("#loginId", loginId);
    await page.fill("#password", password);
    await page.locator("main form[action='/login'] button[type=submit]").click();
    await page.getByText("The login ID or password is incorrect.").first().waitFor();
    await autofill.release();
  });

  step("the login field's autofill offers the passkey (conditional UI) and signs in", async () => {
    // A click, not page.goto: the sign-in can finish before the page has even loaded.
    await page.locator("header").getByRole("link", { name: "Sign in", exact: true }).click();
    await expectPath("/account");
    await page.getByText("None: you sign in with a passkey").waitFor();
    await takeScreenshot(page, "5-passwordless-account");
  });

  step("once the sign-in is old, the member confirms it is them with the passkey", async () => {
    portal.clock.advanceByMinutes(11);
    await visit("/account/passkeys");
    await page.getByRole("link", { name: "Confirm it is you to add a passkey" }).click();
    await expectPath("/reauthenticate?next=%2Faccount%2Fpasskeys");
    assert.equal(await page.locator("input[type=password]").count(), 0, "no password to ask for");
    await assertAccessible(page, "re-authentication with a passkey");
    await takeScreenshot(page, "6-reauthenticate");
    await page.getByRole("button", { name: "Confirm with a passkey" }).click();
    await expectPath("/account/passkeys");
    await page.getByRole("button", { name: "Add a passkey" }).waitFor();
  });

  step("the page script never violated the Content Security Policy", () => {
    assert.deepEqual(policyViolations, []);
  });
});

/**
 * Issue 15, finding 1, in a real browser: an attacker with the leaked password enrols a passkey
 * in their own browser, the administrator force-resets the ID, the owner completes the reset from
 * the e-mail in theirs; the attacker's passkey no longer signs in, and the owner removes it.
 */
describe("a passkey the attacker enrolled does not survive the forced reset", () => {
  const ownerId = "taro";
  let portal: RunningPortal;
  let browser: Browser;
  let attacker: Page;
  let owner: Page;
  let broken = false;
  const step = (name: string, body: () => Promise<void> | void) =>
    test(name, async (t) => {
      if (broken) return t.skip("an earlier step failed");
      try {
        await body();
      } catch (error) {
        broken = true;
        await takeScreenshot(attacker, "attack-failure-attacker").catch(() => {});
        await takeScreenshot(owner, "attack-failure-owner").catch(() => {});
        throw error;
      }
    });

  before(async () => {
    portal = await startPortal();
    browser = await launchChromium();
    attacker = await (await browser.newContext()).newPage();
    owner = await (await browser.newContext()).newPage();
    for (const page of [attacker, owner]) {
      page.setDefaultTimeout(10_000);
      await addVirtualAuthenticator(page);
    }
    const registered = await registerMember(portal.deps, {
      loginId: ownerId,
      email: "taro@example.jp",
      password,
    });
    assert.ok(registered);
    const now = portal.clock.now();
    await portal.deps.database
      .update(member)
      .set({ emailVerifiedAt: now, emailProvenAt: now })
      .where(eq(member.loginId, ownerId));
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
  });

  step(
    "the attacker signs in with the leaked password and enrols a passkey, which stays pending",
    async () => {
      // The autofill request would wait for a passkey the attacker does not have yet: not needed.
      await attacker.route("**/login/passkey-options", (route) => route.abort());
      await attacker.goto(`${portal.origin}/login`);
      await attacker.fill("#loginId", ownerId);
      await attacker.fill("#password", password);
      await attacker.locator("main form[action='/login'] button[type=submit]").click();
      await attacker.waitForURL(`${portal.origin}/account`);
      await attacker.unroute("**/login/passkey-options");
      await attacker.goto(`${portal.origin}/account/passkeys`);
      await attacker.getByRole("button", { name: "Add a passkey" }).click();
      await attacker.waitForURL(`${portal.origin}/account/passkeys?done=pending`);
      await attacker.getByText("Awaiting confirmation from your e-mail").waitFor();
      await takeScreenshot(attacker, "7-attacker-passkey-pending");
    },
  );

  step("the administrator force-resets the ID through the API", async () => {
    const { value: key } = await createApiKey(portal.deps.database, portal.clock, {
      name: "soc",
      createdByMemberId: null,
      scopes: apiKeyScopes,
      expiresInDays: null,
    });
    const accepted = await fetch(`${portal.origin}/admin/api/bulk-resets`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ loginIds: [ownerId], reason: "seen in a combo list" }),
    });
    assert.equal(accepted.status, 202);
    await runBulkResetJob(portal.deps, {});
  });

  step("the owner completes the reset from the e-mail and sees the suspended passkey", async () => {
    await followMailLink(
      owner,
      portal.origin,
      "Action needed: set a new password for your rekey account",
      "/reset/",
    );
    await owner.fill("#password", "the owner's own brand new passphrase 2027");
    await owner.locator("main form button[type=submit]").click();
    await owner.getByText("Passkeys suspended by the password reset").waitFor();
    assert.match(
      (await owner.locator("[data-suspended-passkey] [data-field=enrolledFrom]").textContent()) ??
        "",
      /Chrome · Linux, 127\.0\.0\.1/,
    );
    await assertAccessible(owner, "reset done with a suspended passkey");
    await takeScreenshot(owner, "8-owner-reviews-suspended-passkey");
  });

  step("the attacker's passkey no longer signs in", async () => {
    await attacker.goto(`${portal.origin}/login`);
    await attacker.getByRole("button", { name: "Sign in with a passkey" }).click();
    await attacker.getByText("This passkey could not sign you in").first().waitFor();
    assert.notEqual(new URL(attacker.url()).pathname, "/account");
    assert.equal((await attacker.goto(`${portal.origin}/account`))?.url().includes("/login"), true);
  });

  step("the owner removes the suspended passkey", async () => {
    await owner.getByRole("button", { name: "Remove the passkey Chrome · Linux" }).click();
    await owner.waitForURL(`${portal.origin}/reset/passkeys`);
    assert.equal(await owner.locator("[data-suspended-passkey]").count(), 0);
    const [row] = await portal.deps.database
      .select()
      .from(member)
      .where(eq(member.loginId, ownerId));
    assert.equal(row?.resetRequiredAt, null, "the reset is complete");
  });
});
