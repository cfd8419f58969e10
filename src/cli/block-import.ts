import { readFile } from "node:fs/promises";
import { recordAuditEvent } from "../audit/audit-log";
import { defaultManualBlockInHours } from "../defence/blocklist";
import { importBlocklist } from "../defence/blocklist-import";
import type { Deps } from "../deps";
import type { CommandIo } from "./main";

/** `rekey block import <file>`: the same parser and limits as the admin page's import form. */
export async function blockImportCommand(
  deps: Deps,
  io: CommandIo,
  options: {
    file: string;
    reason: string | undefined;
    expiresInHours: string | undefined;
    permanent: boolean;
  },
): Promise<number> {
  if (options.permanent && options.expiresInHours !== undefined) {
    io.stderr.write("Give either --expires-in-hours or --permanent, not both.\n");
    return 2;
  }
  // Like the attacks page: a day unless the operator says otherwise (issue 24).
  let hours: number | null = options.permanent ? null : defaultManualBlockInHours;
  if (options.expiresInHours !== undefined) {
    hours = Number(options.expiresInHours);
    if (!Number.isInteger(hours) || hours < 1 || hours > 8760) {
      io.stderr.write("--expires-in-hours must be a whole number from 1 to 8760.\n");
      return 2;
    }
  }
  let text: string;
  try {
    text = await readFile(options.file, "utf8");
  } catch (error) {
    io.stderr.write(`Cannot read ${options.file}: ${(error as Error).message}\n`);
    return 1;
  }
  const result = await importBlocklist(deps, text, {
    reason: options.reason?.slice(0, 200) || `Imported from ${options.file}`,
    expiresAt: hours === null ? null : new Date(deps.clock.now().getTime() + hours * 3_600_000),
    createdBy: null,
  });
  if (!result.ok) {
    io.stderr.write(
      result.problem === "empty"
        ? "The file contains no address or CIDR range.\n"
        : "The file has more than 100,000 entries; split it.\n",
    );
    return 1;
  }
  await recordAuditEvent(deps.database, deps.clock, {
    actor: { kind: "cli" },
    action: "block.imported",
    details: {
      imported: result.imported,
      skipped: result.invalidLines.length,
      reason: options.reason?.slice(0, 200) || null,
      expiresAt:
        hours === null
          ? null
          : new Date(deps.clock.now().getTime() + hours * 3_600_000).toISOString(),
      file: options.file,
    },
  });
  for (const invalid of result.invalidLines.slice(0, 20)) {
    io.stderr.write(`skipped line ${invalid.line}: ${invalid.text}\n`);
  }
  io.stdout.write(
    `Imported ${result.imported} blocks (${result.invalidLines.length} lines skipped).\n`,
  );
  return 0;
}
