import type { MiddlewareHandler } from "hono";
import type { Deps } from "../deps";
import { clientIpAddress } from "../web/client";
import type { AppEnv } from "../web/context";
import type { StaticAssets } from "../web/static-assets";
import { findBlockCovering } from "./blocklist-match";
import { renderBlocked, renderThrottled } from "./refusal-pages";
import { readUnderAttackState } from "./state";
import { checkSourceThrottle, type SourceAction } from "./throttles";

/**
 * Blocklist and per-source buckets for other anonymous forms (registration; the resets issue
 * puts it on the forgotten-password form with "reset-request").
 */
export function guardSourceRequests(
  deps: Deps,
  assets: StaticAssets,
  action: Exclude<SourceAction, "sign-in">,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ipAddress = clientIpAddress(c);
    if (await findBlockCovering(deps, ipAddress)) {
      deps.metrics.blocked.inc({ action });
      return renderBlocked(c, assets);
    }
    const underAttack = (await readUnderAttackState(deps)).active;
    const source = await checkSourceThrottle(deps, { action, ipAddress, underAttack });
    if (!source.admitted) {
      deps.metrics.throttled.inc({ action, scope: source.scope });
      return renderThrottled(c, assets, source.retryAfterInSeconds);
    }
    return next();
  };
}
