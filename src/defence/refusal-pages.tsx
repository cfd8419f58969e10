import { ThrottledPage } from "../../views/pages/throttled";
import type { AppContext } from "../web/context";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";

/** A 429 with Retry-After (RFC 6585 s4): the same page whatever the password would have been. */
export function renderThrottled(c: AppContext, assets: StaticAssets, retryAfterInSeconds: number) {
  c.header("Retry-After", String(retryAfterInSeconds));
  return c.html(
    <ThrottledPage
      page={pageContext(c, assets)}
      retryAfterInSeconds={retryAfterInSeconds}
      blocked={false}
    />,
    429,
  );
}

/** A 403 for a source on the blocklist. */
export function renderBlocked(c: AppContext, assets: StaticAssets) {
  return c.html(
    <ThrottledPage page={pageContext(c, assets)} retryAfterInSeconds={null} blocked />,
    403,
  );
}
