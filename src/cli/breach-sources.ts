import { recordAuditEvent } from "../audit/audit-log";
import type { ImportFormat } from "../breach/import-sources";
import { CorpusImportError } from "../breach/lines";
import {
  type CorpusSourceSummary,
  corpusStackOf,
  importCorpusSourceFile,
  LastCorpusSourceError,
  listCorpusSources,
  removeCorpusSource,
  replaceCorpusWithFile,
  UnknownCorpusSourceError,
} from "../breach/sources";
import type { Deps } from "../deps";
import type { CommandIo } from "./main";
import { formatDuration, formatRate, ProgressReporter } from "./progress";

/**
 * `rekey breach import`, `sources` and `remove`: the corpus is a stack of sources, each added,
 * listed and removed on its own. An import adds a source; `--replace` (explicit, because it
 * drops the packaged default and every other list) makes the file the only one.
 */
export async function importSourceCommand(
  deps: Deps,
  io: CommandIo,
  options: { sourcePath: string; format: ImportFormat | undefined; replace: boolean },
): Promise<number> {
  if (corpusStackOf(deps).corpusPath === null) {
    io.stderr.write("REKEY_BREACH_CORPUS is :memory:; set it to a file to import a corpus.\n");
    return 1;
  }
  const progress = new ProgressReporter({ output: io.stderr, label: "import" });
  const startedAt = Date.now();
  const importOptions = {
    sourcePath: options.sourcePath,
    format: options.format,
    onProgress: (update: Parameters<ProgressReporter["update"]>[0]) => progress.update(update),
    onNotice: (message: string) => io.stderr.write(`\n${message}\n`),
  };
  let summary: Awaited<ReturnType<typeof importCorpusSourceFile>>;
  try {
    summary = options.replace
      ? await replaceCorpusWithFile(deps, importOptions)
      : await importCorpusSourceFile(deps, importOptions);
  } catch (error) {
    progress.finish();
    if (!(error instanceof CorpusImportError)) throw error;
    io.stderr.write(`\n${error.message}\nNothing was changed: the corpus is as it was.\n`);
    return 1;
  }
  progress.finish();
  await recordAuditEvent(deps.database, deps.clock, {
    actor: { kind: "cli" },
    action: options.replace ? "breach-corpus.replaced" : "breach-corpus.source-added",
    details: auditDetails(summary.source),
  });
  const seconds = (Date.now() - startedAt) / 1000;
  const rate = formatRate(summary.counters.rowsAccepted / Math.max(seconds, 0.001));
  io.stdout.write(
    `Imported ${summary.header.recordCount.toLocaleString("en-US")} hashes from ` +
      `${summary.counters.linesRead.toLocaleString("en-US")} lines (${summary.format}) in ` +
      `${formatDuration(seconds)} (${rate}/s) as source ${summary.source.id}` +
      `${options.replace ? ", replacing every other source" : ""}.\n${describeStack(deps)}`,
  );
  return 0;
}

export async function listSourcesCommand(
  deps: Deps,
  io: CommandIo,
  options: { json: boolean },
): Promise<number> {
  const sources = await listCorpusSources(deps);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ version: deps.breachSource.version, sources })}\n`);
    return 0;
  }
  const rows = [
    ["ID", "KIND", "HASHES", "ADDED", "VERSION", "NAME"],
    ...sources.map((source) => [
      source.id,
      source.kind,
      source.hashes.toLocaleString("en-US"),
      `${source.addedAt.toISOString().slice(0, 16).replace("T", " ")}Z`,
      source.version,
      source.reference === null ? source.name : `${source.name} (${source.reference})`,
    ]),
  ];
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  for (const row of rows) {
    io.stdout.write(
      `${row
        .map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
        .join("  ")
        .trimEnd()}\n`,
    );
  }
  io.stdout.write(describeStack(deps));
  return 0;
}

export async function removeSourceCommand(deps: Deps, io: CommandIo, id: string): Promise<number> {
  let removed: CorpusSourceSummary;
  try {
    removed = await removeCorpusSource(deps, id);
  } catch (error) {
    if (!(error instanceof UnknownCorpusSourceError || error instanceof LastCorpusSourceError)) {
      throw error;
    }
    io.stderr.write(`${error.message}\nSee rekey breach sources.\n`);
    return 1;
  }
  await recordAuditEvent(deps.database, deps.clock, {
    actor: { kind: "cli" },
    action: "breach-corpus.source-removed",
    details: auditDetails(removed),
  });
  io.stdout.write(
    `Removed source ${removed.id} (${removed.kind}, ${removed.name}, ` +
      `${removed.hashes.toLocaleString("en-US")} hashes).\n${describeStack(deps)}`,
  );
  return 0;
}

function describeStack(deps: Deps): string {
  const sources = corpusStackOf(deps).listSources();
  const hashes = sources.reduce((total, source) => total + source.hashes, 0);
  const count = sources.length === 1 ? "1 source" : `${sources.length} sources`;
  return (
    `Corpus ${corpusStackOf(deps).corpusPath}: ${count}, ${hashes.toLocaleString("en-US")} ` +
    `hashes, version ${deps.breachSource.version}; a running server follows within 10 seconds.\n`
  );
}

function auditDetails(source: CorpusSourceSummary): Record<string, unknown> {
  return { sourceId: source.id, kind: source.kind, name: source.name, hashes: source.hashes };
}
