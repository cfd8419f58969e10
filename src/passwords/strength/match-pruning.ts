import type { DictionaryMatch, L33tMatch } from "@zxcvbn-ts/core";

/**
 * Fewer matches for zxcvbn-ts's search, with the same outcome. The search keeps, of the
 * matches on one substring, the first with the fewest guesses, and a dictionary match's
 * guesses are `rank * variations`, raised to a floor of 50 (10 for one character, 1 for the
 * whole password). The variations (capitals, l33t, reversal) are the same for every match in
 * a group: one substring, read the same way (plain, reversed, or l33t with the same
 * substitutions). So within a group a match is dropped when an earlier one has a rank at most
 * its own, and replaces the earlier one only when that one is above the floor; when the floor
 * could tie them, both stay. Scores and feedback stay exactly as zxcvbn-ts's, and its search
 * is spared most of its work on digit runs, common words and l33t spellings.
 */
export function keepBestPerSubstring(
  matches: readonly DictionaryMatch[],
  passwordLength: number,
): DictionaryMatch[] {
  return keepBestPerGroup(matches, passwordLength, (match) => match.i * 65536 + match.j);
}

/** The same for l33t readings: one substring with the same substitutions is one group. */
export function keepBestPerL33tReading(
  matches: readonly L33tMatch[],
  passwordLength: number,
): L33tMatch[] {
  return keepBestPerGroup(
    matches,
    passwordLength,
    (match) => `${match.i} ${match.j} ${match.subDisplay}`,
  );
}

function keepBestPerGroup<Match extends DictionaryMatch>(
  matches: readonly Match[],
  passwordLength: number,
  groupOf: (match: Match) => string | number,
): Match[] {
  const kept: (Match | null)[] = [];
  const bestPositions = new Map<string | number, number>();
  for (const match of matches) {
    const group = groupOf(match);
    const position = bestPositions.get(group);
    const best = position === undefined ? null : kept[position];
    if (position === undefined || !best) {
      bestPositions.set(group, kept.push(match) - 1);
      continue;
    }
    if (match.rank >= best.rank) continue;
    const floor = match.j - match.i + 1 === passwordLength ? 1 : match.i === match.j ? 10 : 50;
    // Variations are at least 1, so a rank above the floor means guesses above it too. The
    // better match takes the later place, so ties with other groups break as before.
    if (best.rank > floor) kept[position] = null;
    bestPositions.set(group, kept.push(match) - 1);
  }
  return kept.filter((match): match is Match => match !== null);
}
