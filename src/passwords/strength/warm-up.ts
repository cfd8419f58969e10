import { strengthDictionaries } from "./dictionaries";
import type { StrengthChecker } from "./options";

/**
 * Scores a fixed sample of every shape the checker handles before a thread reports ready.
 * A fresh thread runs zxcvbn-ts in V8's interpreter: its first evaluations take up to 6 ms
 * and the optimising compiler keeps a second core busy for a while after. Warming up first
 * keeps both from landing on the first members to sign in after a start or a thread
 * replacement (about 0.2 s per thread).
 */
export function warmUp(checker: StrengthChecker, rounds = 4): void {
  const passwords = warmUpPasswords();
  const userInputs = ["member", "member@example.com", "rekey"];
  for (let round = 0; round < rounds; round += 1) {
    for (const password of passwords) checker.check(password, userInputs);
  }
}

/** Common and rare words, capitals, l33t, reversal, digits, dates, keyboard walks, long input. */
export function warmUpPasswords(): string[] {
  const sampleOf = (name: string, step: number, count: number) =>
    (strengthDictionaries[name] ?? [])
      .filter((_, index) => index % step === 0)
      .slice(0, count)
      .map(String);
  const common = sampleOf("passwords-common", 997, 24);
  const words = sampleOf("commonWords-en", 331, 24);
  const japanese = sampleOf("commonWords-ja", 97, 6);
  const leet = (text: string) =>
    text.replace(/[aeios]/g, (c) => ({ a: "@", e: "3", i: "1", o: "0", s: "$" })[c] ?? c);
  const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  const reversed = (text: string) => [...text].reverse().join("");
  return [
    ...common,
    ...common.map((password) => `${capitalised(password)}1!`),
    ...words.map(leet),
    ...words.map(reversed),
    ...words.map((word, index) => `${word}${1950 + index}`),
    ...japanese,
    "9876543210987654321098765",
    "197001011970010119700101",
    "1/1/111/1/111/1/111/1/11",
    "qwertyuiopasdfghjkl",
    "1qaz2wsx3edc",
    "!@#$%^&*()_+",
    "aaaaaaaaaaaaaaaaaaaaaaaa",
    "abcabcabcabcabc",
    "member2024member",
    "m3mb3r@example.com",
    "パスワード😀🔑",
    words.slice(0, 8).join(" "),
    words.slice(8, 16).join("-"),
    `${leet(words.slice(16, 24).join(""))}${"x".repeat(100)}`,
  ];
}
