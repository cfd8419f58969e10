import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Deps } from "../deps";
import { prepareFirstAdminSetupLink } from "./first-admin";

export const firstAdminLinkFileName = "first-admin-link.txt";

/**
 * Tells the operator how to create the first administrator without putting the link in the
 * process output: under systemd or a container, standard output is shipped to a log collector,
 * and anyone who reads the logs within the hour could become the administrator. The link goes
 * to a file only the operator's user can read; an interactive terminal also gets the link
 * itself, since nothing collects a terminal. Once an administrator exists, the file goes.
 */
export async function announceFirstAdminSetup(
  deps: Pick<Deps, "database" | "clock" | "config">,
  output: { linkFolder: string; print: (line: string) => void; printsToTerminal: boolean },
): Promise<void> {
  const path = join(output.linkFolder, firstAdminLinkFileName);
  const link = await prepareFirstAdminSetupLink(deps);
  if (!link) {
    rmSync(path, { force: true });
    return;
  }
  writeOperatorOnlyFile(path, `${link.href}\n`);
  output.print(
    `No administrator exists yet. A setup link, valid for one hour, is in ${path} (readable by this user only).`,
  );
  if (output.printsToTerminal) output.print(`  ${link.href}`);
  output.print("Or run: npx rekey admin create --login-id <id> --email <address>");
}

/**
 * Mode 0600 from the moment the file exists: removing it first and creating it exclusively
 * ("wx") also means a link planted at the path is never followed.
 */
function writeOperatorOnlyFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { force: true });
  writeFileSync(path, text, { mode: 0o600, flag: "wx" });
}
