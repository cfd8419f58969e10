import { statSync } from "node:fs";
import { type CorpusReader, openCorpusFile } from "./reader";
import { type BreachSource, hashPasswordSha1 } from "./source";

export interface CorpusSourceEvents {
  onSwap?: (version: string) => void;
  onRefreshFailure?: (error: Error) => void;
}

/**
 * The offline breach source: an open corpus, looked up synchronously when `isBreached` is
 * called. A new version renamed into place is picked up by `refresh()` (on a timer), which
 * opens the new file before closing the old: lookups answer from one whole version, and since
 * a lookup never awaits, no lookup is ever in flight across a swap.
 */
export class CorpusSource implements BreachSource {
  private current: CorpusReader | undefined;
  private identity = "";
  private lastFailure = "";
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly load: () => CorpusReader,
    private readonly path: string | undefined,
    private readonly events: CorpusSourceEvents,
  ) {}

  /** Opens the corpus file now, so a missing or damaged file stops the start with a message. */
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

  get version(): string {
    return this.reader.version;
  }

  get builtAt(): Date {
    return new Date(this.reader.header.builtAtMs);
  }

  get reader(): CorpusReader {
    this.current ??= this.load();
    return this.current;
  }

  async isBreached(password: string): Promise<{ breached: boolean; count?: number }> {
    const found = this.reader.lookupHash(hashPasswordSha1(password));
    if (!found.found) return { breached: false };
    return found.count === undefined ? { breached: true } : { breached: true, count: found.count };
  }

  /** Swaps in a new corpus version if one was renamed into place; answers whether it did. */
  refresh(): boolean {
    if (this.path === undefined) return false;
    try {
      const identity = fileIdentity(this.path);
      if (identity === this.identity) return false;
      const next = openCorpusFile(this.path);
      const previous = this.current;
      this.current = next;
      this.identity = identity;
      this.lastFailure = "";
      previous?.close();
      this.events.onSwap?.(next.version);
      return true;
    } catch (error) {
      // Keep answering from the version we have; report each new problem once.
      const message = (error as Error).message;
      if (message !== this.lastFailure) this.events.onRefreshFailure?.(error as Error);
      this.lastFailure = message;
      return false;
    }
  }

  /** Checks for a new version every so often; the timer never keeps the process alive. */
  startRefreshing(intervalInMilliseconds: number): void {
    this.stopRefreshing();
    this.timer = setInterval(() => this.refresh(), intervalInMilliseconds);
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

/** A rename puts a different inode at the path. */
function fileIdentity(path: string): string {
  const found = statSync(path);
  return `${found.dev}:${found.ino}:${found.size}:${found.mtimeMs}`;
}
