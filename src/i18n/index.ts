import { catalogues, type Messages } from "./catalogues";

export type { Translation } from "./types";
export type { Messages };
export type Language = "en" | "ja";

export const languages: readonly Language[] = ["en", "ja"];

export function messagesFor(language: Language): Messages {
  return catalogues[language];
}

export function isLanguage(value: unknown): value is Language {
  return value === "en" || value === "ja";
}

/**
 * Picks the language from an explicit choice first, then the best `Accept-Language` match
 * (RFC 9110 s12.5.4), then English.
 */
export function chooseLanguage(options: {
  chosen?: string | null | undefined;
  acceptLanguage?: string | null | undefined;
}): Language {
  if (isLanguage(options.chosen)) return options.chosen;
  const ranked = (options.acceptLanguage ?? "")
    .split(",")
    .map((part, position) => {
      const [range = "", ...parameters] = part.trim().toLowerCase().split(";");
      const quality = parameters
        .map((parameter) => parameter.trim())
        .find((parameter) => parameter.startsWith("q="));
      const weight = quality ? Number(quality.slice(2)) : 1;
      return {
        primary: range.split("-")[0],
        weight: Number.isFinite(weight) ? weight : 0,
        position,
      };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.position - b.position);
  for (const entry of ranked) {
    if (isLanguage(entry.primary)) return entry.primary;
  }
  return "en";
}
