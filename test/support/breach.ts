import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { hashPasswordSha1 } from "../../src/breach/source";

export const breachFixtures = resolve(import.meta.dirname, "../fixtures/breach");

/** What test/fixtures/breach/hibp-sample.txt and hibp-folder/ hold, with HIBP-style counts. */
export const fixtureBreaches = [
  { password: "password", count: 9_545_824 },
  { password: "iloveyou", count: 1 },
  { password: "hunter2", count: 17_043 },
  { password: "correct horse battery staple", count: 393 },
  { password: "P@ssw0rd", count: 32_768 },
  { password: "monkey123", count: 28 },
];

/** A folder that disappears when the test ends. */
export function temporaryFolder(t: { after: (fn: () => void) => void }): string {
  const folder = mkdtempSync(join(tmpdir(), "rekey-breach-"));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

export function sha1Hex(password: string): string {
  return hashPasswordSha1(password).toString("hex").toUpperCase();
}

/** Writes an HIBP single file (sorted `SHA1:count` rows) for these passwords plus random rows. */
export function writeHibpFile(
  path: string,
  rows: { password: string; count: number }[],
  options: { randomRows?: number; lineEnding?: string } = {},
): void {
  const lines = rows.map((row) => `${sha1Hex(row.password)}:${row.count}`);
  for (let row = 0; row < (options.randomRows ?? 0); row++) {
    lines.push(`${randomBytes(20).toString("hex").toUpperCase()}:${1 + (row % 97)}`);
  }
  const lineEnding = options.lineEnding ?? "\r\n";
  writeFileSync(path, `${lines.sort().join(lineEnding)}${lineEnding}`);
}

/** Files left beside a corpus by an import (temporary files, sort runs). */
export function leftoverFiles(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.includes(".import-"));
}

export function randomPassword(): string {
  return `absent-${randomBytes(12).toString("base64url")}`;
}
