import { hash } from "node:crypto";
import type { CorpusStack } from "./stack";

/**
 * What the hygiene policy asks about a password (NIST SP 800-63B 3.1.1.2: refuse passwords
 * found in breach corpuses; ASVS 6.2.12). The password is already NFKC-normalised by
 * src/passwords/input.ts.
 *
 * `version` identifies the corpus build that answers, so every password check can record it.
 * Sources in this module only swap corpora between calls (from a timer, never inside
 * `isBreached`), and look up synchronously when `isBreached` is called: read `version` in
 * the same step as the call and it names the corpus that answered.
 *
 * `count` is how often the source saw the password, when it has counts (HIBP does, plain
 * lists do not): exact below 32,768, above that rounded down by at most 0.1%.
 *
 * `isBreached` rejects with {@link BreachSourceUnavailableError} only when the online source
 * is configured fail-closed and cannot answer; callers should then refuse to set the password
 * with a "try again later" message rather than claim it was breached.
 */
export interface BreachSource {
  isBreached(password: string): Promise<{ breached: boolean; count?: number }>;
  readonly version: string;
  /** When the local corpus that answers was built, if known (for the corpus-age gauge). */
  readonly builtAt?: Date;
  /** Checks the offline corpus's digest now (seconds for 7 GB); throws if the file is damaged. */
  checkIntegrity?(): void;
  /** Why the corpus file at the configured path is not the one answering (gone, refused). */
  readonly fileProblem?: string | null;
  /** Why no checked corpus can answer (a damaged file found at first use), or null. */
  readonly unusableReason?: string | null;
  /** The local corpus as a stack of sources (sources.ts adds, lists and removes them). */
  readonly corpus?: CorpusStack;
  /** Stops watching for new versions and releases the open file. */
  close?(): void;
}

/** The online source could not answer and the operator chose to fail closed. */
export class BreachSourceUnavailableError extends Error {
  override name = "BreachSourceUnavailableError";
}

/** SHA-1 of the UTF-8 bytes, as Have I Been Pwned indexes passwords. */
export function hashPasswordSha1(password: string): Buffer {
  return hash("sha1", Buffer.from(password, "utf8"), "buffer");
}
