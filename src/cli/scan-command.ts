import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { handComboScanToBulkReset } from "../combo-scans/hand-over";
import { runComboScans } from "../combo-scans/scan-runner";
import {
  type ComboScanSummary,
  describeComboScanSummary,
  summarizeComboScan,
} from "../combo-scans/scans";
import type { SegmentProgress } from "../combo-scans/segment-work";
import { prepareComboListFile } from "../combo-scans/spool";
import { runBulkResetJob } from "../resets/bulk-reset-runner";
import type { CommandIo } from "./main";
import { formatDuration } from "./progress";
import { withDeps } from "./with-deps";

export const scanUsage = `  scan <file> [--name <name>] [--columns <id>,<password>] [--json] [--reset --reason <text>]
      Find the members whose password is in a leaked combo list (identifier:password,
      identifier;password, tab-separated or CSV; UTF-8 or Latin-1). Nothing of the list is kept;
      its passwords join the breach corpus. --json prints the summary as one object; --reset
      hands the members whose current password is exposed straight to a bulk reset.
`;

/** `rekey scan FILE ...`: 0 done, 1 the file cannot be read, 2 a usage error. */
export async function scanCommand(args: string[], io: CommandIo, usage: string): Promise<number> {
  let parsed: ReturnType<typeof parseScanArguments>;
  try {
    parsed = parseScanArguments(args);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const refuse = (message: string) => {
    io.stderr.write(`${message}\n\n${usage}`);
    return 2;
  };
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) return refuse("Name exactly one combo list to scan.");
  const reason = values.reason?.trim() ?? "";
  if (values.reset && (reason.length < 1 || reason.length > 500))
    return refuse("--reset needs --reason <text> (1 to 500 characters).");
  if (!values.reset && values.reason !== undefined) return refuse("--reason goes with --reset.");
  let columns: { identifier: string; password: string } | undefined;
  if (values.columns !== undefined) {
    const [identifier, password, ...more] = values.columns.split(",");
    if (!identifier?.trim() || !password?.trim() || more.length > 0)
      return refuse("--columns takes two columns: <identifier>,<password> (names or numbers).");
    columns = { identifier, password };
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error("not a file");
  } catch (error) {
    io.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  return withDeps(io, async (deps) => {
    let scan: Awaited<ReturnType<typeof prepareComboListFile>>;
    try {
      scan = await prepareComboListFile(deps, file, {
        name: values.name?.trim() || basename(file),
        fileName: basename(file),
        columns,
        source: "cli",
        actor: { kind: "cli" },
      });
    } catch (error) {
      io.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
      return 1;
    }
    const progress = createScanProgress(io.stderr, scan.fileBytes);
    await runComboScans(deps, { scanId: scan.id, onProgress: (step) => progress.update(step) });
    progress.finish();
    const summary = await summarizeComboScan(deps.database, scan.id);
    if (!summary) return 1;
    if (summary.scan.status !== "completed") {
      io.stderr.write(
        `Scan ${scan.id} is ${summary.scan.status}${summary.scan.problem ? ` (${summary.scan.problem})` : ""}; partial results on /admin/combo-scans/${scan.id}.\n`,
      );
    }
    let resetJobId: number | null = null;
    if (values.reset && summary.scan.status === "completed") {
      const job = await handComboScanToBulkReset(deps, scan.id, {
        reason,
        dryRun: false,
        source: "cli",
        actor: { kind: "cli" },
      });
      if (job) {
        resetJobId = job.id;
        await runBulkResetJob(deps, { jobId: job.id });
      }
    }
    if (values.json) {
      io.stdout.write(`${JSON.stringify(describeComboScanSummary(summary, resetJobId))}\n`);
    } else {
      io.stdout.write(formatSummary(summary));
      if (values.reset)
        io.stdout.write(
          resetJobId === null
            ? "No member's current password is in the list: no reset.\n"
            : `Bulk reset job ${resetJobId} reset the members whose current password is exposed.\n`,
        );
    }
    return summary.scan.status === "completed" ? 0 : 1;
  });
}

function parseScanArguments(args: string[]) {
  return parseArgs({
    args,
    options: {
      name: { type: "string" },
      columns: { type: "string" },
      json: { type: "boolean", default: false },
      reset: { type: "boolean", default: false },
      reason: { type: "string" },
    },
    allowPositionals: true,
    strict: true,
  });
}

function formatSummary(summary: ComboScanSummary): string {
  const malformed =
    summary.malformed === 0
      ? "0"
      : `${summary.malformed} (skipped; lines ${summary.malformedSample.join(", ")}${summary.malformed > summary.malformedSample.length ? ", ..." : ""})`;
  return [
    `Scan ${summary.scan.id} (${summary.scan.name}): ${summary.scan.status}`,
    `lines: ${summary.lines}, malformed: ${malformed}`,
    `pairs of members: ${summary.matched}, verifications: ${summary.verified}`,
    `current password exposed: ${summary.members.current}`,
    `old password exposed: ${summary.members.old}`,
    `not exposed: ${summary.members.none}`,
    "",
  ].join("\n");
}

/** A bar with lines/s, matches, verifications and ETA; a plain line now and then off a terminal. */
function createScanProgress(output: CommandIo["stderr"] & { isTTY?: boolean }, totalBytes: number) {
  const startedAt = Date.now();
  const totals = { lines: 0, bytes: 0, matched: 0, verified: 0 };
  let shownAt = 0;
  const describe = () => {
    const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001);
    const fraction = totalBytes > 0 ? Math.min(totals.bytes / totalBytes, 1) : 1;
    const remaining = fraction > 0 && fraction < 1 ? (seconds * (1 - fraction)) / fraction : 0;
    const filled = Math.round(fraction * 28);
    return `[${"#".repeat(filled)}${"-".repeat(28 - filled)}] ${(fraction * 100).toFixed(1)}% ${totals.lines.toLocaleString("en-US")} lines, ${Math.round(totals.lines / seconds).toLocaleString("en-US")} lines/s, ${totals.matched} matches, ${totals.verified} verified, ETA ${formatDuration(remaining)}`;
  };
  return {
    update(step: SegmentProgress) {
      totals.lines += step.lines;
      totals.bytes += step.bytes;
      totals.matched += step.matched;
      totals.verified += step.verified;
      const now = Date.now();
      if (now - shownAt < (output.isTTY ? 100 : 10_000)) return;
      shownAt = now;
      output.write(output.isTTY ? `\r\x1b[2K${describe()}` : `${describe()}\n`);
    },
    finish() {
      output.write(output.isTTY ? `\r\x1b[2K${describe()}\n` : `${describe()}\n`);
    },
  };
}
