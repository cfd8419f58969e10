import { type BreachSource, BreachSourceUnavailableError } from "../breach/source";
import { isRecentlyUsedPassword } from "./history";
import type { PasswordFinding, PolicySources } from "./policy";
import { type StrengthEstimator, StrengthEstimatorBusyError } from "./strength/estimator";

/**
 * The policy's rules that wait on something (the breach corpus or the HIBP API, a strength
 * worker thread, argon2 verifications of old hashes); policy.ts runs them at once. Each
 * answers its finding, or null when the password passes it.
 */

export async function findBreach(
  source: BreachSource,
  password: string,
): Promise<PasswordFinding | null> {
  try {
    const breach = await source.isBreached(password);
    if (!breach.breached) return null;
    return {
      code: "breached",
      severity: "block",
      ...(breach.count === undefined ? {} : { count: breach.count }),
    };
  } catch (error) {
    if (!(error instanceof BreachSourceUnavailableError)) throw error;
    return { code: "breach-check-unavailable", severity: "block" };
  }
}

/** The member's own data are extra dictionary words: "taro1985" is weak for taro. */
export async function findWeakness(
  estimator: StrengthEstimator,
  password: string,
  minimumScore: number,
  userInputs: string[],
): Promise<PasswordFinding | null> {
  try {
    const strength = await estimator.estimate(password, userInputs);
    if (strength.score >= minimumScore) return null;
    return {
      code: "weak",
      severity: "block",
      score: strength.score,
      warning: strength.warning,
      suggestions: strength.suggestions,
    };
  } catch (error) {
    if (!(error instanceof StrengthEstimatorBusyError)) throw error;
    return { code: "strength-check-unavailable", severity: "block" };
  }
}

export async function findReuse(
  sources: PolicySources,
  attempt: { memberId: number; password: string; currentHash: string | null },
): Promise<PasswordFinding | null> {
  const reused = await isRecentlyUsedPassword(sources.database, sources.passwordHasher, attempt);
  return reused ? { code: "reused", severity: "block" } : null;
}
