import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, CDPSession, Page, Route } from "playwright-core";
import {
  addVirtualAuthenticator,
  assertAccessible,
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

    await visit("/login");
    await assertAccessible(page, "sign-in page");
    await page.fill("#loginId", loginId);
    await page.fill("#password", password);
    await page.locator("main form[action='/login'] button[type=submit]").click();
    await expectPath("/account");
    await assertAccessible(page, "account page with the nudge");
    await takeScreenshot(page, "1-account-nudge");
  });

  step("the account page nudges towards a passkey, and the member enrols one", async () => {
    await page.locator(".nudge").getByRole("link", { name: "Add a passkey" }).click();
    await expectPath("/account/passkeys");
    await assertAccessible(page, "passkeys page, empty");
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await expectPath("/account/passkeys?done=added");
    await page.getByText("Your passkey was added").waitFor();

    const credentials = await storedCredentials();
    assert.equal(credentials.length, 1);
    assert.equal(credentials[0]?.isResidentCredential, true, "a discoverable credential");
    assert.equal(credentials[0]?.rpId, "localhost");
    assert.equal(await page.locator("[data-field=passkeyName]").textContent(), "Chrome · Linux");
    await assertAccessible(page, "passkeys page with one passkey");
    await takeScreenshot(page, "2-enrolled");
  });

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
