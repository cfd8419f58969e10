import type { Messages } from "../i18n";
import type { PasswordInputProblem } from "./input";
import { maximumPasswordCharacters } from "./input";
import type { PasswordFinding } from "./policy";

/** Turns policy findings into sentences a member understands, never a bare "invalid". */
export function describePasswordFinding(finding: PasswordFinding, messages: Messages): string {
  switch (finding.code) {
    case "too-short":
      return messages.errorPasswordTooShort(finding.minimumLength);
    case "too-long":
      return messages.errorPasswordTooLong(finding.maximumLength);
    case "short-for-single-factor":
      return messages.findingShortForSingleFactor(finding.recommendedLength);
    case "similar":
      return finding.to === "login-id"
        ? messages.findingSimilarLoginId
        : finding.to === "email"
          ? messages.findingSimilarEmail
          : messages.findingSimilarServiceName;
    case "breached":
      return finding.count === undefined
        ? messages.findingBreached
        : messages.findingBreachedCount(finding.count);
    case "breach-check-unavailable":
      return messages.findingBreachCheckUnavailable;
    case "reused":
      return messages.findingReused;
    case "weak":
      return [
        messages.findingWeak,
        ...(finding.warning ? [messages.strengthFeedback(finding.warning)] : []),
        ...finding.suggestions.map((suggestion) => messages.strengthFeedback(suggestion)),
      ].reduce(joinSentences, "");
    case "strength-check-unavailable":
      return messages.findingStrengthCheckUnavailable;
  }
}

export function describePasswordInputProblem(
  problem: PasswordInputProblem,
  messages: Messages,
): string {
  switch (problem) {
    case "empty":
      return messages.errorRequired;
    case "too-long":
      return messages.errorPasswordTooLong(maximumPasswordCharacters);
    case "forbidden-characters":
      return messages.errorPasswordCharacters;
  }
}

/** The findings that refuse the password, as one sentence per finding; "" when none does. */
export function describeBlockingFindings(
  findings: readonly PasswordFinding[],
  messages: Messages,
): string {
  return findings
    .filter((finding) => finding.severity === "block")
    .map((finding) => describePasswordFinding(finding, messages))
    .reduce(joinSentences, "");
}

/** Sentences in running text: a space after an English full stop, nothing after 。 (Japanese). */
export function joinSentences(text: string, sentence: string): string {
  if (text === "") return sentence;
  return /[。？！]$/.test(text) ? `${text}${sentence}` : `${text} ${sentence}`;
}
