import { randomInt } from "node:crypto";
import { wordlist } from "@scure/bip39/wordlists/english.js";

/** Words in a suggestion: 2,048^5 = 2^55 choices, far past any online guessing. */
export const passphraseWordCount = 5;

/**
 * A random passphrase to offer beside a new-password field: five words from BIP-39's English
 * list (2,048 short, distinct, common words, chosen to be unambiguous), drawn with the
 * operating system's CSPRNG. Generated per page and only ever written into that page: never
 * logged or stored, and the member is free to ignore it.
 */
export function suggestPassphrase(wordCount: number = passphraseWordCount): string {
  if (!Number.isInteger(wordCount) || wordCount < 1) throw new TypeError("wordCount must be >= 1");
  return Array.from({ length: wordCount }, () => wordlist[randomInt(wordlist.length)]).join(" ");
}
