import type { MiddlewareHandler } from "hono";
import type { Deps } from "../deps";
import { clientIpAddress, clientUserAgent } from "../web/client";
import type { AppContext, AppEnv } from "../web/context";
import { readCookie } from "../web/cookies";
import { formText } from "../web/form";
import type { StaticAssets } from "../web/static-assets";
import {
  deriveAccountDelayKey,
  findDeviceTokenOwner,
  hashSignInIdentifier,
  readDeviceToken,
  type SignInIdentifier,
} from "./account-keys";
import { findBlockCovering } from "./blocklist-match";
import { admitDeviceThroughBlock } from "./device-allowance";
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
  /** The account-delay key: the device cookie's when valid, else the member's or identifier's. */
  throttleKey: Buffer;
  deviceRecognised: boolean;
  ipAddress: string | null;
  userAgent: string | null;
}

export const proofOfWorkField = "altcha";

type GuardOptions = {
  method: SignInMethod;
  identifierOf: (c: AppContext) => string;
  onChallengeFailed: (c: AppContext) => Response | Promise<Response>;
};

type Refusal = { result: "blocked" | "throttled" | "challenge-failed"; scope: string };
/** An admitted attempt holds a password-check slot until the handler is done. */
type Admitted = { release: () => void; throttleKey: Buffer };
/** An attempt before the guard has chosen its account-delay key. */
type AttemptSource = Omit<PasswordAttempt, "throttleKey"> & {
  typedIdentifier: string;
  deviceKey: Buffer | null;
  /** A recognised device of an administrator's ID: automatic blocks never refuse it. */
  administratorDevice: boolean;
};

/**
 * The password sign-in guard chain, run before the handler can reach argon2 (ASVS 6.3.1):
 * blocklist (a recognised device has a small allowance through an automatic block),
 * per-address and per-network buckets, the proof of work in under-attack mode, the cap on
 * concurrent checks for unrecognised clients, and the per-account delay. Every refusal
 * is logged as a sign-in event and answered the same whether the password was right or not.
 */
export function guardPasswordAttempt(
  deps: Deps,
  assets: StaticAssets,
  options: GuardOptions,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const attempt = await describeAttempt(deps, c, options.method, options.identifierOf(c));
    const admission = await admitAttempt(deps, c, attempt, options.method);
    if (!("release" in admission)) {
      const { result, scope } = admission;
      await recordAttempt(deps, c, { ...attempt, memberId: null, result }, scope);
      if (result === "blocked") deps.metrics.blocked.inc({ action: "sign-in" });
      if (result === "throttled") deps.metrics.throttled.inc({ action: "sign-in", scope });
      if (result === "blocked") return renderBlocked(c, assets);
      if (result === "challenge-failed") return options.onChallengeFailed(c);
      return renderThrottled(c, assets, c.get("retryAfterInSeconds") ?? 1);
    }
    const {
      typedIdentifier: _typed,
      deviceKey: _device,
      administratorDevice: _administrator,
      ...fields
    } = attempt;
    c.set("passwordAttempt", { ...fields, throttleKey: admission.throttleKey });
    try {
      await next();
    } finally {
      admission.release();
    }
  };
}

async function describeAttempt(
  deps: Deps,
  c: AppContext,
  method: SignInMethod,
  typedIdentifier: string,
): Promise<AttemptSource> {
  const identifier = await hashSignInIdentifier(deps.database, typedIdentifier.slice(0, 254));
  // A device cookie for this ID (OWASP device cookies) marks the owner's usual browser: it
  // has its own account-delay key and skips the per-source buckets, the proof of work and
  // the queue for password checks, so a wave against the ID does not slow its owner down.
  const cookie = readCookie(c, deps.config, "device");
  const owner = await findDeviceTokenOwner(deps.database, cookie, typedIdentifier.slice(0, 254));
  const deviceKey = await readDeviceToken(deps.database, cookie, identifier.hash, owner);
  return {
    method,
    identifier,
    typedIdentifier: typedIdentifier.slice(0, 254),
    deviceKey,
    deviceRecognised: deviceKey !== null,
    administratorDevice: deviceKey !== null && owner?.role === "admin",
    ipAddress: clientIpAddress(c),
    userAgent: clientUserAgent(c),
  };
}

/** The first check that refuses the attempt, in order of cost, or the admission. */
async function admitAttempt(
  deps: Deps,
  c: AppContext,
  attempt: AttemptSource,
  method: SignInMethod,
): Promise<Refusal | Admitted> {
  const block = await findBlockCovering(deps, attempt.ipAddress);
  const admittedThroughBlock =
    block &&
    (await admitDeviceThroughBlock(deps, {
      block,
      deviceKey: attempt.deviceKey,
      administratorDevice: attempt.administratorDevice,
    }));
  if (block && !admittedThroughBlock) {
    return { result: "blocked", scope: "blocklist" };
  }
  const underAttack = (await readUnderAttackState(deps)).active;
  if (!attempt.deviceRecognised) {
    const source = await checkSourceThrottle(deps, {
      action: "sign-in",
      ipAddress: attempt.ipAddress,
      underAttack,
    });
    if (!source.admitted) {
      c.set("retryAfterInSeconds", source.retryAfterInSeconds);
      return { result: "throttled", scope: source.scope };
    }
    const proof = formText(c.get("form"), proofOfWorkField);
    if (underAttack && method === "password" && !(await verifyProofOfWork(deps, proof))) {
      return { result: "challenge-failed", scope: "proof-of-work" };
    }
  }
  // Recognised devices skip the queue; others take one of the per-process slots, or are
  // turned away before the account delay counts an attempt that will not be checked.
  const release = attempt.deviceRecognised ? () => {} : deps.untrustedPasswordChecks.tryAcquire();
  if (!release) return { result: "throttled", scope: "capacity" };
  try {
    // Only now, past the source checks, is the member looked up for its key (one read,
    // made for unknown IDs too).
    const throttleKey =
      attempt.deviceKey ??
      (await deriveAccountDelayKey(deps.database, attempt.typedIdentifier, attempt.identifier));
    const account = await admitAccountAttempt(deps, { key: throttleKey, underAttack });
    if (!account.admitted) {
      release();
      c.set("retryAfterInSeconds", account.retryAfterInSeconds);
      return { result: "throttled", scope: attempt.deviceRecognised ? "device" : "account" };
    }
    return { release, throttleKey };
  } catch (error) {
    release();
    throw error;
  }
}

/** Logs an attempt (event and metric, minute count, log line) and feeds spike detection. */
export async function recordAttempt(
  deps: Deps,
  c: AppContext,
  attempt: SignInAttempt,
  scope?: string,
): Promise<void> {
  const counts = await recordSignInAttempt(deps, attempt);
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
  if (counts) observeMinuteCounts(deps, counts);
}
