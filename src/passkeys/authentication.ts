import type {
  PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from "@simplewebauthn/server";
import { findMemberById, type Member } from "../accounts/members";
import type { Deps } from "../deps";
import { type ChallengeBinding, storeChallenge, takeChallenges } from "./challenges";
import {
  findPasskeyByCredentialId,
  listMemberPasskeys,
  type Passkey,
  recordPasskeyUse,
  splitTransports,
} from "./credentials";
import { ceremonyTimeoutInSeconds, relyingPartyOf } from "./relying-party";
import { parseAuthenticationResponse } from "./responses";
import { isPasskeyUsable } from "./trust";
import { findUserHandle } from "./user-handles";
import { loadWebAuthnLibrary } from "./webauthn-library";

type AssertionPurpose = "authentication" | "reauthentication";

/**
 * Options for navigator.credentials.get(). Sign-in names no credentials, so the browser offers
 * every discoverable passkey it holds for us (and we learn nothing before the member picks one);
 * re-authentication lists the signed-in member's passkeys.
 */
export async function startPasskeyAssertion(
  deps: Pick<Deps, "database" | "clock" | "config">,
  options: { purpose: AssertionPurpose; binding: ChallengeBinding; memberId?: number },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  // A passkey waiting for its e-mail confirmation, or suspended by a forced reset, is not offered.
  const allowed =
    options.memberId === undefined
      ? []
      : (await listMemberPasskeys(deps.database, options.memberId)).filter(isPasskeyUsable);
  const { generateAuthenticationOptions } = await loadWebAuthnLibrary();
  const requestOptions = await generateAuthenticationOptions({
    rpID: relyingPartyOf(deps.config).id,
    timeout: ceremonyTimeoutInSeconds * 1000,
    userVerification: "required",
    ...(options.memberId === undefined
      ? {}
      : {
          allowCredentials: allowed.map((item) => ({
            id: item.credentialId.toString("base64url"),
            transports: splitTransports(item.transports),
          })),
        }),
  });
  await storeChallenge(deps, {
    purpose: options.purpose,
    binding: options.binding,
    challenge: requestOptions.challenge,
  });
  return requestOptions;
}

export type AssertionResult =
  | { ok: true; member: Member; passkey: Passkey }
  | {
      ok: false;
      reason: "no-challenge" | "invalid" | "unknown-credential" | "counter" | "not-usable";
    };

/**
 * Verifies an assertion and records the use. The challenge is taken first, so it is spent
 * whatever happens next. With `memberId`, only that member's passkeys are accepted. A passkey
 * that is unconfirmed (enrolled with a password alone, waiting for the e-mail confirmation) or
 * suspended by a forced reset proves nothing: the same rule as a password on an account waiting
 * for its reset, only credentials from before the compromise window or confirmed since count.
 */
export async function finishPasskeyAssertion(
  deps: Pick<Deps, "database" | "clock" | "config" | "logger">,
  options: {
    purpose: AssertionPurpose;
    binding: ChallengeBinding;
    response: unknown;
    memberId?: number;
  },
): Promise<AssertionResult> {
  const challenges = await takeChallenges(deps, {
    purpose: options.purpose,
    binding: options.binding,
  });
  if (challenges.length === 0) return { ok: false, reason: "no-challenge" };
  const response = parseAuthenticationResponse(options.response);
  if (!response) return { ok: false, reason: "invalid" };

  const stored = await findPasskeyByCredentialId(
    deps.database,
    Buffer.from(response.id, "base64url"),
  );
  if (!stored || (options.memberId !== undefined && stored.memberId !== options.memberId)) {
    return { ok: false, reason: "unknown-credential" };
  }
  // A discoverable credential names its account; it must be the one that owns the credential.
  const userHandle = await findUserHandle(deps.database, stored.memberId);
  if (
    response.response.userHandle !== undefined &&
    response.response.userHandle !== userHandle?.toString("base64url")
  ) {
    return { ok: false, reason: "invalid" };
  }

  const relyingParty = relyingPartyOf(deps.config);
  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    const library = await loadWebAuthnLibrary();
    verification = await library.verifyAuthenticationResponse({
      response,
      expectedChallenge: (challenge) => challenges.includes(challenge),
      expectedOrigin: relyingParty.origin,
      expectedRPID: relyingParty.id,
      // Counter 0 here turns off the library's own counter check: ours below runs only once
      // the signature is proven, so a forged assertion cannot raise a cloned-authenticator alarm.
      credential: {
        id: response.id,
        publicKey: new Uint8Array(stored.publicKey),
        counter: 0,
        transports: splitTransports(stored.transports),
      },
      requireUserVerification: true,
    });
  } catch (error) {
    deps.logger.info({ memberId: stored.memberId, reason: String(error) }, "passkey refused");
    return { ok: false, reason: "invalid" };
  }
  if (!verification.verified) return { ok: false, reason: "invalid" };

  // Checked after the signature, so the answer says nothing about a passkey the caller cannot use.
  if (!isPasskeyUsable(stored)) {
    deps.logger.info(
      { memberId: stored.memberId, passkeyId: stored.id, suspended: stored.suspendedAt !== null },
      "passkey refused: not confirmed or suspended",
    );
    return { ok: false, reason: "not-usable" };
  }
  const info = verification.authenticationInfo;
  const recorded = await recordPasskeyUse(deps.database, stored.id, {
    counter: info.newCounter,
    backedUp: info.credentialBackedUp,
    deviceType: info.credentialDeviceType,
    usedAt: deps.clock.now(),
  });
  if (!recorded) {
    // A counter that did not grow means a copy of the key may be in use (WebAuthn L3 s6.1.1).
    deps.logger.warn(
      {
        memberId: stored.memberId,
        passkeyId: stored.id,
        storedCounter: stored.counter,
        presentedCounter: info.newCounter,
      },
      "passkey counter regression: possibly cloned authenticator, sign-in refused",
    );
    return { ok: false, reason: "counter" };
  }
  const member = await findMemberById(deps.database, stored.memberId);
  // A deactivated account's passkeys fail like unknown ones.
  if (!member || member.deactivatedAt) return { ok: false, reason: "unknown-credential" };
  return { ok: true, member, passkey: stored };
}
