/**
 * Work done by this thread's strength checks, counted rather than timed, so that tests can
 * bound what the costliest inputs make the checker do whatever the machine's load.
 */
export const strengthWork = {
  /** Substrings whose hash the dictionary scans extended (each a step of the inner loop). */
  substringsScanned: 0,
  /** Substrings looked up in a word list's Map (those that passed the hash filter). */
  wordLookups: 0,
  /** l33t readings of a password that were scanned. */
  l33tReadings: 0,
  /** Dictionary matches handed to zxcvbn-ts's search, which costs it most. */
  dictionaryMatchesScored: 0,
};

export function resetStrengthWork(): void {
  strengthWork.substringsScanned = 0;
  strengthWork.wordLookups = 0;
  strengthWork.l33tReadings = 0;
  strengthWork.dictionaryMatchesScored = 0;
}
