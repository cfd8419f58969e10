/**
 * Parsers for environment variables: each turns the raw text into a value or a problem that
 * names what is expected, so `loadConfig` can report every bad variable at once.
 */
export type ParseResult<T> = { value: T } | { problem: string; value?: undefined };
export type Parser<T> = (value: string) => ParseResult<T>;
/** Reads one variable (or its fallback) through a parser, collecting problems. */
export type SettingReader = <T>(name: string, fallback: string, parse: Parser<T>) => T;

export function parseText(value: string): { value: string } {
  return { value };
}

export function parsePort(value: string): ParseResult<number> {
  const port = Number(value);
  return Number.isInteger(port) && port >= 0 && port <= 65535
    ? { value: port }
    : { problem: "must be 0 to 65535" };
}

export function parseBounded(minimum: number, maximum: number): Parser<number> {
  return (value) => {
    const number = Number(value);
    return Number.isInteger(number) && number >= minimum && number <= maximum
      ? { value: number }
      : { problem: `must be a whole number from ${minimum} to ${maximum}` };
  };
}

/** A decimal such as a ratio or a factor. */
export function parseDecimal(minimum: number, maximum: number): Parser<number> {
  return (value) => {
    const number = Number(value);
    return value !== "" && Number.isFinite(number) && number >= minimum && number <= maximum
      ? { value: number }
      : { problem: `must be a number from ${minimum} to ${maximum}` };
  };
}

export function parseOneOf<T extends string>(allowed: readonly T[]): Parser<T> {
  return (value) =>
    (allowed as readonly string[]).includes(value)
      ? { value: value as T }
      : { problem: `must be one of ${allowed.join(", ")}` };
}

const parseBooleanWord = parseOneOf(["true", "false"] as const);

/** Exactly `true` or `false`: a typo such as `ture` must not quietly turn a safeguard off. */
export function parseBoolean(value: string): ParseResult<boolean> {
  const parsed = parseBooleanWord(value);
  return "problem" in parsed ? parsed : { value: parsed.value === "true" };
}
