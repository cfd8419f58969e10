/**
 * Wraps a slow reading (a database count behind a metrics gauge) so that callers get the last
 * value at once and the reading refreshes in the background at most every
 * `refreshAfterInMilliseconds`: a scrape never waits on the database, however busy it is. Only
 * the very first call waits for a value.
 */
export function readInBackground<T>(
  read: () => Promise<T>,
  options: { refreshAfterInMilliseconds: number; onError: (error: unknown) => void },
): () => Promise<T> {
  let last: { value: T; atMs: number } | undefined;
  let refreshing: Promise<T> | undefined;
  const refresh = () => {
    refreshing ??= read()
      .then((value) => {
        last = { value, atMs: Date.now() };
        return value;
      })
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  };
  return async () => {
    if (!last) return refresh();
    if (Date.now() - last.atMs >= options.refreshAfterInMilliseconds) {
      refresh().catch(options.onError);
    }
    return last.value;
  };
}
