/**
 * The member's own data as zxcvbn user inputs: each value, an e-mail address's local part,
 * and their words ("taro.yamada" -> "taro", "yamada"), so "TaroYamada2024" is scored as the
 * guessable password it is. Browser-safe: the meter builds the same list from the form.
 */
export const serviceWords: readonly string[] = ["rekey"];

const minimumWordLength = 3;

export function strengthUserInputs(values: readonly string[]): string[] {
  const inputs = new Set<string>();
  const add = (value: string) => {
    const trimmed = value.trim().toLowerCase();
    if (trimmed.length >= minimumWordLength) inputs.add(trimmed);
  };
  for (const value of [...values, ...serviceWords]) {
    add(value);
    const at = value.lastIndexOf("@");
    const localPart = at > 0 ? value.slice(0, at) : value;
    add(localPart);
    for (const word of localPart.split(/[^\p{L}\p{N}]+/u)) add(word);
  }
  return [...inputs];
}
