import type { Member } from "../accounts/members";
import type { Deps } from "../deps";
import { describeDevice } from "../sessions/device";
import type { authenticateWithPassword } from "../sessions/password-sign-in";
import { issueOneTimeToken } from "../tokens/one-time-tokens";
import type { AppContext } from "../web/context";
import { writeCookie } from "../web/cookies";
import { identifierHashesOf, issueDeviceToken, type SignInIdentifier } from "./account-keys";
import { networkPrefixOf } from "./ip-address";
import { findFamiliarity, type SignInMethod } from "./sign-in-events";
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
 * member's identifiers and the device) and completes the sign-in as every method does.
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
  await completeSignIn(deps, c, {
    ...attemptFields(attempt),
    member,
    deviceRecognised: attempt.deviceRecognised,
    accountKeys: [...(await identifierHashesOf(deps.database, member)), attempt.throttleKey],
    deviceIdentifier: attempt.identifier.hash,
  });
}

/** A sign-in or re-authentication whose proof (password or passkey) checked out. */
export interface SuccessfulSignIn {
  member: Member;
  method: SignInMethod;
  identifier: SignInIdentifier | null;
  ipAddress: string | null;
  userAgent: string | null;
  /** The browser showed a valid device cookie for this member. */
  deviceRecognised: boolean;
  /** Account-delay keys the success clears. */
  accountKeys: Buffer[];
  /** The identifier hash the new device cookie is bound to (the one the member types). */
  deviceIdentifier: Buffer;
}

// Re-authentication proves the session's member again; it neither marks the device nor tells
// the member about a sign-in, since the session it confirms was already noticed.
const primarySignInMethods: readonly SignInMethod[] = ["password", "passkey"];

/**
 * The one completion of every successful sign-in, password or passkey: the event (so activity,
 * investigation and detection see it), the cleared account delay, a device cookie, and the
 * notice when the device or network is new. The caller then opens or marks the session.
 */
export async function completeSignIn(
  deps: Deps,
  c: AppContext,
  signIn: SuccessfulSignIn,
): Promise<void> {
  const { member } = signIn;
  const networkPrefix = signIn.ipAddress ? networkPrefixOf(signIn.ipAddress) : null;
  const familiarity = await findFamiliarity(deps, {
    memberId: member.id,
    networkPrefix,
    userAgent: signIn.userAgent,
  });
  await recordAttempt(deps, c, {
    method: signIn.method,
    identifier: signIn.identifier,
    ipAddress: signIn.ipAddress,
    userAgent: signIn.userAgent,
    result: "success",
    memberId: member.id,
  });
  await deps.throttleStore.clearAccountAttempts(signIn.accountKeys);
  if (!primarySignInMethods.includes(signIn.method)) return;
  writeCookie(
    c,
    deps.config,
    "device",
    await issueDeviceToken(deps.database, signIn.deviceIdentifier, member),
    {
      maxAgeInSeconds: deviceCookieMaxAgeInSeconds,
    },
  );
  const newDevice = !signIn.deviceRecognised && !familiarity.knownUserAgent;
  const newNetwork = !familiarity.knownNetwork;
  if (!familiarity.hasHistory || (!newDevice && !newNetwork)) return;
  await notifyNewSignIn(deps, signIn, { newDevice, newNetwork });
}

async function notifyNewSignIn(
  deps: Deps,
  signIn: SuccessfulSignIn,
  novelty: { newDevice: boolean; newNetwork: boolean },
): Promise<void> {
  const { member } = signIn;
  try {
    const token = await issueOneTimeToken(deps, {
      purpose: "unrecognised-sign-in",
      memberId: member.id,
      expiresInSeconds: unrecognisedLinkLifetimeInSeconds,
    });
    await deps.signInNotifier.notifyNewSignIn({
      member,
      occurredAt: deps.clock.now(),
      ipAddress: signIn.ipAddress,
      device: describeDevice(signIn.userAgent),
      ...novelty,
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
