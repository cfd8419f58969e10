import { readFile } from "node:fs/promises";
import type { Deps } from "../deps";
import { createBulkResetJob } from "../resets/bulk-reset-jobs";
import { runBulkResetJob } from "../resets/bulk-reset-runner";
import { findAdministratorIds } from "../resets/bulk-reset-start";
import { parseIdentifierList } from "../resets/identifier-list";
import { createCountProgress } from "./count-progress";
import type { CommandIo } from "./main";

/** `rekey reset --file ids.txt --reason "..." [--column C] [--dry-run]`, processed in this process. */
export async function resetCommand(
  deps: Deps,
  io: CommandIo,
  options: {
    file: string;
    reason: string;
    column?: string;
    dryRun: boolean;
    notify: boolean;
    includeAdministrators: string[];
  },
): Promise<number> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(options.file));
  } catch (error) {
    io.stderr.write(`Cannot read ${options.file} as UTF-8 text: ${(error as Error).message}\n`);
    return 1;
  }
  const parsed = parseIdentifierList(text, { column: options.column });
  if (!parsed.ok) {
    io.stderr.write(
      parsed.problem === "column"
        ? `Column ${options.column} is not in the CSV header.\n`
        : "The file lists no IDs.\n",
    );
    return 1;
  }
  if (parsed.comboLines > 0)
    io.stderr.write(
      `${parsed.comboLines} line(s) look like identifier:password pairs from a combo list: only the identifiers were kept. To find who still uses these passwords, run: rekey scan ${options.file}\n`,
    );
  const job = await createBulkResetJob(deps, {
    identifiers: parsed.identifiers,
    reason: options.reason,
    dryRun: options.dryRun,
    revokeSessions: true,
    invalidatePassword: true,
    notifyMembers: options.notify,
    source: "cli",
    actor: { kind: "cli" },
    // Administrators in the list are left out unless named with --include-admin.
    administrators: {
      policy: "exclude-unlisted",
      includedMemberIds: await findAdministratorIds(deps.database, options.includeAdministrators),
    },
  });
  io.stderr.write(
    `Job ${job.id}: ${job.total} IDs${options.dryRun ? " (dry run: nothing changes)" : ""}\n`,
  );
  const progress = createCountProgress({
    output: io.stderr,
    total: job.total,
    label: options.dryRun ? "dry run" : "reset",
  });
  const finished = await runBulkResetJob(deps, {
    jobId: job.id,
    onProgress: (current) => progress.update(current.processed),
  });
  if (finished?.status !== "completed") {
    io.stderr.write(
      "\nThe job is being processed by another process; follow it on /admin/resets.\n",
    );
    return 1;
  }
  progress.finish(finished.processed);
  const verb = finished.dryRun ? "would reset" : "reset";
  io.stdout.write(
    `${verb}: ${finished.matched}, unknown: ${finished.unknown}, already pending: ${finished.alreadyPending}, listed twice: ${finished.duplicates}, e-mail address changed recently: ${finished.recentEmailChanges}, administrators left out: ${finished.administratorsExcluded}\n`,
  );
  return 0;
}
