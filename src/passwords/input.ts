import { hasUnsafeCharacters } from "../unsafe-text";

/**
 * What counts as a password before any expensive work: one place decides the caps and the
 * normalisation, so every form and the CLI agree (NIST SP 800-63B 3.1.1.2, ASVS 6.2.9).
 */

/** Checked on the raw UTF-8 bytes, before NFKC, argon2 or zxcvbn ever see the input. */
export const maximumPasswordBytes = 1024;
/** At least 128 characters must be accepted; 256 leaves room for passphrases. */
export const maximumPasswordCharacters = 256;

export type PasswordInputProblem = "empty" | "too-long" | "forbidden-characters";

export type PasswordInput =
  | { ok: true; password: string }
  | { ok: false; problem: PasswordInputProblem };

/**
 * Returns the NFKC form of a password, so that visually identical input typed on different
 * keyboards (full-width digits on a Japanese IME, say) is the same password.
 */
export function normalizePasswordInput(raw: string): PasswordInput {
  if (raw.length === 0) return { ok: false, problem: "empty" };
  if (Buffer.byteLength(raw, "utf8") > maximumPasswordBytes) {
    return { ok: false, problem: "too-long" };
  }
  if (hasUnsafeCharacters(raw)) {
    return { ok: false, problem: "forbidden-characters" };
  }
  const password = raw.normalize("NFKC");
  if ([...password].length > maximumPasswordCharacters) return { ok: false, problem: "too-long" };
  return { ok: true, password };
}
