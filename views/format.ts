import type { Language } from "../src/i18n";

export function formatDateTime(value: Date, language: Language): string {
  return new Intl.DateTimeFormat(language === "ja" ? "ja-JP" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(value);
}

export function formatDate(value: Date, language: Language): string {
  return new Intl.DateTimeFormat(language === "ja" ? "ja-JP" : "en-GB", {
    dateStyle: "long",
  }).format(value);
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(language === "ja" ? "ja-JP" : "en-GB").format(value);
}
