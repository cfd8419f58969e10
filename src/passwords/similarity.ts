/**
 * Refuses passwords built from the member's own identifiers, the way most stuffing victims'
 * were ("taro.yamada@example.jp" with "TaroYamada2024"). Like Ory Kratos, a password is too
 * similar when its edit distance to an identifier is small, or when a long run of it is the
 * identifier; both are compared lower-cased, without separators, and with common l33t
 * substitutions undone.
 */

/** Kratos's defaults: at least 5 edits apart, at most half the password shared with an identifier. */
export const minimumEditDistance = 5;
export const maximumSharedFraction = 0.5;
// A shared run shorter than this ("ta", "jp") says nothing about the identifier.
const minimumSharedRun = 4;

const l33t: Record<string, string> = {
  "0": "o",
  "1": "l",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
  "!": "i",
};

export type SimilarityTarget = "login-id" | "email" | "service-name";

export function findSimilarIdentifier(
  password: string,
  identifiers: { kind: SimilarityTarget; value: string }[],
): SimilarityTarget | null {
  const forms = [simplify(password, { undoL33t: false }), simplify(password, { undoL33t: true })];
  const letterForms = forms.map(lettersOf);
  for (const identifier of identifiers) {
    if (tokenCoverage(forms[1] ?? "", tokensOf(identifier)) > maximumSharedFraction) {
      return identifier.kind;
    }
    for (const value of variantsOf(identifier)) {
      if (value.length < minimumSharedRun) continue;
      if (forms.some((form) => isCloseTo(form, value))) return identifier.kind;
      // "Taro_Y12345": the identifier's letters with digits and symbols around them.
      const letters = lettersOf(value);
      if (
        letters.length >= minimumSharedRun &&
        letterForms.some((form) => editDistance(form, letters) <= 1)
      ) {
        return identifier.kind;
      }
    }
  }
  return null;
}

function isCloseTo(form: string, identifier: string): boolean {
  if (form.length === 0) return false;
  if (editDistance(form, identifier) < minimumEditDistance) return true;
  const shared = longestCommonSubstring(form, identifier);
  return shared >= minimumSharedRun && shared / form.length > maximumSharedFraction;
}

function lettersOf(value: string): string {
  return value.replace(/\P{L}/gu, "");
}

/** An e-mail address is compared whole and by its local part, which is what people reuse. */
function variantsOf(identifier: { kind: SimilarityTarget; value: string }): string[] {
  const variants = [identifier.value];
  if (identifier.kind === "email")
    variants.push(identifier.value.slice(0, identifier.value.lastIndexOf("@")));
  return variants.map((value) => simplify(value, { undoL33t: false }));
}

/** "taro.yamada@example.jp" gives "taro" and "yamada": people reorder the parts of their name. */
function tokensOf(identifier: { kind: SimilarityTarget; value: string }): string[] {
  const local =
    identifier.kind === "email"
      ? identifier.value.slice(0, identifier.value.lastIndexOf("@"))
      : identifier.value;
  return local
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((token) => token.length >= 3);
}

/** The share of the password's characters that belong to an identifier's tokens. */
function tokenCoverage(password: string, tokens: string[]): number {
  if (password.length === 0 || tokens.length === 0) return 0;
  const covered = new Array<boolean>(password.length).fill(false);
  for (const token of tokens) {
    for (let at = password.indexOf(token); at !== -1; at = password.indexOf(token, at + 1)) {
      covered.fill(true, at, at + token.length);
    }
  }
  return covered.filter(Boolean).length / password.length;
}

function simplify(value: string, options: { undoL33t: boolean }): string {
  const lowered = value.normalize("NFKC").toLowerCase();
  const mapped = options.undoL33t
    ? [...lowered].map((character) => l33t[character] ?? character).join("")
    : lowered;
  return mapped.replace(/[^\p{L}\p{N}]/gu, "");
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export function longestCommonSubstring(a: string, b: string): number {
  let best = 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        current[j] = (previous[j - 1] ?? 0) + 1;
        if ((current[j] ?? 0) > best) best = current[j] ?? 0;
      }
    }
    previous = current;
  }
  return best;
}
