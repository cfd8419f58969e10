import type { Deps } from "../deps";
import type { DefenceConfig, RateLimit } from "./config";
import { networkPrefixOf, sourceKeyOf } from "./ip-address";
import type { Admission, DelayPolicy } from "./throttle-store";

/** The actions that spend server work for anonymous clients and are throttled per source. */
export type SourceAction = "sign-in" | "registration" | "reset-request";

export type SourceAdmission =
  | { admitted: true }
  | { admitted: false; retryAfterInSeconds: number; scope: "address" | "network" };

// Registration and reset requests are rare for a person: a few at once, then one every
// couple of minutes per address. Sign-in limits are configurable (see DefenceConfig).
const fixedSourceLimits: Record<
  Exclude<SourceAction, "sign-in">,
  { address: RateLimit; network: RateLimit }
> = {
  registration: { address: { perMinute: 0.5, burst: 5 }, network: { perMinute: 5, burst: 20 } },
  "reset-request": {
    address: { perMinute: 1, burst: 5 },
    network: { perMinute: 10, burst: 30 },
  },
};

function sourceLimitsFor(config: DefenceConfig, action: SourceAction) {
  return action === "sign-in"
    ? { address: config.signInPerAddress, network: config.signInPerNetwork }
    : fixedSourceLimits[action];
}

function tighten(limit: RateLimit, factor: number): RateLimit {
  return {
    perMinute: limit.perMinute / factor,
    burst: Math.max(1, Math.floor(limit.burst / factor)),
  };
}

/**
 * Per-address (an IPv6 address counts as its /64, see sourceKeyOf) and per-network (/24, /56)
 * token buckets, checked before any argon2 or zxcvbn
 * work (ASVS 6.3.1 spirit, "throttle before work"). The resets issue calls this with
 * "reset-request" for the forgotten-password form.
 */
export async function checkSourceThrottle(
  deps: Pick<Deps, "settings" | "clock" | "throttleStore">,
  options: { action: SourceAction; ipAddress: string | null; underAttack: boolean },
): Promise<SourceAdmission> {
  const config = (await deps.settings.current()).defence;
  const limits = sourceLimitsFor(config, options.action);
  const factor = options.underAttack ? config.underAttackTightening : 1;
  const now = deps.clock.now();
  // An IPv6 client is its prefix (a /64 by default), or rotating through it walks around.
  const address =
    (options.ipAddress && sourceKeyOf(options.ipAddress, config.ipv6SourcePrefixLength)) ??
    "unknown";
  const network = (options.ipAddress && networkPrefixOf(options.ipAddress)) ?? "unknown";
  const byAddress = await deps.throttleStore.takeToken(
    `${options.action}:address:${address}`,
    tighten(limits.address, factor),
    now,
  );
  if (!byAddress.admitted) return { ...byAddress, scope: "address" };
  const byNetwork = await deps.throttleStore.takeToken(
    `${options.action}:network:${network}`,
    tighten(limits.network, factor),
    now,
  );
  return byNetwork.admitted ? byNetwork : { ...byNetwork, scope: "network" };
}

/**
 * The per-account delay: a few free attempts, then a wait that doubles up to the maximum.
 * Never a permanent lock (ASVS 6.3.1 / 6.1.1): it applies only to password sign-in, so a
 * member whose ID is under attack can still use a reset link or a passkey.
 */
export function accountDelayPolicy(config: DefenceConfig, underAttack: boolean): DelayPolicy {
  return {
    freeAttempts: underAttack
      ? Math.max(1, Math.ceil(config.accountFreeFailures / 2))
      : config.accountFreeFailures,
    firstDelayInSeconds: 30,
    maximumDelayInSeconds: config.accountMaximumDelayInMinutes * 60,
    forgetAfterInSeconds: 24 * 3600,
  };
}

export async function admitAccountAttempt(
  deps: Pick<Deps, "settings" | "clock" | "throttleStore">,
  options: { key: Buffer; underAttack: boolean },
): Promise<Admission> {
  return deps.throttleStore.admitAccountAttempt(
    options.key,
    accountDelayPolicy((await deps.settings.current()).defence, options.underAttack),
    deps.clock.now(),
  );
}
