import type { DictionaryMatch, WordSequenceMatch } from "@zxcvbn-ts/core";

/**
 * zxcvbn-ts 4.2's `MatchWordSequence` grouping (MIT, zxcvbn-ts authors): runs of words from
 * the word-sequence lists ("onetwothree", "monday-tuesday"), given the dictionary, l33t and
 * reversed matches against those lists. Ported so that its lookups can use the index.
 */
export function findWordSequences(
  dictionaryMatches: readonly DictionaryMatch[],
  password: string,
): WordSequenceMatch[] {
  const words = keepFirstNonOverlapping(dictionaryMatches);
  const sequences: WordSequenceMatch[] = [];
  for (let start = 0; start < words.length; start += 1) {
    sequences.push(...sequencesFrom(words, start, password));
  }
  return sequences;
}

function keepFirstNonOverlapping(matches: readonly DictionaryMatch[]): DictionaryMatch[] {
  const sorted = [...matches].sort(
    (a, b) =>
      a.i - b.i ||
      a.j - b.j ||
      Number(a.reversed) - Number(b.reversed) ||
      Number(a.l33t) - Number(b.l33t) ||
      a.rank - b.rank,
  );
  const kept: DictionaryMatch[] = [];
  for (const match of sorted) {
    const last = kept[kept.length - 1];
    if (!last || match.i > last.j) kept.push(match);
  }
  return kept;
}

function sequencesFrom(
  words: readonly DictionaryMatch[],
  start: number,
  password: string,
): WordSequenceMatch[] {
  const sequences: WordSequenceMatch[] = [];
  const first = words[start];
  if (!first) return sequences;
  let current = [first];
  let currentEnd = first.j;
  for (let next = start + 1; next < words.length; next += 1) {
    const word = words[next] as DictionaryMatch;
    if (continuesSequence(current, word, password)) {
      current.push(word);
      currentEnd = word.j;
    } else if (word.i > currentEnd) {
      if (current.length > 1) sequences.push(toSequenceMatch(current, password));
      current = [word];
      currentEnd = word.j;
    }
  }
  if (current.length > 1) sequences.push(toSequenceMatch(current, password));
  return sequences;
}

function continuesSequence(
  current: readonly DictionaryMatch[],
  next: DictionaryMatch,
  password: string,
): boolean {
  const last = current[current.length - 1] as DictionaryMatch;
  const between = password.slice(last.j + 1, next.i);
  const isSeparator = ["", " ", "-", "_", "."].includes(between);
  const isCamelCase =
    between.length === 1 && between === between.toUpperCase() && between !== between.toLowerCase();
  return isSeparator || isCamelCase;
}

function toSequenceMatch(
  sequence: readonly DictionaryMatch[],
  password: string,
): WordSequenceMatch {
  const first = sequence[0] as DictionaryMatch;
  const last = sequence[sequence.length - 1] as DictionaryMatch;
  const ranks = sequence.map((match) => match.rank);
  return {
    pattern: "wordSequence",
    i: first.i,
    j: last.j,
    token: password.slice(first.i, last.j + 1),
    words: sequence.map((match) => match.matchedWord),
    wordCount: sequence.length,
    dictionaryName:
      mostCommon(sequence.map((match) => match.dictionaryName)) ?? first.dictionaryName,
    ascending: ranks.every((rank, i) => i === 0 || rank >= (ranks[i - 1] as number)),
  };
}

function mostCommon(names: readonly string[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestCount = 0;
  for (const name of names) {
    const count = (counts.get(name) ?? 0) + 1;
    counts.set(name, count);
    if (count > bestCount) {
      bestCount = count;
      best = name;
    }
  }
  return best;
}
