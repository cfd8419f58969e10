import { maximumPasswordCharacters } from "./input";

/** Who the password belongs to, so rules can refuse passwords built from the member's own data. */
export interface PasswordContext {
  loginId: string;
  email: string;
}

export type PasswordFinding =
  | { code: "too-short"; severity: "block"; minimumLength: number }
  | { code: "too-long"; severity: "block"; maximumLength: number };

/**
 * The one place that decides whether a password may be set. Registration, change, reset and
 * the CLI call it; routes only render its findings. The hygiene engine replaces this minimal
 * length policy behind the same interface.
 */
export interface PasswordPolicy {
  minimumLength: number;
  evaluatePassword(password: string, context: PasswordContext): Promise<PasswordFinding[]>;
}

export function createLengthPolicy(options: { minimumLength: number }): PasswordPolicy {
  if (options.minimumLength < 8 || options.minimumLength > maximumPasswordCharacters) {
    throw new TypeError("minimumLength must be between 8 and the maximum password length");
  }
  return {
    minimumLength: options.minimumLength,
    evaluatePassword: async (password) => {
      // Code points, not UTF-16 units: a Japanese or emoji passphrase counts as typed (NIST 3.1.1.2).
      const length = [...password].length;
      if (length < options.minimumLength) {
        return [{ code: "too-short", severity: "block", minimumLength: options.minimumLength }];
      }
      if (length > maximumPasswordCharacters) {
        return [{ code: "too-long", severity: "block", maximumLength: maximumPasswordCharacters }];
      }
      return [];
    },
  };
}

export function isBlocking(findings: readonly PasswordFinding[]): boolean {
  return findings.some((finding) => finding.severity === "block");
}
