/**
 * Control characters (NUL included) are never typed by a person and break other systems; lone
 * surrogates cannot be encoded as UTF-8 and would hash or compare differently on other stacks.
 * Every free-text field refuses both.
 */
export function hasUnsafeCharacters(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
  return /[\u0000-\u001f\u007f]/.test(value) || !value.isWellFormed();
}
