import type { Member } from "../accounts/members";
import type { Deps } from "../deps";
import { describeDevice } from "../sessions/device";
import type { authenticateWithPassword } from "../sessions/password-sign-in";
import { issueOneTimeToken } from "../tokens/one-time-tokens";
import type { AppContext } from "../web/context";
import { writeCookie } from "../web/cookies";
import { identifierHashesOf, issueDeviceToken } from "./account-keys";
import { networkPrefixOf } from "./ip-address";
import { findFamiliarity } from "./sign-in-events";
import { type PasswordAttempt, recordAttempt } from "./sign-in-guard";

export type PasswordOutcome =
  | { result: "success"; member: Member }
  | {
      result: "wrong-password" | "unknown-id" | "invalid-input" | "reset-required";
      memberId: number | null;
    };

/**
 * What a password check found, for the log: null when the input never reached the check.
 * With `expectedMemberId` (re-authentication) a match for anyone else is a wrong password.
 */
export function outcomeOf(
  check: Awaited<ReturnType<typeof authenticateWithPassword>> | null,
  options: { expectedMemberId?: number } = {},
): PasswordOutcome {
  const expected = options.expectedMemberId;
  if (!check) return { result: "invalid-input", memberId: expected ?? null };
  if (!check.ok) return { result: check.reason, memberId: check.memberId };
  return expected === undefined || check.member.id === expected
    ? { result: "success", member: check.member }
    : { result: "wrong-password", memberId: expected };
}

const deviceCookieMaxAgeInSeconds = 365 * 24 * 3600;
const unrecognisedLinkLifetimeInSeconds = 7 * 24 * 3600;

/**
 * Records what the password check found. A success clears the account delay (for both of the
 * member's identifiers and the device), leaves a device cookie, and tells the member when the
 * device or network is new.
 */
export async function completePasswordAttempt(
  deps: Deps,
  c: AppContext,
  outcome: PasswordOutcome,
): Promise<void> {
  const attempt = c.get("passwordAttempt");
  if (outcome.result !== "success") {
    await recordAttempt(deps, c, { ...attemptFields(attempt), ...outcome });
    return;
  }
  const { member } = outcome;
  const networkPrefix = attempt.ipAddress ? networkPrefixOf(attempt.ipAddress) : null;
  const familiarity = await findFamiliarity(deps, {
    memberId: member.id,
    networkPrefix,
    userAgent: attempt.userAgent,
  });
  await recordAttempt(deps, c, {
    ...attemptFields(attempt),
    result: "success",
    memberId: member.id,
  });
  await deps.throttleStore.clearAccountAttempts([
    ...(await identifierHashesOf(deps.database, member)),
    attempt.throttleKey,
  ]);
  if (attempt.method !== "password") return;
  writeCookie(
    c,
    deps.config,
    "device",
    await issueDeviceToken(deps.database, attempt.identifier.hash),
    {
      maxAgeInSeconds: deviceCookieMaxAgeInSeconds,
    },
  );
  const newDevice = !attempt.deviceRecognised && !familiarity.knownUserAgent;
  const newNetwork = !familiarity.knownNetwork;
  if (!familiarity.hasHistory || (!newDevice && !newNetwork)) return;
  try {
    const token = await issueOneTimeToken(deps, {
      purpose: "unrecognised-sign-in",
      memberId: member.id,
      expiresInSeconds: unrecognisedLinkLifetimeInSeconds,
    });
    await deps.signInNotifier.notifyNewSignIn({
      member,
      occurredAt: deps.clock.now(),
      ipAddress: attempt.ipAddress,
      device: describeDevice(attempt.userAgent),
      newDevice,
      newNetwork,
      unrecognisedUrl: new URL(`/sign-in/unrecognised/${token.value}`, deps.config.origin),
    });
  } catch (error) {
    // The sign-in itself succeeded; a failed notice is logged, not shown to the member.
    deps.logger.error({ err: error, memberId: member.id }, "new sign-in notice failed");
  }
}

function attemptFields(attempt: PasswordAttempt) {
  return {
    method: attempt.method,
    identifier: attempt.identifier,
    ipAddress: attempt.ipAddress,
    userAgent: attempt.userAgent,
  };
}
