import assert from "node:assert/strict";
import { after, before, describe, type TestContext, test } from "node:test";
import { eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { prepareFirstAdminSetupLink } from "../../src/admin/first-admin";
import { recordAuditEvent } from "../../src/audit/audit-log";
import { member as memberTable } from "../../src/db/schema";
import { messagesFor } from "../../src/i18n";
import { launchChromium } from "./browser";
import { type PageReview, reviewPages } from "./review";
import { planMembers, seedMembers } from "./seed";
import { type RunningPortal, startPortal } from "./server";
import { seedLinkedRecords, sweepPages } from "./sweep-run";

const en = messagesFor("en");
const ja = messagesFor("ja");
const administrator = { loginId: "admin", password: "tidal orchard lantern symphony" };
const hanako = {
  loginId: "hanako",
  email: "hanako@example.jp",
  password: "violet harbour lanterns drift at noon",
};

/**
 * The console and member pages of issue 24 in Debian's Chromium against the real server: the
 * security check-up in English and Japanese, the audit log on a 390-pixel phone, and an axe
 * sweep of every GET page in Japanese (the English sweep is in admin-console.e2e.ts).
 */
describe("the console and the check-up in a real browser", () => {
  let portal: RunningPortal;
  let browser: Browser;
  let adminContext: BrowserContext;
  let admin: Page;
  let ready = false;
  const at = (path: string) => `${portal.origin}${path}`;
  const journey = (
    folder: string,
    name: string,
    body: (review: PageReview, context: TestContext) => Promise<void>,
  ) =>
    test(name, async (context) => {
      if (!ready) return context.skip("the administrator could not sign in");
      await body(reviewPages(folder), context);
    });
  const signIn = async (page: Page, loginId: string, password: string) => {
    await page.goto(at("/login"));
    await page.fill("#loginId", loginId);
    await page.fill("#password", password);
    await page.locator("main form[action='/login'] button[type=submit]").click();
    await page.waitForURL((url) => url.pathname !== "/login");
  };
  const switchLanguage = async (page: Page) => {
    await page.locator("form.language-switch button").click();
    await page.waitForLoadState();
  };

  before(async () => {
    portal = await startPortal();
    await seedMembers(portal.deps, planMembers(12), { password: "nobody signs in with this one" });
    await seedMembers(
      portal.deps,
      [
        {
          loginId: hanako.loginId,
          email: hanako.email,
          health: "ok",
          passwordAgeInDays: 400,
          emailVerified: true,
        },
      ],
      { password: hanako.password },
    );
    browser = await launchChromium();
    adminContext = await browser.newContext({ locale: "en-GB" });
    admin = await adminContext.newPage();
    admin.setDefaultTimeout(60_000);
    const link = await prepareFirstAdminSetupLink(portal.deps);
    assert.ok(link);
    await admin.goto(link.href);
    await admin.fill("#loginId", administrator.loginId);
    await admin.fill("#email", "admin@example.jp");
    await admin.fill("#password", administrator.password);
    await admin.locator("main form button[type=submit]").click();
    await admin.getByText(en.setupDone).waitFor();
    await signIn(admin, administrator.loginId, administrator.password);
    const adminRow = (
      await portal.deps.database.select().from(memberTable).where(eq(memberTable.loginId, "admin"))
    )[0];
    assert.ok(adminRow);
    await recordAuditEvent(portal.deps.database, portal.clock, {
      actor: { kind: "member", memberId: adminRow.id, loginId: "admin" },
      action: "bulk-reset.created",
      details: {
        jobId: 1,
        identifiers: 2347,
        reason: "stuffing wave seen in the combo list of 2 December",
        source: "web",
      },
    });
    ready = true;
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
  });

  journey(
    "checkup",
    "the security check-up reads in English and Japanese, with one action per check",
    async (review) => {
      const context = await browser.newContext({ locale: "en-GB" });
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      await signIn(page, hanako.loginId, hanako.password);
      // The sign-in re-check records the password's health; the seeded age makes it old.
      await page.goto(at("/account/security"));
      await page.locator("h1", { hasText: en.checkupTitle }).waitFor();
      await review.check(page, "checkup-en");
      const overall = await page
        .locator("[data-checkup-overall]")
        .getAttribute("data-checkup-overall");
      assert.equal(overall, "problem");
      assert.equal(await page.locator(".checkup-summary h2").textContent(), en.checkupProblems(1));
      const checks = await page
        .locator("li.checkup-item")
        .evaluateAll((items) =>
          items.map((item) => [
            item.getAttribute("data-check"),
            item.getAttribute("data-state"),
            item.querySelectorAll("a").length,
            item.querySelector("svg")?.getAttribute("aria-hidden"),
          ]),
        );
      assert.deepEqual(checks, [
        ["breached", "ok", 1, "true"],
        ["weak", "ok", 1, "true"],
        ["reused", "ok", 1, "true"],
        ["old", "problem", 1, "true"],
        ["passkey", "suggestion", 1, "true"],
      ]);
      await page.locator("[data-check=old] a").click();
      await page.waitForURL((url) => url.pathname === "/account/password");
      // Show/hide and the passphrase suggestion on the new-password field.
      await page.getByRole("button", { name: en.passphraseUse }).click();
      assert.equal(await page.locator("#password").getAttribute("type"), "text");
      assert.equal((await page.locator("#password").inputValue()).split(" ").length, 5);
      await page.locator("#currentPassword + button").click();
      assert.equal(await page.locator("#currentPassword").getAttribute("type"), "text");
      await review.check(page, "change-password-with-suggestion");

      await page.goto(at("/account/security"));
      await switchLanguage(page);
      await page.locator("h1", { hasText: ja.checkupTitle }).waitFor();
      assert.equal(await page.locator(".checkup-summary h2").textContent(), ja.checkupProblems(1));
      assert.equal(
        await page.locator("[data-check=passkey] a").textContent(),
        ja.checkupAddPasskey,
      );
      await review.check(page, "checkup-ja");
      await context.close();
    },
  );

  journey(
    "audit-390",
    "the audit log reads in sentences on a 390-pixel phone, with drop-down filters and readable details",
    async (review) => {
      await admin.setViewportSize({ width: 390, height: 844 });
      try {
        await admin.goto(at("/admin/audit"));
        await admin.locator("h1", { hasText: en.adminAuditTitle }).waitFor();
        await review.check(admin, "audit-390");
        const overflow = await admin.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px too wide)`);
        const sentence = admin.locator("[data-action='bulk-reset.created'] .audit-sentence");
        assert.equal(
          await sentence.textContent(),
          "admin started a bulk reset of 2,347 members: stuffing wave seen in the combo list of 2 December.",
        );
        const box = await sentence.boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= 390, "the sentence fits the screen");
        await admin.locator("[data-action='bulk-reset.created'] summary").click();
        const fields = await admin
          .locator("[data-action='bulk-reset.created'] dl dt")
          .allTextContents();
        assert.deepEqual(fields, [
          en.auditFieldJob,
          en.auditFieldIdentifiers,
          en.auditFieldReason,
          en.auditFieldSource,
        ]);
        await review.check(admin, "audit-390-details");
        await admin.selectOption("#action", "administrator");
        await admin.getByRole("button", { name: en.adminAuditFilterSubmit }).click();
        await admin.waitForURL((url) => url.searchParams.get("action") === "administrator");
        assert.equal(await admin.locator("[data-action='bulk-reset.created']").count(), 0);
        assert.equal(await admin.locator("[data-action='administrator.created']").count(), 1);
        await review.check(admin, "audit-390-filtered");
      } finally {
        await admin.setViewportSize({ width: 1280, height: 720 });
      }
    },
  );

  journey(
    "accessibility-sweep-ja",
    "every GET page passes axe in Japanese, as a visitor and as an administrator",
    async (review, context) => {
      const knownPaths = await seedLinkedRecords(portal.deps, portal.origin);
      const visitorContext = await browser.newContext({ locale: "ja-JP" });
      await visitorContext.setExtraHTTPHeaders({ "Accept-Language": "ja" });
      const visitor = await visitorContext.newPage();
      await admin.goto(at("/account"));
      await switchLanguage(admin);
      assert.equal(await admin.locator("html").getAttribute("lang"), "ja");
      const options = {
        origin: portal.origin,
        app: portal.app,
        deps: portal.deps,
        knownPaths,
        review,
      };
      const anonymous = await sweepPages({ ...options, page: visitor, persona: "visitor-ja" });
      const staff = await sweepPages({
        ...options,
        page: admin,
        persona: "admin-ja",
        skipRoutes: anonymous.checkedRoutes,
      });
      await visitorContext.close();
      const checked = anonymous.checkedRoutes.size + staff.checkedRoutes.size;
      context.diagnostic(`${checked} routes checked in Japanese`);
      assert.ok(checked >= 30, `${checked} routes checked`);
      const failures = [...anonymous.failures, ...staff.failures];
      assert.deepEqual(
        failures,
        [],
        `pages with serious or critical violations:\n${failures.join("\n")}`,
      );
    },
  );
});
