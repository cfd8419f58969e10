/**
 * How many password checks from unrecognised clients may run at once in this process. argon2
 * runs on libuv's thread pool (4 threads by default); a wave of guesses must not fill it, or
 * members on their usual devices (with a device cookie, which skips this limit) queue behind
 * it. This is load shedding for this process's CPU, not shared state, so it lives in memory.
 */
export interface ConcurrencyLimit {
  /** A release function, or null when every slot is taken. */
  tryAcquire(): (() => void) | null;
  inUse(): number;
}

export function createConcurrencyLimit(maximum: number): ConcurrencyLimit {
  if (!Number.isInteger(maximum) || maximum < 1) throw new TypeError("maximum must be >= 1");
  let current = 0;
  return {
    tryAcquire() {
      if (current >= maximum) return null;
      current++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        current--;
      };
    },
    inUse: () => current,
  };
}
