import type { MiddlewareHandler } from "hono";
import type { Deps } from "../deps";
import { clientIpAddress, clientUserAgent } from "../web/client";
import type { AppEnv } from "../web/context";
import { findBlockCovering } from "./blocklist-match";
import type { SignInMethod } from "./sign-in-events";
import { recordAttempt } from "./sign-in-guard";
import { readUnderAttackState } from "./state";
import { checkSourceThrottle } from "./throttles";

/**
 * The source guard of passkey options, run before a challenge row is written: the blocklist,
 * then the per-address and per-network buckets that password sign-in spends (one budget per
 * source, so a client gains nothing by switching door; tightened in under-attack mode). No proof
 * of work: it guards argon2, and a passkey cannot be guessed. A refusal is a sign-in event like
 * a refused password attempt (batched by the refusal buffer, seen by detection) and a JSON
 * answer the passkey script shows.
 */
export function guardPasskeyOptions(
  deps: Deps,
  options: { method: Extract<SignInMethod, "passkey" | "passkey-reauthentication"> },
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ipAddress = clientIpAddress(c);
    const attempt = {
      method: options.method,
      memberId: c.get("signedIn")?.member.id ?? null,
      identifier: null,
      ipAddress,
      userAgent: clientUserAgent(c),
    };
    const messages = c.get("messages");
    if (await findBlockCovering(deps, ipAddress)) {
      await recordAttempt(deps, c, { ...attempt, result: "blocked" }, "blocklist");
      deps.metrics.blocked.inc({ action: "sign-in" });
      return c.json({ message: messages.blockedMessage }, 403);
    }
    const underAttack = (await readUnderAttackState(deps)).active;
    const source = await checkSourceThrottle(deps, { action: "sign-in", ipAddress, underAttack });
    if (!source.admitted) {
      await recordAttempt(deps, c, { ...attempt, result: "throttled" }, source.scope);
      deps.metrics.throttled.inc({ action: "sign-in", scope: source.scope });
      c.header("Retry-After", String(source.retryAfterInSeconds));
      return c.json({ message: messages.throttledMessage(source.retryAfterInSeconds) }, 429);
    }
    return next();
  };
}
