import { hash } from "node:crypto";
import { existsSync } from "node:fs";
import { CorpusSource } from "./corpus-source";
import type { CorpusHeader } from "./format";
import type { CorpusReader } from "./reader";
import { type BreachSource, hashPasswordSha1 } from "./source";
import {
  baseRemovedMarkerPath,
  baseSourceId,
  type CorpusSourceKind,
  listAddedSourceFiles,
  stackKindOf,
} from "./stack-layout";

/** One source of the stack as the CLI, the admin pages and the API show it. */
export interface CorpusSourceSummary {
  id: string;
  kind: CorpusSourceKind;
  name: string;
  /** What it came from inside rekey (a combo-list scan's ID), or null. */
  reference: string | null;
  /** The source's own version (the start of its digest). */
  version: string;
  hashes: number;
  fileBytes: number;
  /** How its rows were read: hibp-file, hibp-folder, passwords, default, combo-scan. */
  format: string;
  addedAt: Date;
}

export interface CorpusStackEvents {
  onSwap?: (version: string) => void;
  onRefreshFailure?: (error: Error) => void;
  onRefreshRecovered?: () => void;
}

interface Member {
  id: string;
  source: CorpusSource;
}

/**
 * The breach corpus as a stack of sources (the packaged default, imported files, scanned combo
 * lists), each a corpus file of its own (stack-layout.ts). A password is breached when any
 * source lists it; the count is the largest a source knows. Lookups stay synchronous from
 * hashing to the last read, so a change of the stack (made by `refresh`, between lookups) is
 * never seen half-way. The version names the set of sources: one source keeps its own version,
 * several get a digest of theirs.
 */
export class CorpusStack implements BreachSource {
  private members: Member[] = [];
  private refused = new Map<string, string>();
  private refreshing: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** `corpusPath` null: the sources live in this process's memory (`:memory:` configurations). */
  private constructor(
    readonly corpusPath: string | null,
    private readonly events: CorpusStackEvents,
  ) {}

  /**
   * Opens every source file now (headers and indexes: a malformed file stops the start with
   * its name); digests are checked by `checkIntegrity()` or before the first lookup.
   */
  static openFiles(corpusPath: string, events: CorpusStackEvents = {}): CorpusStack {
    const stack = new CorpusStack(corpusPath, events);
    const members: Member[] = [];
    try {
      if (existsSync(corpusPath) || !existsSync(baseRemovedMarkerPath(corpusPath))) {
        // The stack reports its own swaps; the base only reports a refused or missing file.
        const { onRefreshFailure, onRefreshRecovered } = events;
        const source = CorpusSource.openFile(corpusPath, { onRefreshFailure, onRefreshRecovered });
        members.push({ id: baseSourceId, source });
      }
      for (const [id, path] of listAddedSourceFiles(corpusPath)) {
        try {
          members.push({ id, source: CorpusSource.openFile(path) });
        } catch (error) {
          (error as Error).message = `source ${id} (${path}): ${(error as Error).message}`;
          throw error;
        }
      }
    } catch (error) {
      for (const member of members) member.source.close();
      throw error;
    }
    stack.members = sortMembers(members);
    return stack;
  }

  /** A stack held in memory, starting from the packaged default built on first use. */
  static inMemory(base: CorpusSource): CorpusStack {
    const stack = new CorpusStack(null, {});
    stack.members = [{ id: baseSourceId, source: base }];
    return stack;
  }

  /** This stack itself: `deps.breachSource.corpus` reaches it through the online layer. */
  get corpus(): CorpusStack {
    return this;
  }

  get version(): string {
    const versions = this.members.map((member) => member.source.version);
    if (versions.length === 1) return versions[0] as string;
    return hash("sha256", `rekey corpus stack\n${versions.sort().join("\n")}`).slice(0, 16);
  }

  /** The newest source's build time: the corpus is as fresh as its latest addition. */
  get builtAt(): Date | undefined {
    let newest: Date | undefined;
    for (const { source } of this.members) {
      const builtAt = source.builtAt;
      if (builtAt && (!newest || builtAt > newest)) newest = builtAt;
    }
    return newest;
  }

  checkIntegrity(): void {
    for (const { source } of this.members) source.checkIntegrity();
  }

  get fileProblem(): string | null {
    for (const { source } of this.members) if (source.fileProblem) return source.fileProblem;
    const [first] = this.refused.values();
    return first ?? null;
  }

  get unusableReason(): string | null {
    if (this.members.length === 0) return "the corpus has no sources";
    for (const { source } of this.members) if (source.unusableReason) return source.unusableReason;
    return null;
  }

  async isBreached(password: string): Promise<{ breached: boolean; count?: number }> {
    if (this.members.length === 0) throw new Error("the breach corpus has no sources");
    const sha1 = hashPasswordSha1(password);
    let breached = false;
    let count: number | undefined;
    for (const { source } of this.members) {
      const found = source.lookupSha1(sha1);
      if (!found.found) continue;
      breached = true;
      if (found.count !== undefined) count = Math.max(count ?? 0, found.count);
    }
    if (!breached) return { breached: false };
    return count === undefined ? { breached: true } : { breached: true, count };
  }

  /** The sources, the base first, then in the order they were added. Reads headers only. */
  listSources(): CorpusSourceSummary[] {
    return this.members.map(({ id, source }) => summarize(id, source.loadedReader));
  }

  /** Each source's loaded version, in the order of `listSources` (stats; never checks one). */
  loadedReaders(): CorpusReader[] {
    return this.members.map(({ source }) => source.loadedReader);
  }

  /** Adds a source already written (memory stacks; file stacks find theirs in `refresh`). */
  addMemberInMemory(id: string, source: CorpusSource): void {
    this.members = sortMembers([...this.members, { id, source }]);
  }

  /** Drops a source from a memory stack; answers whether it was there. */
  removeMemberInMemory(id: string): boolean {
    const member = this.members.find((candidate) => candidate.id === id);
    if (!member) return false;
    this.members = this.members.filter((candidate) => candidate !== member);
    member.source.close();
    return true;
  }

  /**
   * Brings the stack in line with the files: a new base version is swapped in (checked first),
   * added sources are opened once their digest matches, removed ones are closed. Answers
   * whether anything changed. One refresh at a time.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.followFiles().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** A refresh that starts after this call (a change just written must be seen by it). */
  async refreshNow(): Promise<boolean> {
    await this.refreshing;
    return this.refresh();
  }

  private async followFiles(): Promise<boolean> {
    const corpusPath = this.corpusPath;
    if (corpusPath === null) return false;
    const before = this.version;
    let members = [...this.members];
    const base = members.find((member) => member.id === baseSourceId);
    const baseRemoved = !existsSync(corpusPath) && existsSync(baseRemovedMarkerPath(corpusPath));
    if (base && baseRemoved) {
      members = members.filter((member) => member !== base);
    } else if (base) {
      await base.source.refresh();
    } else if (existsSync(corpusPath)) {
      const opened = await this.openChecked(baseSourceId, corpusPath);
      if (opened) members.push({ id: baseSourceId, source: opened });
    }
    const files = listAddedSourceFiles(corpusPath);
    const gone = members.filter((member) => member.id !== baseSourceId && !files.has(member.id));
    members = members.filter((member) => !gone.includes(member));
    for (const id of this.refused.keys()) if (!files.has(id)) this.refused.delete(id);
    for (const [id, path] of files) {
      if (members.some((member) => member.id === id) || this.refused.has(id)) continue;
      const opened = await this.openChecked(id, path);
      if (opened) members.push({ id, source: opened });
    }
    this.members = sortMembers(members);
    if (base && !members.includes(base)) base.source.close();
    for (const member of gone) member.source.close();
    const changed = this.version !== before;
    if (changed) this.events.onSwap?.(this.version);
    return changed;
  }

  /** A refused file is reported once and not hashed again until it is replaced or removed. */
  private async openChecked(id: string, path: string): Promise<CorpusSource | null> {
    try {
      return await CorpusSource.openVerifiedFile(path);
    } catch (error) {
      const message = `source ${id} (${path}) refused: ${(error as Error).message}`;
      if (id !== baseSourceId) this.refused.set(id, message);
      this.events.onRefreshFailure?.(new Error(message, { cause: error }));
      return null;
    }
  }

  /** Follows the files every so often; the timer never keeps the process alive. */
  startRefreshing(intervalInMilliseconds: number): void {
    this.stopRefreshing();
    this.timer = setInterval(() => void this.refresh(), intervalInMilliseconds);
    this.timer.unref();
  }

  stopRefreshing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  close(): void {
    this.stopRefreshing();
    for (const { source } of this.members) source.close();
    this.members = [];
  }
}

function summarize(
  id: string,
  reader: { header: CorpusHeader; fileBytes: number; version: string },
): CorpusSourceSummary {
  const { description } = reader.header;
  return {
    id,
    kind: stackKindOf(description),
    name: description.sourceName,
    reference: description.reference ?? null,
    version: reader.version,
    hashes: reader.header.recordCount,
    fileBytes: reader.fileBytes,
    format: description.sourceKind,
    addedAt: new Date(reader.header.builtAtMs),
  };
}

/** The base first, then by the time each source was written. */
function sortMembers(members: Member[]): Member[] {
  const addedAt = (member: Member) => member.source.loadedReader.header.builtAtMs;
  return [...members].sort((a, b) => {
    if (a.id === baseSourceId) return -1;
    if (b.id === baseSourceId) return 1;
    return addedAt(a) - addedAt(b) || a.id.localeCompare(b.id);
  });
}
