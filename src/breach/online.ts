import { type BreachSource, BreachSourceUnavailableError, hashPasswordSha1 } from "./source";
import type { CorpusStack } from "./stack";

export type OnlineFailureMode = "fail-open" | "fail-closed";

export interface HibpRangeOptions {
  /** The range endpoint; the 5-hex prefix is appended (https://api.pwnedpasswords.com/range/). */
  rangeUrl: URL;
  timeoutInMilliseconds: number;
  /** fail-open answers "not breached" when the API cannot answer; fail-closed rejects. */
  failureMode: OnlineFailureMode;
  cacheMaximumPrefixes?: number;
  cacheTimeToLiveInMilliseconds?: number;
  onFailure?: (error: Error) => void;
  fetch?: typeof fetch;
  now?: () => number;
}

const rowPattern = /^([0-9A-Fa-f]{35}):([0-9]{1,15})$/;

/**
 * Have I Been Pwned's range API with k-anonymity: only the first 5 hex digits of the SHA-1
 * leave the machine, and `Add-Padding: true` makes every answer 800 to 1,000 rows so its size
 * does not reveal the prefix; padding rows carry a count of 0 and are ignored. Answers are
 * cached per prefix (they are public data, not the member's password).
 */
export class HibpRangeSource implements BreachSource {
  readonly version = "hibp-range-api";
  private readonly cache = new Map<string, { rows: string; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly options: HibpRangeOptions) {}

  async isBreached(password: string): Promise<{ breached: boolean; count?: number }> {
    const hex = hashPasswordSha1(password).toString("hex").toUpperCase();
    let rows: string;
    try {
      rows = await this.rowsFor(hex.slice(0, 5));
    } catch (error) {
      this.options.onFailure?.(error as Error);
      if (this.options.failureMode === "fail-open") return { breached: false };
      throw new BreachSourceUnavailableError("the breached-password API did not answer", {
        cause: error,
      });
    }
    const at = rows.indexOf(`\n${hex.slice(5)}:`);
    if (at < 0) return { breached: false };
    const countStart = at + 1 + 35 + 1;
    return {
      breached: true,
      count: Number(rows.slice(countStart, rows.indexOf("\n", countStart))),
    };
  }

  /** Rows of one prefix as "\nSUFFIX:count" lines (upper case, non-zero counts), cached. */
  private async rowsFor(prefix: string): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    const cached = this.cache.get(prefix);
    if (cached && cached.expiresAt > now) return cached.rows;
    const pending = this.inFlight.get(prefix) ?? this.fetchRows(prefix);
    this.inFlight.set(prefix, pending);
    try {
      const rows = await pending;
      this.remember(prefix, rows, now);
      return rows;
    } finally {
      this.inFlight.delete(prefix);
    }
  }

  private async fetchRows(prefix: string): Promise<string> {
    const response = await (this.options.fetch ?? fetch)(new URL(prefix, this.options.rangeUrl), {
      headers: { "Add-Padding": "true", "User-Agent": "rekey-breach-check" },
      signal: AbortSignal.timeout(this.options.timeoutInMilliseconds),
      redirect: "error",
    });
    if (!response.ok) throw new Error(`range API answered ${response.status}`);
    return parseRangeResponse(await readBoundedText(response));
  }

  private remember(prefix: string, rows: string, now: number): void {
    const maximum = this.options.cacheMaximumPrefixes ?? 256;
    if (maximum <= 0) return;
    this.cache.delete(prefix);
    this.cache.set(prefix, {
      rows,
      expiresAt: now + (this.options.cacheTimeToLiveInMilliseconds ?? 60 * 60_000),
    });
    // Map keeps insertion order: the first key is the least recently stored.
    while (this.cache.size > maximum) this.cache.delete(this.cache.keys().next().value as string);
  }
}

/** A padded answer is about 40 kB; a misbehaving server must not fill the memory. */
const maximumResponseBytes = 1 << 20;

async function readBoundedText(response: Response): Promise<string> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (!reader) return "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString("utf8");
    total += value.byteLength;
    if (total > maximumResponseBytes) {
      await reader.cancel();
      throw new Error("range API answer is too large");
    }
    chunks.push(value);
  }
}

/** Validates every row; anything that is not `SUFFIX:count` makes the whole answer unusable. */
export function parseRangeResponse(body: string): string {
  const kept: string[] = [""];
  let rows = 0;
  for (const line of body.split("\n")) {
    const trimmed = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (trimmed === "") continue;
    const match = rowPattern.exec(trimmed);
    if (!match) throw new Error("range API answer is not SUFFIX:count rows");
    rows++;
    if (Number(match[2]) > 0)
      kept.push(`${(match[1] as string).toUpperCase()}:${Number(match[2])}`);
  }
  if (rows === 0) throw new Error("range API answer is empty");
  kept.push("");
  return kept.join("\n");
}

/** Checks the local corpus first (no network for known passwords), then the API. */
export class LayeredBreachSource implements BreachSource {
  constructor(
    private readonly local: BreachSource,
    private readonly online: BreachSource,
  ) {}

  get version(): string {
    return `${this.local.version}+${this.online.version}`;
  }

  get builtAt(): Date | undefined {
    return this.local.builtAt;
  }

  get corpus(): CorpusStack | undefined {
    return this.local.corpus;
  }

  checkIntegrity(): void {
    this.local.checkIntegrity?.();
  }

  get fileProblem(): string | null {
    return this.local.fileProblem ?? null;
  }

  get unusableReason(): string | null {
    return this.local.unusableReason ?? null;
  }

  close(): void {
    this.local.close?.();
  }

  async isBreached(password: string): Promise<{ breached: boolean; count?: number }> {
    const local = await this.local.isBreached(password);
    if (local.breached) return local;
    return this.online.isBreached(password);
  }
}
