import type { MiddlewareHandler } from "hono";
import type { Deps } from "../deps";
import { clientIpAddress, clientUserAgent } from "../web/client";
import type { AppContext, AppEnv } from "../web/context";
import { readCookie } from "../web/cookies";
import { formText } from "../web/form";
import type { StaticAssets } from "../web/static-assets";
import { hashSignInIdentifier, readDeviceToken, type SignInIdentifier } from "./account-keys";
import { findBlockCovering } from "./blocklist-match";
import { observeMinuteCounts } from "./monitor";
import { verifyProofOfWork } from "./proof-of-work";
import { renderBlocked, renderThrottled } from "./refusal-pages";
import { recordSignInAttempt, type SignInAttempt, type SignInMethod } from "./sign-in-events";
import { readUnderAttackState } from "./state";
import { admitAccountAttempt, checkSourceThrottle } from "./throttles";

/** What the sign-in handler learns from the guard once an attempt may check a password. */
export interface PasswordAttempt {
  method: SignInMethod;
  identifier: SignInIdentifier;
  /** The account-delay key: the device cookie's when valid, else the identifier's. */
  throttleKey: Buffer;
  deviceRecognised: boolean;
  ipAddress: string | null;
  userAgent: string | null;
}

export const proofOfWorkField = "altcha";

/**
 * The password sign-in guard chain, run before the handler can reach argon2 (ASVS 6.3.1):
 * blocklist, per-address and per-network buckets, the proof of work in under-attack mode, the
 * per-account delay, and the cap on concurrent checks for unrecognised clients. Every refusal
 * is logged as a sign-in event and answered the same whether the password was right or not.
 */
export function guardPasswordAttempt(
  deps: Deps,
  assets: StaticAssets,
  options: {
    method: SignInMethod;
    identifierOf: (c: AppContext) => string;
    onChallengeFailed: (c: AppContext) => Response | Promise<Response>;
  },
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ipAddress = clientIpAddress(c);
    const userAgent = clientUserAgent(c);
    const identifier = await hashSignInIdentifier(
      deps.database,
      options.identifierOf(c).slice(0, 254),
    );
    const base = { method: options.method, memberId: null, identifier, ipAddress, userAgent };
    const refuse = async (result: "blocked" | "throttled" | "challenge-failed", scope: string) => {
      await recordAttempt(deps, c, { ...base, result }, scope);
      if (result === "blocked") deps.metrics.blocked.inc({ action: "sign-in" });
      else if (result === "throttled") deps.metrics.throttled.inc({ action: "sign-in", scope });
    };

    if (await findBlockCovering(deps, ipAddress)) {
      await refuse("blocked", "blocklist");
      return renderBlocked(c, assets);
    }
    // A device cookie for this ID (OWASP device cookies) marks the owner's usual browser: it
    // has its own account-delay key and skips the per-source buckets, the proof of work and
    // the queue for password checks, so a wave against the ID does not slow its owner down.
    const deviceKey = await readDeviceToken(
      deps.database,
      readCookie(c, deps.config, "device"),
      identifier.hash,
    );
    const underAttack = (await readUnderAttackState(deps)).active;
    if (!deviceKey) {
      const source = await checkSourceThrottle(deps, { action: "sign-in", ipAddress, underAttack });
      if (!source.admitted) {
        await refuse("throttled", source.scope);
        return renderThrottled(c, assets, source.retryAfterInSeconds);
      }
      const proofNeeded = underAttack && options.method === "password";
      if (
        proofNeeded &&
        !(await verifyProofOfWork(deps, formText(c.get("form"), proofOfWorkField)))
      ) {
        await refuse("challenge-failed", "proof-of-work");
        return options.onChallengeFailed(c);
      }
    }
    const account = await admitAccountAttempt(deps, {
      key: deviceKey ?? identifier.hash,
      underAttack,
    });
    if (!account.admitted) {
      await refuse("throttled", deviceKey ? "device" : "account");
      return renderThrottled(c, assets, account.retryAfterInSeconds);
    }
    const release = deviceKey ? () => {} : deps.untrustedPasswordChecks.tryAcquire();
    if (!release) {
      await refuse("throttled", "capacity");
      return renderThrottled(c, assets, 1);
    }
    c.set("passwordAttempt", {
      method: options.method,
      identifier,
      throttleKey: deviceKey ?? identifier.hash,
      deviceRecognised: deviceKey !== null,
      ipAddress,
      userAgent,
    });
    try {
      await next();
    } finally {
      release();
    }
  };
}

/** Logs an attempt (event, minute count, metric, log line) and feeds spike detection. */
export async function recordAttempt(
  deps: Deps,
  c: AppContext,
  attempt: SignInAttempt,
  scope?: string,
): Promise<void> {
  const counts = await recordSignInAttempt(deps, attempt);
  deps.metrics.signInAttempts.inc({ method: attempt.method, result: attempt.result });
  // Joins the request's log line (with its request ID): the result, who if known, and from
  // where; never the password or the identifier typed.
  c.set("logFields", {
    signIn: {
      method: attempt.method,
      result: attempt.result,
      scope,
      memberId: attempt.memberId ?? undefined,
      identifierKind: attempt.identifier?.kind,
      ipAddress: attempt.ipAddress,
    },
  });
  observeMinuteCounts(deps, counts);
}
