import type { Language } from "../src/i18n";

// Intl formatters are costly to build and safe to share.
const locales: Record<Language, string> = { en: "en-GB", ja: "ja-JP" };
const dateTimeFormats = new Map<Language, Intl.DateTimeFormat>();
const dateFormats = new Map<Language, Intl.DateTimeFormat>();
const numberFormats = new Map<Language, Intl.NumberFormat>();

function cached<T>(cache: Map<Language, T>, language: Language, build: (locale: string) => T): T {
  let formatter = cache.get(language);
  if (!formatter) {
    formatter = build(locales[language]);
    cache.set(language, formatter);
  }
  return formatter;
}

export function formatDateTime(value: Date, language: Language): string {
  return cached(
    dateTimeFormats,
    language,
    (locale) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }),
  ).format(value);
}

export function formatDate(value: Date, language: Language): string {
  return cached(
    dateFormats,
    language,
    (locale) => new Intl.DateTimeFormat(locale, { dateStyle: "long" }),
  ).format(value);
}

const monthDayFormats = new Map<Language, Intl.DateTimeFormat>();

/** A short date for chart axes ("21 Nov", "11月21日"). */
export function formatMonthDay(value: Date, language: Language): string {
  return cached(
    monthDayFormats,
    language,
    (locale) => new Intl.DateTimeFormat(locale, { month: "short", day: "numeric" }),
  ).format(value);
}

export function formatNumber(value: number, language: Language): string {
  return cached(numberFormats, language, (locale) => new Intl.NumberFormat(locale)).format(value);
}

const zonedDateFormats = new Map<string, Intl.DateTimeFormat>();

/** A date as seen in the portal's time zone (REKEY_TIME_ZONE), such as a planned reminder's. */
export function formatDateInZone(value: Date, language: Language, timeZone: string): string {
  const key = `${language} ${timeZone}`;
  let formatter = zonedDateFormats.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locales[language], { dateStyle: "long", timeZone });
    zonedDateFormats.set(key, formatter);
  }
  return formatter.format(value);
}

const relativeFormats = new Map<Language, Intl.RelativeTimeFormat>();

/**
 * How long ago, in the largest whole unit ("12 minutes ago", "2 時間前"); a day count of zero
 * reads "today" / "今日" (numeric: "auto"), never "0 days ago" / "0日前".
 */
export function formatTimeAgo(value: Date, now: Date, language: Language): string {
  const format = cached(
    relativeFormats,
    language,
    (locale) => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }),
  );
  const minutes = Math.max(0, Math.floor((now.getTime() - value.getTime()) / 60_000));
  if (minutes < 60) return format.format(-minutes, "minute");
  if (minutes < 48 * 60) return format.format(-Math.floor(minutes / 60), "hour");
  return format.format(-Math.floor(minutes / 1440), "day");
}

/** A password's age in whole days, with zero and one as "today" and "yesterday". */
export function formatDaysAgo(days: number, language: Language): string {
  return cached(
    relativeFormats,
    language,
    (locale) => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }),
  ).format(-Math.max(0, days), "day");
}
