import type { Language } from "../../src/i18n";
import { describeStrengthFeedback } from "../../src/passwords/strength/feedback";
import {
  type StrengthMessages,
  strengthEn,
  strengthJa,
} from "../../src/passwords/strength/messages";
import {
  createStrengthChecker,
  type StrengthChecker,
  type StrengthResult,
} from "../../src/passwords/strength/options";
import { strengthUserInputs } from "../../src/passwords/strength/user-inputs";

/**
 * The meter's engine: the server's own zxcvbn-ts options (same lists, same tuning), so the
 * score shown while typing is the score the server computes for the same inputs.
 */
let checker: StrengthChecker | undefined;

export function attachStrengthMeter(field: HTMLInputElement): void {
  const output = document.getElementById(field.dataset.strengthOutput ?? "");
  if (!output || field.dataset.strengthAttached) return;
  field.dataset.strengthAttached = "true";
  checker ??= createStrengthChecker();
  const language: Language = document.documentElement.lang === "ja" ? "ja" : "en";
  const messages: StrengthMessages = language === "ja" ? strengthJa : strengthEn;
  let shown = "";
  let scheduled = false;
  const update = () => {
    scheduled = false;
    const result = evaluate(field);
    const key = result ? JSON.stringify(result) : "";
    // Re-render only on change, so screen readers hear each new verdict once.
    if (key === shown) return;
    shown = key;
    render(output, result, messages, language);
  };
  field.addEventListener("input", () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(update);
  });
  update();
}

function evaluate(field: HTMLInputElement): Omit<StrengthResult, "guessesLog10"> | null {
  // As the server: NFKC first (src/passwords/input.ts), then the member's own data.
  const password = field.value.normalize("NFKC");
  if (!password || !checker) return null;
  const names = (field.dataset.strengthInputs ?? "").split(/\s+/).filter(Boolean);
  const values = names.map((name) => {
    const element = field.form?.elements.namedItem(name);
    return element instanceof HTMLInputElement ? element.value : "";
  });
  const { score, warning, suggestions } = checker.check(password, strengthUserInputs(values));
  return { score, warning, suggestions };
}

function render(
  output: HTMLElement,
  result: Omit<StrengthResult, "guessesLog10"> | null,
  messages: StrengthMessages,
  language: Language,
): void {
  output.hidden = result === null;
  if (!result) {
    output.replaceChildren();
    return;
  }
  const meter = document.createElement("meter");
  Object.assign(meter, { min: 0, max: 4, low: 2.5, high: 3.5, optimum: 4, value: result.score });
  meter.setAttribute("aria-hidden", "true");
  const label = messages[`strengthScore${result.score}`];
  // <output> holds phrasing content only: spans, laid out as lines by the stylesheet.
  const reasons = [result.warning, ...result.suggestions]
    .filter((key): key is string => key !== null)
    .map((key) => line("strength-reason", describeStrengthFeedback(key, language)));
  output.dataset.score = String(result.score);
  output.replaceChildren(
    meter,
    line("strength-summary", messages.strengthMeterSummary(label)),
    ...reasons,
    line("strength-note", messages.strengthMeterServerCheck),
  );
}

function line(className: string, text: string): HTMLSpanElement {
  const element = document.createElement("span");
  element.className = className;
  element.textContent = text;
  return element;
}
