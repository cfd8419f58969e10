import { statSync } from "node:fs";
import { type CorpusReader, openCorpusFile, openVerifiedCorpusFile } from "./reader";
import { type BreachSource, hashPasswordSha1 } from "./source";

export interface CorpusSourceEvents {
  onSwap?: (version: string) => void;
  /** A new file at the path was refused (damaged, truncated) or the file is gone. */
  onRefreshFailure?: (error: Error) => void;
  /** The file at the path is usable again (or a new version was swapped in). */
  onRefreshRecovered?: () => void;
}

/**
 * The offline breach source: an open corpus, looked up synchronously when `isBreached` is
 * called. A version is used only once its SHA-256 digest matched (integrity.ts): a damaged
 * file would otherwise answer "not breached" for every password. A new version renamed into
 * place is picked up by `refresh()` (on a timer), which checks and opens the new file before
 * closing the old: lookups answer from one whole version, and since a lookup never awaits, no
 * lookup is ever in flight across a swap.
 */
export class CorpusSource implements BreachSource {
  private current: CorpusReader | undefined;
  private identity = "";
  private refusedIdentity = "";
  private lastFailure = "";
  private unusable: string | null = null;
  private refreshing: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly load: () => CorpusReader,
    private readonly path: string | undefined,
    private readonly events: CorpusSourceEvents,
  ) {}

  /**
   * Opens the corpus file now (header and index: a missing or malformed file stops the start
   * with a message); its digest is checked by `checkIntegrity()` or before the first lookup.
   */
  static openFile(path: string, events: CorpusSourceEvents = {}): CorpusSource {
    const source = new CorpusSource(() => openCorpusFile(path), path, events);
    source.identity = fileIdentity(path);
    source.current = openCorpusFile(path);
    return source;
  }

  /** A corpus built on first use (the in-memory default). */
  static fromReader(load: () => CorpusReader): CorpusSource {
    return new CorpusSource(load, undefined, {});
  }

  /**
   * Opens a corpus file and checks its digest without holding the event loop (a source added
   * to the stack while the server runs); the file is never swapped, so no refresh is needed.
   */
  static async openVerifiedFile(path: string): Promise<CorpusSource> {
    const reader = await openVerifiedCorpusFile(path);
    verified.add(reader);
    const source = new CorpusSource(() => openCorpusFile(path), path, {});
    source.current = reader;
    source.identity = fileIdentity(path);
    return source;
  }

  get version(): string {
    return this.reader.version;
  }

  /** When the version answering was built; never checks a version (the gauge must stay cheap). */
  get builtAt(): Date | undefined {
    const current = this.current;
    return current && verified.has(current) ? new Date(current.header.builtAtMs) : undefined;
  }

  /** The verified version in use (checked on first use: seconds for a 7 GB corpus). */
  get reader(): CorpusReader {
    this.current ??= this.load();
    if (!verified.has(this.current)) {
      try {
        this.current.verifyDigest();
      } catch (error) {
        this.unusable = (error as Error).message;
        throw error;
      }
      verified.add(this.current);
      this.unusable = null;
    }
    return this.current;
  }

  /** The version loaded, checked or not: its header describes the source without hashing it. */
  get loadedReader(): CorpusReader {
    this.current ??= this.load();
    return this.current;
  }

  /** The version answering lookups, if one has been checked already (never checks one). */
  get checkedVersion(): string | null {
    return this.current && verified.has(this.current) ? this.current.version : null;
  }

  /** Checks the digest of the version in use now (a server does this before it listens). */
  checkIntegrity(): void {
    void this.reader;
  }

  /** Why no checked version can answer, or null. */
  get unusableReason(): string | null {
    return this.unusable;
  }

  /** Why the file at the configured path is not the version answering, or null. */
  get fileProblem(): string | null {
    return this.lastFailure === "" ? null : this.lastFailure;
  }

  async isBreached(password: string): Promise<{ breached: boolean; count?: number }> {
    const found = this.lookupSha1(hashPasswordSha1(password));
    if (!found.found) return { breached: false };
    return found.count === undefined ? { breached: true } : { breached: true, count: found.count };
  }

  /** One synchronous lookup of a SHA-1 (the stack hashes a password once for all its sources). */
  lookupSha1(sha1: Buffer): { found: boolean; count?: number } {
    return this.reader.lookupHash(sha1);
  }

  /**
   * Swaps in a new corpus version if one was renamed into place and its digest matches;
   * answers whether it did. One check at a time; a refused file is not checked again until
   * another file replaces it.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.swapIfChanged().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async swapIfChanged(): Promise<boolean> {
    if (this.path === undefined) return false;
    try {
      const identity = fileIdentity(this.path);
      if (identity === this.identity || identity === this.refusedIdentity) {
        if (identity === this.identity) this.recover();
        return false;
      }
      let next: CorpusReader;
      try {
        next = await openVerifiedCorpusFile(this.path);
      } catch (error) {
        this.refusedIdentity = identity;
        throw error;
      }
      verified.add(next);
      this.unusable = null;
      const previous = this.current;
      this.current = next;
      this.identity = identity;
      this.refusedIdentity = "";
      this.recover();
      previous?.close();
      this.events.onSwap?.(next.version);
      return true;
    } catch (error) {
      // Keep answering from the version we have; report each new problem once.
      const message = describeRefreshFailure(error as NodeJS.ErrnoException);
      if (message !== this.lastFailure) {
        this.events.onRefreshFailure?.(new Error(message, { cause: error }));
      }
      this.lastFailure = message;
      return false;
    }
  }

  private recover(): void {
    if (this.lastFailure === "") return;
    this.lastFailure = "";
    this.events.onRefreshRecovered?.();
  }

  /** Checks for a new version every so often; the timer never keeps the process alive. */
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
    this.current?.close();
    this.current = undefined;
  }
}

/** Readers whose digest matched; a reader is immutable, so once is enough. */
const verified = new WeakSet<CorpusReader>();

function describeRefreshFailure(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") {
    return `the corpus file is missing (${error.path ?? "the configured path"}); still answering from the version loaded earlier, which the next start will not have`;
  }
  return error.message;
}

/** A rename puts a different inode at the path. */
function fileIdentity(path: string): string {
  const found = statSync(path);
  return `${found.dev}:${found.ino}:${found.size}:${found.mtimeMs}`;
}
