import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { assertAccessible } from "./browser";

/** Full-page screenshots of every page the admin suites visit, one folder per test (git-ignored). */
export const screenshotRoot = resolve("test-results", "screenshots");

export interface PageReview {
  /** Where this test's screenshots go. */
  folder: string;
  /** Screenshots the page as `NN-step.png`, then fails on serious or critical axe violations. */
  check(page: Page, step: string): Promise<void>;
}

/**
 * One test's pages under review. The screenshot is taken before axe runs, so a page that fails
 * the check can still be looked at; numbering keeps the files in the order they were visited.
 */
export function reviewPages(testName: string): PageReview {
  const folder = join(screenshotRoot, testName);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  let visited = 0;
  return {
    folder,
    async check(page, step) {
      visited++;
      const name = `${String(visited).padStart(2, "0")}-${step.replace(/[^A-Za-z0-9-]+/g, "-")}`;
      await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
      await assertAccessible(page, `${testName}: ${step} (${new URL(page.url()).pathname})`);
    },
  };
}
