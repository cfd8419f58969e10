import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemorySink, createPendingCorpusFile, removeAbandonedImports } from "./corpus-file";
import { CorpusSource } from "./corpus-source";
import { type ImportOptions, type ImportSummary, importBreachCorpus } from "./import";
import { writePasswordCorpus } from "./password-corpus";
import { openCorpusBuffer } from "./reader";
import type { BreachSource } from "./source";
import type { CorpusSourceSummary, CorpusStack } from "./stack";
import {
  addedSourcePath,
  baseRemovedMarkerPath,
  baseSourceId,
  type CorpusSourceKind,
  createSourceId,
  listAddedSourceFiles,
  sourcesFolder,
} from "./stack-layout";

export type { CorpusSourceSummary } from "./stack";
export type { CorpusSourceKind } from "./stack-layout";

/** No source has this ID. */
export class UnknownCorpusSourceError extends Error {
  override name = "UnknownCorpusSourceError";
}

/** Removing the only source would leave a corpus that accepts every password. */
export class LastCorpusSourceError extends Error {
  override name = "LastCorpusSourceError";
}

type CorpusDeps = { breachSource: BreachSource };

/** The stack behind `deps.breachSource` (through the online layer, if configured). */
export function corpusStackOf(deps: CorpusDeps): CorpusStack {
  const stack = deps.breachSource.corpus;
  if (!stack) throw new TypeError("this breach source has no local corpus stack");
  return stack;
}

/**
 * Adds a list of passwords to the breach corpus as a source of its own, answering from the
 * next lookup in this process (other processes follow within their refresh interval). The
 * passwords are normalised and hashed as they stream in; only SHA-1 prefixes are written.
 * Throws CorpusImportError when no password in the list is one a member could enter.
 */
export async function addCorpusSource(
  deps: CorpusDeps,
  source: {
    name: string;
    kind: CorpusSourceKind;
    passwords: AsyncIterable<string> | Iterable<string>;
    /** What it came from inside rekey, such as the combo-list scan's ID. */
    reference?: string;
  },
): Promise<CorpusSourceSummary> {
  const stack = corpusStackOf(deps);
  const id = createSourceId(stack.corpusPath);
  const description = {
    sourceKind:
      source.kind === "packaged" ? "default" : source.kind === "file" ? "passwords" : "combo-scan",
    sourceName: source.name,
    stackKind: source.kind,
    ...(source.reference === undefined ? {} : { reference: source.reference }),
  };
  if (stack.corpusPath === null) {
    const memory = createMemorySink();
    const runs = mkdtempSync(join(tmpdir(), "rekey-corpus-"));
    try {
      await writePasswordCorpus({
        passwords: source.passwords,
        description,
        sink: memory.sink,
        runPath: (run) => join(runs, `run-${run}`),
        builtAtMs: Date.now(),
      });
    } finally {
      rmSync(runs, { recursive: true, force: true });
    }
    const bytes = memory.bytes();
    stack.addMemberInMemory(
      id,
      CorpusSource.fromReader(() => openCorpusBuffer(bytes)),
    );
  } else {
    const path = prepareAddedSourcePath(stack.corpusPath, id);
    const pending = createPendingCorpusFile(path);
    try {
      await writePasswordCorpus({
        passwords: source.passwords,
        description,
        sink: pending.sink,
        runPath: (run) => `${pending.temporaryPath}.run-${run}`,
        builtAtMs: Date.now(),
      });
      pending.commit();
    } catch (error) {
      pending.abort();
      throw error;
    }
    await stack.refreshNow();
  }
  return findSource(stack, id);
}

/** Every source of the corpus, the base first, then in the order they were added. */
export async function listCorpusSources(deps: CorpusDeps): Promise<CorpusSourceSummary[]> {
  return corpusStackOf(deps).listSources();
}

/**
 * Removes one source; lookups stop using it at once in this process. Refuses to remove the
 * last one. Removing the base (the packaged default) is remembered, so it is not rebuilt.
 */
export async function removeCorpusSource(
  deps: CorpusDeps,
  id: string,
): Promise<CorpusSourceSummary> {
  const stack = corpusStackOf(deps);
  const removed = findSource(stack, id);
  if (stack.listSources().length === 1) {
    throw new LastCorpusSourceError(
      `source ${id} is the only one: the corpus would accept every password. Add another first.`,
    );
  }
  if (stack.corpusPath === null) {
    stack.removeMemberInMemory(id);
    return removed;
  }
  if (id === baseSourceId) {
    mkdirSync(sourcesFolder(stack.corpusPath), { recursive: true });
    writeFileSync(baseRemovedMarkerPath(stack.corpusPath), `${new Date().toISOString()}\n`);
    rmSync(stack.corpusPath, { force: true });
  } else {
    rmSync(addedSourcePath(stack.corpusPath, id), { force: true });
  }
  await stack.refreshNow();
  return removed;
}

/** `rekey breach import FILE`: the file's hashes or passwords become a source of their own. */
export async function importCorpusSourceFile(
  deps: CorpusDeps,
  options: Omit<ImportOptions, "corpusPath">,
): Promise<ImportSummary & { source: CorpusSourceSummary }> {
  const stack = corpusStackOf(deps);
  if (stack.corpusPath === null) throw new TypeError("a memory corpus cannot import files");
  const id = createSourceId(stack.corpusPath);
  const summary = await importBreachCorpus({
    ...options,
    corpusPath: prepareAddedSourcePath(stack.corpusPath, id),
  });
  await stack.refreshNow();
  return { ...summary, source: findSource(stack, id) };
}

/**
 * `rekey breach import FILE --replace`: the file becomes the only source (the HIBP download
 * replacing everything else, say). The new base is renamed into place first, so no lookup
 * ever sees fewer sources than the new corpus has.
 */
export async function replaceCorpusWithFile(
  deps: CorpusDeps,
  options: Omit<ImportOptions, "corpusPath">,
): Promise<ImportSummary & { source: CorpusSourceSummary }> {
  const stack = corpusStackOf(deps);
  const corpusPath = stack.corpusPath;
  if (corpusPath === null) throw new TypeError("a memory corpus cannot import files");
  const summary = await importBreachCorpus({ ...options, corpusPath });
  rmSync(baseRemovedMarkerPath(corpusPath), { force: true });
  for (const path of listAddedSourceFiles(corpusPath).values()) rmSync(path, { force: true });
  await stack.refreshNow();
  return { ...summary, source: findSource(stack, baseSourceId) };
}

function prepareAddedSourcePath(corpusPath: string, id: string): string {
  mkdirSync(sourcesFolder(corpusPath), { recursive: true });
  removeAbandonedImports(sourcesFolder(corpusPath));
  return addedSourcePath(corpusPath, id);
}

function findSource(stack: CorpusStack, id: string): CorpusSourceSummary {
  const found = stack.listSources().find((source) => source.id === id);
  if (!found) throw new UnknownCorpusSourceError(`no corpus source ${id}`);
  return found;
}
