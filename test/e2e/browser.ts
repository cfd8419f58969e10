import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type CDPSession, chromium, type Page } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const screenshotFolder = "test-results/screenshots/passkeys";

/** Debian's Chromium, headless; no browser download (see shared BROWSER.md and README). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}. Install it with: ` +
        "sudo apt-get update && sudo apt-get install -y chromium (or set CHROMIUM_PATH).",
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      // Without these Chromium keeps trying to reach the internet, which these machines refuse.
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * A CTAP2 platform authenticator that holds resident keys and verifies the user at once,
 * through the Chrome DevTools Protocol's WebAuthn domain.
 */
export async function addVirtualAuthenticator(
  page: Page,
): Promise<{ session: CDPSession; authenticatorId: string }> {
  const session = await page.context().newCDPSession(page);
  await session.send("WebAuthn.enable");
  const { authenticatorId } = await session.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { session, authenticatorId };
}

/** Runs axe in the page; serious and critical violations fail the test. */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter(
    (violation) => violation.impact === "serious" || violation.impact === "critical",
  );
  if (blocking.length > 0) {
    const details = blocking
      .map(
        (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.html).join("\n    ")}`,
      )
      .join("\n  ");
    throw new Error(`${label}: accessibility violations\n  ${details}`);
  }
}

export async function takeScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotFolder, { recursive: true });
  await page.screenshot({ path: `${screenshotFolder}/${name}.png`, fullPage: true });
}

/**
 * Opens the newest e-mail whose subject matches in the portal's mail viewer, follows its link
 * starting with `pathPrefix` and presses the page's button (a link's GET only shows a button).
 */
export async function followMailLink(
  page: Page,
  origin: string,
  subject: string,
  pathPrefix: string,
) {
  await page.goto(`${origin}/dev/mail`);
  await page.getByRole("link", { name: subject }).first().click();
  const href = await page
    .locator(`.mail-text a[href*="${pathPrefix}"]`)
    .first()
    .getAttribute("href");
  assert.ok(href, `the e-mail "${subject}" carries a ${pathPrefix} link`);
  await page.goto(href);
}
