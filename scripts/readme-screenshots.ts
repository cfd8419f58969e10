import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { completeMemberCensus } from "../src/admin/census-worker";
import { prepareFirstAdminSetupLink } from "../src/admin/first-admin";
import { messagesFor } from "../src/i18n";
import { launchChromium } from "../test/e2e/browser";
import { startPortal } from "../test/e2e/server";

/**
 * `npm run docs:screenshots`: the README's first five minutes, walked in Debian's Chromium
 * against the real server (a temporary database), saving the pictures the README shows under
 * docs/screenshots/. Run it again when those pages change.
 */
const t = messagesFor("en");
const folder = "docs/screenshots";
const administrator = { loginId: "admin", password: "tidal orchard lantern symphony" };
const member = {
  loginId: "sakura",
  email: "sakura@example.jp",
  password: "violet harbour lanterns drift at noon",
};

mkdirSync(folder, { recursive: true });
const portal = await startPortal();
const browser = await launchChromium();
const at = (path: string) => `${portal.origin}${path}`;
const newPage = async () => {
  const context = await browser.newContext({
    locale: "en-GB",
    viewport: { width: 1100, height: 760 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
};
const shoot = (page: Page, name: string) => page.screenshot({ path: `${folder}/${name}.png` });

try {
  // 1. The setup link `npm start` wrote, then the console.
  const admin = await newPage();
  const link = await prepareFirstAdminSetupLink(portal.deps);
  if (!link) throw new Error("an administrator exists already");
  await admin.goto(link.href);
  await admin.fill("#loginId", administrator.loginId);
  await admin.fill("#email", "admin@example.jp");
  await admin.fill("#password", administrator.password);
  await admin.locator("main form button[type=submit]").click();
  await admin.getByText(t.setupDone).waitFor();
  await admin.goto(at("/login"));
  await admin.fill("#loginId", administrator.loginId);
  await admin.fill("#password", administrator.password);
  await admin.locator("main form[action='/login'] button[type=submit]").click();
  await admin.waitForURL(at("/account"));

  // 2. A test member registers; their e-mails wait in /dev/mail.
  const sakura = await newPage();
  await sakura.goto(at("/register"));
  await sakura.fill("#loginId", member.loginId);
  await sakura.fill("#email", member.email);
  await sakura.fill("#password", member.password);
  await sakura.locator("main form button[type=submit]").click();
  await sakura.waitForURL((url) => url.pathname !== "/register");

  // 3. A forced reset of that member: dry run, confirmation, then the follow-through.
  await admin.goto(at("/admin/resets"));
  await admin.fill("#list", member.loginId);
  await admin.fill("#reason", "first five minutes: a test reset");
  await admin.getByRole("button", { name: t.adminResetsDryRun }).click();
  await admin.waitForURL(/\/admin\/resets\/\d+$/);
  const jobPath = new URL(admin.url()).pathname;
  const waitFor = async (selector: string) => {
    for (let waited = 0; waited < 30_000; waited += 500) {
      await admin.goto(at(jobPath));
      if ((await admin.locator(selector).count()) > 0) return;
      await admin.waitForTimeout(500);
    }
    throw new Error(`${selector} never appeared`);
  };
  await waitFor("button:has-text('Continue to the confirmation')");
  await admin.getByRole("button", { name: t.jobContinue }).click();
  await admin.locator("h1", { hasText: t.jobConfirmTitle }).waitFor();
  await shoot(admin, "02-confirm-forced-reset");
  await admin.getByRole("button", { name: t.jobConfirmButton(1) }).click();
  await waitFor("[data-follow-up]");

  await sakura.goto(at("/dev/mail"));
  await shoot(sakura, "03-dev-mail");

  // The figures come from the census the background worker takes every few minutes: take it now.
  await completeMemberCensus(portal.deps);
  await admin.goto(at("/admin"));
  await shoot(admin, "01-admin-console");
  console.log(`wrote ${folder}/01-admin-console.png, 02-confirm-forced-reset.png, 03-dev-mail.png`);
} finally {
  await browser.close();
  await portal.stop();
}
