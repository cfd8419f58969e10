import type { Translation } from "../../i18n/types";

/** The live strength meter's words; the browser bundle reads this same module. */
export const strengthEn = {
  strengthScore0: "very weak",
  strengthScore1: "weak",
  strengthScore2: "fair",
  strengthScore3: "strong",
  strengthScore4: "very strong",
  strengthMeterSummary: (label: string) => `Password strength: ${label}.`,
  strengthMeterServerCheck: "We check it again when you submit.",
} as const;

export const strengthJa: Translation<typeof strengthEn> = {
  strengthScore0: "とても弱い",
  strengthScore1: "弱い",
  strengthScore2: "普通",
  strengthScore3: "強い",
  strengthScore4: "とても強い",
  strengthMeterSummary: (label: string) => `パスワードの強さ: ${label}。`,
  strengthMeterServerCheck: "送信時にもう一度確認します。",
};

export type StrengthMessages = Translation<typeof strengthEn>;
