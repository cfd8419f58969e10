import type { BreachSource } from "../breach/source";
import type { Database } from "../db/connection";
import type { PasswordHasher } from "./hashing";
import { maximumPasswordCharacters } from "./input";
import { findBreach, findReuse, findWeakness } from "./policy-lookups";
import { findSimilarIdentifier, type SimilarityTarget } from "./similarity";
import type { StrengthEstimator } from "./strength/estimator";

/** Who the password belongs to, so rules can refuse passwords built from the member's own data. */
export interface PasswordContext {
  loginId: string;
  email: string;
  /** Set when an existing member changes their password, so recent ones can be refused. */
  memberId?: number;
  /** The member's current hash, refused too even where no history was kept yet. */
  currentPasswordHash?: string | null;
  /**
   * Set at sign-in, where the password is already in use: every rule runs even when the length
   * alone condemns it, so a minimum raised later never hides a breached password.
   */
  inUse?: boolean;
}

/**
 * What a rule found. "block" refuses the password when it is set; "warn" only advises. At sign-in
 * the verdict is recorded instead (see recheckPassword).
 */
export type PasswordFinding =
  | { code: "too-short"; severity: "block"; minimumLength: number }
  | { code: "too-long"; severity: "block"; maximumLength: number }
  | { code: "short-for-single-factor"; severity: "warn"; recommendedLength: number }
  | { code: "similar"; severity: "block"; to: SimilarityTarget }
  | { code: "breached"; severity: "block"; count?: number }
  | { code: "breach-check-unavailable"; severity: "block" }
  | { code: "reused"; severity: "block" }
  | {
      code: "weak";
      severity: "block";
      score: number;
      warning: string | null;
      suggestions: string[];
    }
  | { code: "strength-check-unavailable"; severity: "block" };

export interface PasswordEvaluation {
  findings: PasswordFinding[];
  /** The breach corpus that answered, recorded with every check. */
  breachCorpusVersion: string | null;
}

/**
 * The one place that decides about passwords. Registration, change, reset, the CLI and the
 * sign-in re-check call it; routes only render its findings. Cheap rules run first, and a
 * length failure stops before any lookup or hashing.
 */
export interface PasswordPolicy {
  /** The minimum in force now (the Settings page can change it), for forms and meters. */
  readMinimumLength(): Promise<number>;
  evaluatePassword(password: string, context: PasswordContext): Promise<PasswordFinding[]>;
  /** The full evaluation with the corpus version, for sign-in re-checks and audits. */
  evaluatePasswordWithVersion(
    password: string,
    context: PasswordContext,
  ): Promise<PasswordEvaluation>;
}

export interface PolicySources {
  database: Database;
  passwordHasher: PasswordHasher;
  breachSource: BreachSource;
  strengthEstimator: StrengthEstimator;
}

/** zxcvbn's scale: 3 is "safely unguessable" against online attacks (NIST 3.1.1.2 blocklists). */
export const minimumStrengthScore = 3;

// NIST SP 800-63B rev. 4 asks for 15 characters where a password is the only factor.
export const singleFactorRecommendedLength = 15;

/**
 * `minimumLength` is a number, or a function that reads the one in force (the Settings page
 * changes it without a restart); either way it must lie between 8 and the maximum length.
 */
export function createPasswordPolicy(
  sources: PolicySources,
  options: { minimumLength: number | (() => Promise<number>); serviceName: string },
): PasswordPolicy {
  const { minimumLength } = options;
  if (typeof minimumLength === "number") checkMinimumLength(minimumLength);
  const readMinimumLength = async () =>
    typeof minimumLength === "number" ? minimumLength : checkMinimumLength(await minimumLength());
  const evaluatePasswordWithVersion = async (
    password: string,
    context: PasswordContext,
  ): Promise<PasswordEvaluation> => {
    // Code points, not UTF-16 units: a Japanese or emoji passphrase counts as typed (NIST 3.1.1.2).
    const length = [...password].length;
    const minimum = await readMinimumLength();
    const tooShort: PasswordFinding = {
      code: "too-short",
      severity: "block",
      minimumLength: minimum,
    };
    // A new password that is too short needs no lookup; one in use is checked all the same.
    if (length < minimum && !context.inUse) {
      return { findings: [tooShort], breachCorpusVersion: null };
    }
    if (length > maximumPasswordCharacters) {
      return {
        findings: [
          { code: "too-long", severity: "block", maximumLength: maximumPasswordCharacters },
        ],
        breachCorpusVersion: null,
      };
    }
    const findings: PasswordFinding[] = length < minimum ? [tooShort] : [];
    if (length < singleFactorRecommendedLength) {
      findings.push({
        code: "short-for-single-factor",
        severity: "warn",
        recommendedLength: singleFactorRecommendedLength,
      });
    }
    const similarTo = findSimilarIdentifier(password, [
      { kind: "login-id", value: context.loginId },
      { kind: "email", value: context.email },
      { kind: "service-name", value: options.serviceName },
    ]);
    if (similarTo) findings.push({ code: "similar", severity: "block", to: similarTo });

    // The lookups and the scoring wait on different things (a file or the HIBP API, a worker
    // thread, argon2 on the libuv pool), so they run at once: the slowest sets the time, not
    // their sum, which a sign-in's re-check pays after its own argon2 verification.
    const breachCorpusVersion = sources.breachSource.version;
    const checked = await Promise.all([
      findBreach(sources.breachSource, password),
      findWeakness(sources.strengthEstimator, password, minimumStrengthScore, [
        context.loginId,
        context.email,
        context.email.slice(0, context.email.lastIndexOf("@")),
        options.serviceName,
      ]),
      context.memberId === undefined
        ? null
        : findReuse(sources, {
            memberId: context.memberId,
            password,
            currentHash: context.currentPasswordHash ?? null,
          }),
    ]);
    for (const finding of checked) if (finding) findings.push(finding);
    return { findings, breachCorpusVersion };
  };
  return {
    readMinimumLength,
    evaluatePasswordWithVersion,
    evaluatePassword: async (password, context) =>
      (await evaluatePasswordWithVersion(password, context)).findings,
  };
}

function checkMinimumLength(minimumLength: number): number {
  if (minimumLength < 8 || minimumLength > maximumPasswordCharacters) {
    throw new TypeError("minimumLength must be between 8 and the maximum password length");
  }
  return minimumLength;
}

export function isBlocking(findings: readonly PasswordFinding[]): boolean {
  return findings.some((finding) => finding.severity === "block");
}
