import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { CorpusDescription } from "./format";

/**
 * Where the stack of sources lives on disk, for the configured corpus path P (breach.rkb):
 *
 *   P                      the base source: the packaged default built at first start, or a
 *                          corpus imported with --replace
 *   P.sources/ID.rkb       each source added since (imported files, scanned combo lists), in
 *                          the same format, written beside and renamed into place
 *   P.sources/base.removed the operator removed the base source: do not rebuild the default
 *
 * Every file is a whole corpus with its own digest, so each source is added, checked and
 * removed on its own, and a running server sees a source appear or go with one directory read.
 */
export const baseSourceId = "base";

export type CorpusSourceKind = "packaged" | "file" | "combo-scan";
export const corpusSourceKinds: readonly CorpusSourceKind[] = ["packaged", "file", "combo-scan"];

const addedFileName = /^([0-9a-f]{8})\.rkb$/;

export function sourcesFolder(corpusPath: string): string {
  return `${corpusPath}.sources`;
}

export function addedSourcePath(corpusPath: string, id: string): string {
  return join(sourcesFolder(corpusPath), `${id}.rkb`);
}

export function baseRemovedMarkerPath(corpusPath: string): string {
  return join(sourcesFolder(corpusPath), "base.removed");
}

/** 32 random bits: short enough to type in `rekey breach remove`, unique within one stack. */
export function createSourceId(corpusPath: string | null): string {
  for (;;) {
    const id = randomBytes(4).toString("hex");
    if (corpusPath === null || !existsSync(addedSourcePath(corpusPath, id))) return id;
  }
}

export function isSourceId(value: string): boolean {
  return value === baseSourceId || /^[0-9a-f]{8}$/.test(value);
}

/** The added sources' files, by ID (temporary files of writes in progress are not sources). */
export function listAddedSourceFiles(corpusPath: string): Map<string, string> {
  const folder = sourcesFolder(corpusPath);
  const found = new Map<string, string>();
  if (!existsSync(folder)) return found;
  for (const entry of readdirSync(folder).sort()) {
    const match = addedFileName.exec(entry);
    if (match) found.set(match[1] as string, join(folder, entry));
  }
  return found;
}

/** The kind a source file declares; corpora written before the stack existed infer it. */
export function stackKindOf(description: CorpusDescription): CorpusSourceKind {
  if (description.stackKind) return description.stackKind;
  if (description.sourceKind === "default") return "packaged";
  if (description.sourceKind === "combo-scan") return "combo-scan";
  return "file";
}
