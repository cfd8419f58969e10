import type { Member } from "../accounts/members";
import { hashSignInIdentifier, identifierHashesOf, readDeviceToken } from "../defence/account-keys";
import { completeSignIn } from "../defence/sign-in-completion";
import type { SignInMethod, SignInResult } from "../defence/sign-in-events";
import { recordAttempt } from "../defence/sign-in-guard";
import type { Deps } from "../deps";
import { clientIpAddress, clientUserAgent } from "../web/client";
import type { AppContext } from "../web/context";
import { readCookie } from "../web/cookies";
import type { AssertionResult } from "./authentication";
import { findPasskeyByCredentialId } from "./credentials";
import { parseAuthenticationResponse } from "./responses";

/**
 * Passkey ceremonies in the sign-in log, so that the member's activity page, incident
 * investigation, spike detection and the new-device notice see them exactly as they see
 * password sign-ins. Nothing here decides whether an assertion is accepted (authentication.ts).
 */
export type PasskeyMethod = Extract<SignInMethod, "passkey" | "passkey-reauthentication">;
export type AssertionFailure = Extract<AssertionResult, { ok: false }>["reason"];

/**
 * Logs a refused assertion. Its member is the signed-in one for re-authentication, otherwise
 * the owner of the credential it names (if any): read only to say whose attempt it was.
 */
export async function recordPasskeyFailure(
  deps: Deps,
  c: AppContext,
  options: {
    method: PasskeyMethod;
    reason: AssertionFailure;
    response: unknown;
    memberId?: number;
  },
): Promise<void> {
  const parsed = parseAuthenticationResponse(options.response);
  const owner = parsed
    ? await findPasskeyByCredentialId(deps.database, Buffer.from(parsed.id, "base64url"))
    : undefined;
  await recordAttempt(deps, c, {
    method: options.method,
    result: parsed || options.reason === "no-challenge" ? resultOf(options) : "invalid-input",
    memberId: options.memberId ?? owner?.memberId ?? null,
    identifier: null,
    ipAddress: clientIpAddress(c),
    userAgent: clientUserAgent(c),
  });
}

function resultOf(options: { reason: AssertionFailure; memberId?: number }): SignInResult {
  switch (options.reason) {
    // Expired, spent or never issued: refused before any signature check, like a failed
    // proof of work (batched with the other refusals, so a flood of these writes little).
    case "no-challenge":
      return "challenge-failed";
    // A credential nobody here owns names no account, as an unknown ID does; for
    // re-authentication it is simply not one of the member's.
    case "unknown-credential":
      return options.memberId === undefined ? "unknown-id" : "invalid-passkey";
    // A bad signature or user handle, a counter that did not grow, or any later refusal.
    default:
      return "invalid-passkey";
  }
}

/**
 * Completes a verified passkey sign-in or re-authentication through the same path as a
 * password one. A passkey names no typed identifier, so the device cookie is checked against
 * both of the member's identifiers and, when new, bound to the login ID.
 */
export async function completePasskeySignIn(
  deps: Deps,
  c: AppContext,
  options: { method: PasskeyMethod; member: Member },
): Promise<void> {
  const identifiers = await identifierHashesOf(deps.database, options.member);
  const device =
    options.method === "passkey"
      ? await recogniseDevice(deps, c, options.member, identifiers)
      : null;
  // The login ID's own hash, as a password sign-in typing it computes: identifierHashesOf
  // starts with the member's account-delay key, which no typed identifier ever matches.
  const loginIdHash = (await hashSignInIdentifier(deps.database, options.member.loginId)).hash;
  await completeSignIn(deps, c, {
    member: options.member,
    method: options.method,
    identifier: null,
    ipAddress: clientIpAddress(c),
    userAgent: clientUserAgent(c),
    deviceRecognised: device !== null,
    accountKeys: device ? [...identifiers, device.key] : identifiers,
    deviceIdentifier: device?.identifier ?? loginIdHash,
  });
}

/** The member's identifier the browser's device cookie is bound to, and its delay key. */
async function recogniseDevice(
  deps: Deps,
  c: AppContext,
  owner: Member,
  identifiers: readonly Buffer[],
): Promise<{ identifier: Buffer; key: Buffer } | null> {
  const cookie = readCookie(c, deps.config, "device");
  if (!cookie) return null;
  for (const identifier of identifiers) {
    const key = await readDeviceToken(deps.database, cookie, identifier, owner);
    if (key) return { identifier, key };
  }
  return null;
}
