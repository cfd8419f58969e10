/**
 * Control characters (NUL included) are never typed by a person and break other systems; lone
 * surrogates cannot be encoded as UTF-8 and would hash or compare differently on other stacks.
 * Every free-text field refuses both.
 */
export function hasUnsafeCharacters(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
  return /[\u0000-\u001f\u007f]/.test(value) || !value.isWellFormed();
}

/**
 * Bidirectional formatting characters (embeddings, overrides, isolates, marks) reorder how the
 * text around them is shown: a name shown next to others can be made to read as something it
 * is not ("Trojan Source", CVE-2021-42574). Names shown to members or administrators refuse them.
 */
export function hasBidiControls(value: string): boolean {
  return /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(value);
}
