import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { memberImportProblem } from "../db/schema";
import type { Deps } from "../deps";
import { importOptionNames, parseImportOptions } from "../imports/import-options";
import { formatOfFileName, readImportRecords } from "../imports/import-records";
import {
  type ImportProgress,
  type MemberImport,
  openMemberImport,
  runMemberImport,
} from "../imports/member-import";
import type { CommandIo } from "./main";
import { withDeps } from "./with-deps";

export const membersImportUsage = `  members import <file> [--format jsonl|csv] [--hash-format auto|md5|sha1|sha256|sha512|firebase-scrypt]
      [--hash-encoding hex|base64] [--salt-position before|after]
      [--firebase-signer-key K --firebase-salt-separator S --firebase-rounds N --firebase-mem-cost N]
      [--reset-required] [--reset-weaker-than unsalted|salted|iterated|adaptive]
      [--send-set-password-links] [--restart]
      Import (or update, by externalId) a service's members with their password hashes. An
      interrupted import of the same file resumes after its last stored line unless --restart.
      Exit 0 when every row was imported, 1 when some were refused (listed by line number).
`;

const booleanOptions = new Set(["reset-required", "send-set-password-links", "restart"]);

export async function membersImportCommand(
  args: string[],
  io: CommandIo,
  usage: string,
): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries(
        [...importOptionNames, "format", "restart"].map((name) => [
          name,
          { type: booleanOptions.has(name) ? "boolean" : "string" },
        ]),
      ) as Record<string, { type: "string" | "boolean" }>,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  const options = parseImportOptions(parsed.values);
  const format = parsed.values.format ?? (file ? formatOfFileName(file) : "jsonl");
  if (!file || extra.length > 0 || !options.ok || (format !== "jsonl" && format !== "csv")) {
    const message = !options.ok ? options.message : "Name exactly one JSON Lines or CSV file.";
    io.stderr.write(`${message}\n\n${usage}`);
    return 2;
  }
  let fingerprint: string;
  try {
    fingerprint = await fingerprintFile(file);
  } catch (error) {
    io.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  return withDeps(io, async (deps) => {
    const importRow = await openMemberImport(deps, {
      source: "cli",
      fileName: file,
      fileFingerprint: fingerprint,
      importOptions: options.options,
      resume: parsed.values.restart !== true,
    });
    if (importRow.linesCommitted > 0)
      io.stderr.write(`Resuming import ${importRow.id} after line ${importRow.linesCommitted}.\n`);
    const totalBytes = (await stat(file)).size;
    const input = createReadStream(file);
    let last: ImportProgress | undefined;
    const finished = await runMemberImport(deps, {
      importRow,
      records: readImportRecords(input, format),
      importOptions: options.options,
      actor: { kind: "cli" },
      onProgress: (progress) => {
        last = progress;
        showProgress(io, progress, input.bytesRead / Math.max(totalBytes, 1));
      },
    });
    if (io.stderr && (io.stderr as { isTTY?: boolean }).isTTY) io.stderr.write("\n");
    await reportProblems(deps, io, finished);
    io.stdout.write(`${describeSummary(finished)}\n`);
    if (last && last.wrapped > 0)
      io.stdout.write(
        `Wrapping: ${last.wrapped} argon2id hashes in ${last.wrapSeconds.toFixed(1)} s (${(last.wrapped / Math.max(last.wrapSeconds, 0.001)).toFixed(1)}/s on ${availableParallelism()} cores; \`npm run bench:import\` compares this with the machine's argon2 capacity).\n`,
      );
    return finished.rejected > 0 ? 1 : 0;
  });
}

let lastShownAt = 0;

/** A line on standard error at most once a second: rows, rate, and the share of the file read. */
function showProgress(io: CommandIo, progress: ImportProgress, fraction: number): void {
  const now = Date.now();
  if (now - lastShownAt < 1000) return;
  lastShownAt = now;
  const stored = progress.created + progress.updated;
  const rate = Math.round(stored / Math.max(progress.elapsedInSeconds, 0.001));
  const tty = (io.stderr as { isTTY?: boolean }).isTTY;
  const line = `members import: ${(fraction * 100).toFixed(1)}% line ${progress.linesRead}, ${stored} stored (${rate}/s), ${progress.wrapped} wrapped, ${progress.rejected} refused`;
  io.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
}

const problemsShown = 50;

async function reportProblems(deps: Deps, io: CommandIo, finished: MemberImport): Promise<void> {
  if (finished.rejected === 0) return;
  const problems = await deps.database
    .select()
    .from(memberImportProblem)
    .where(eq(memberImportProblem.importId, finished.id))
    .orderBy(memberImportProblem.lineNumber)
    .limit(problemsShown);
  for (const problem of problems)
    io.stderr.write(`line ${problem.lineNumber}: ${problem.message}\n`);
  if (finished.rejected > problemsShown)
    io.stderr.write(`... and ${finished.rejected - problemsShown} more (import ${finished.id}).\n`);
}

export function describeSummary(finished: MemberImport): string {
  return [
    `Import ${finished.id}: ${finished.created} created, ${finished.updated} updated`,
    `${finished.storedAsIs} adaptive hashes kept, ${finished.wrapped} fast hashes wrapped in argon2id, ${finished.withoutPassword} without a password`,
    `${finished.markedResetRequired} marked reset-required, ${finished.setPasswordLinksQueued} set-password links queued, ${finished.rejected} rows refused.`,
  ].join("; ");
}

/** SHA-256 of the file, so a second run knows it is the same file and may resume. */
async function fingerprintFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
