import assert from "node:assert/strict";
import { after, before, describe, type TestContext, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { prepareFirstAdminSetupLink } from "../../src/admin/first-admin";
import { messagesFor } from "../../src/i18n";
import { launchChromium } from "./browser";
import { type PageReview, reviewPages } from "./review";
import { type SeededMember, seedMembers } from "./seed";
import { type RunningPortal, startPortal } from "./server";

const t = messagesFor("en");
const ja = messagesFor("ja");
const administrator = { loginId: "admin", password: "tidal orchard lantern symphony" };
const members: SeededMember[] = ["taro", "hanako"].map((loginId) => ({
  loginId,
  email: `${loginId}@example.jp`,
  health: "ok",
  passwordAgeInDays: 30,
  emailVerified: true,
}));
const memberPassword = "violet harbour lanterns drift at noon";
const taroNewPassword = "quiet meadows hum beneath autumn rain";

/**
 * An operator's incident in Debian's Chromium against the real server (issue 24): the portal
 * opened at 127.0.0.1 lands on its origin, a bulk reset is confirmed with the number of e-mails
 * it sends and followed to a member's new password, and blocking one's own address is warned
 * about. Every page is checked with axe (in English, the job pages in Japanese too) and kept as
 * a screenshot under test-results/screenshots/incident-*.
 */
describe("an operator's incident in a real browser", () => {
  let portal: RunningPortal;
  let browser: Browser;
  let admin: Page;
  let member: Page;
  let signedIn = false;
  const at = (path: string) => `${portal.origin}${path}`;
  const journey = (
    folder: string,
    name: string,
    body: (review: PageReview, context: TestContext) => Promise<void>,
  ) =>
    test(name, async (context) => {
      if (!signedIn) return context.skip("the administrator could not sign in");
      const review = reviewPages(`incident-${folder}`);
      context.diagnostic(`screenshots: ${review.folder}`);
      await body(review, context);
    });
  const signIn = async (page: Page, loginId: string, password: string) => {
    await page.goto(at("/login"));
    await page.fill("#loginId", loginId);
    await page.fill("#password", password);
    await page.locator("main form[action='/login'] button[type=submit]").click();
  };
  /** Reloads a job page until `selector` shows: the worker picks jobs up every two seconds. */
  const waitOnJobPage = async (page: Page, path: string, selector: string) => {
    for (let waited = 0; waited < 30_000; waited += 500) {
      await page.goto(at(path));
      if ((await page.locator(selector).count()) > 0) return;
      await page.waitForTimeout(500);
    }
    throw new Error(`${selector} never appeared on ${path}`);
  };

  before(async () => {
    portal = await startPortal();
    await seedMembers(portal.deps, members, { password: memberPassword });
    browser = await launchChromium();
    const newPage = async () => {
      const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
      page.setDefaultTimeout(10_000);
      return page;
    };
    admin = await newPage();
    member = await newPage();
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
  });

  test("the portal opened at 127.0.0.1 lands on its origin, where its forms work", async () => {
    const review = reviewPages("incident-first-run");
    const port = new URL(portal.origin).port;
    await admin.goto(`http://127.0.0.1:${port}/login?next=%2Fadmin`);
    assert.equal(admin.url(), at("/login?next=%2Fadmin"), "redirected to REKEY_ORIGIN");
    await review.check(admin, "login-after-redirect");

    // A form already open at the other address (a tab from before) gets a page naming the right
    // one. about:blank first: the portal's CSP (form-action 'self') would stop the post.
    await admin.goto("about:blank");
    await admin.setContent(
      `<form method="post" action="http://127.0.0.1:${port}/login"><input name="loginId" value="x"><button>Send</button></form>`,
    );
    await admin.locator("button").click();
    await admin.locator("h1", { hasText: t.wrongHostTitle }).waitFor();
    assert.ok(
      (await admin.locator("main").textContent())?.includes(t.wrongHostBody(portal.origin)),
    );
    await review.check(admin, "form-at-the-wrong-address");
    await admin.getByRole("link", { name: t.wrongHostLink(portal.origin) }).click();
    await admin.waitForURL(at("/login"));

    const link = await prepareFirstAdminSetupLink(portal.deps);
    assert.ok(link);
    await admin.goto(link.href);
    await admin.fill("#loginId", administrator.loginId);
    await admin.fill("#email", "admin@example.jp");
    await admin.fill("#password", administrator.password);
    await admin.locator("main form button[type=submit]").click();
    await admin.getByText(t.setupDone).waitFor();
    await signIn(admin, administrator.loginId, administrator.password);
    await admin.waitForURL(at("/account"));
    signedIn = true;
  });

  journey(
    "bulk-reset",
    "a bulk reset asks to confirm the e-mails it sends and is followed to a member's new password",
    async (review) => {
      await signIn(member, "taro", memberPassword);
      await member.waitForURL(at("/account"));

      await admin.goto(at("/admin/resets"));
      await review.check(admin, "resets-form");
      await admin.fill("#list", "taro\nhanako\nadmin\nnobody");
      await admin.fill("#reason", "stuffing wave 2026-12-02");
      await admin.getByRole("button", { name: t.adminResetsDryRun }).click();
      await admin.waitForURL(/\/admin\/resets\/\d+$/);
      const jobPath = new URL(admin.url()).pathname;
      await waitOnJobPage(admin, jobPath, "button:has-text('Continue to the confirmation')");
      assert.equal(await admin.locator("[data-option=notifyMembers]").textContent(), "yes");
      await admin.locator("[data-self-excluded]").waitFor();
      await review.check(admin, "dry-run");

      await admin.getByRole("button", { name: t.jobContinue }).click();
      await admin.locator("h1", { hasText: t.jobConfirmTitle }).waitFor();
      assert.equal(
        (await admin.locator("[data-confirmation]").textContent())?.trim(),
        t.jobConfirmSummary(2, 2),
      );
      await review.check(admin, "confirmation");
      await admin.getByRole("button", { name: t.jobConfirmButton(2) }).click();
      await admin.waitForURL(at(jobPath));
      await waitOnJobPage(admin, jobPath, "[data-follow-up]");
      await review.check(admin, "follow-through-started");

      // taro follows the e-mailed link to a new password.
      await member.goto(at("/dev/mail"));
      await member
        .getByRole("row")
        .filter({ hasText: "taro@example.jp" })
        .getByRole("link", { name: /set a new password/ })
        .first()
        .click();
      await member.locator("pre.mail-text a[href*='/reset/']").click();
      await member.fill("#password", taroNewPassword);
      await member.locator("main form button[type=submit]").click();
      await member.locator("h1", { hasText: t.resetDoneTitle }).waitFor();

      await admin.goto(at(jobPath));
      const count = (state: string) =>
        admin.locator(`[data-state=${state}] [data-count]`).getAttribute("data-count");
      assert.equal(await count("emailed"), "2");
      assert.equal(await count("linkOpened"), "1");
      assert.equal(await count("passwordSet"), "1");
      assert.equal(await count("pending"), "1");
      await admin.getByText(t.jobChartTableLabel).click();
      await review.check(admin, "follow-through");

      await admin.getByRole("button", { name: t.jobResendButton(1) }).click();
      await admin.getByText(t.jobResent(1)).waitFor();
      await review.check(admin, "resent");

      // The same pages in Japanese, through the language switch.
      await admin.locator("form.language-switch button").click();
      await admin
        .locator("h1", { hasText: ja.adminResetsJob(Number(jobPath.split("/").at(-1))) })
        .waitFor();
      await review.check(admin, "follow-through-ja");
      await admin.locator("form.language-switch button").click();
      await admin
        .locator("h1", { hasText: t.adminResetsJob(Number(jobPath.split("/").at(-1))) })
        .waitFor();
    },
  );

  journey(
    "blocks",
    "blocking the administrator's own address is warned about; other blocks expire by default",
    async (review) => {
      await admin.goto(at("/admin/attacks"));
      assert.equal(await admin.locator("#expiresInHours").inputValue(), "24");
      await admin.fill("#cidr", "127.0.0.0/8");
      await admin.locator("form:has(#cidr) button[type=submit]").click();
      await admin.locator("[data-own-address-warning]").waitFor();
      const warning = await admin.locator("[data-own-address-warning] .error").textContent();
      assert.equal(warning, t.blockOwnAddressWarning("127.0.0.0/8", "127.0.0.1"));
      await review.check(admin, "own-address-warning");

      await admin.fill("#cidr", "192.0.2.0/24");
      await admin.locator("form:has(#cidr) button[type=submit]").click();
      await admin.waitForURL(at("/admin/attacks?notice=added"));
      const row = admin.getByRole("row").filter({ hasText: "192.0.2.0/24" });
      await row.waitFor();
      assert.ok(!(await row.textContent())?.includes("never"), "the block expires");
      assert.equal(await admin.getByRole("row").filter({ hasText: "127.0.0.0/8" }).count(), 0);
      await review.check(admin, "blocked-with-expiry");
    },
  );
});
