import type {
  PublicKeyCredentialCreationOptionsJSON,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import type { Member } from "../accounts/members";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { recordMemberEvent } from "../webhooks/events";
import { type ChallengeBinding, storeChallenge, takeChallenges } from "./challenges";
import { queuePasskeyAddedNotice } from "./confirmation";
import { insertPasskey, listMemberPasskeys, type Passkey, splitTransports } from "./credentials";
import { suggestPasskeyName } from "./names";
import { ceremonyTimeoutInSeconds, relyingPartyOf } from "./relying-party";
import { parseRegistrationResponse } from "./responses";
import type { EnrolmentProof } from "./trust";
import { findOrCreateUserHandle } from "./user-handles";
import { loadWebAuthnLibrary } from "./webauthn-library";

const knownTransports = new Set(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);

/**
 * Options for navigator.credentials.create(). Whoever calls this has already decided the member
 * may add a passkey (a recent sign-in; a reset's one-time grant would be another such decision)
 * and binds the challenge to the session or browser that will answer it.
 */
export async function startPasskeyEnrolment(
  deps: Pick<Deps, "database" | "clock" | "config">,
  options: { member: Member; binding: ChallengeBinding },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const relyingParty = relyingPartyOf(deps.config);
  const existing = await listMemberPasskeys(deps.database, options.member.id);
  const { generateRegistrationOptions } = await loadWebAuthnLibrary();
  const creationOptions = await generateRegistrationOptions({
    rpName: relyingParty.name,
    rpID: relyingParty.id,
    userName: options.member.loginId,
    userDisplayName: options.member.loginId,
    userID: new Uint8Array(await findOrCreateUserHandle(deps.database, options.member.id)),
    timeout: ceremonyTimeoutInSeconds * 1000,
    attestationType: "none",
    // Passkeys, not second factors: the credential must be discoverable so sign-in needs no ID.
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
    // One authenticator, one passkey: the browser refuses to enrol an authenticator twice.
    excludeCredentials: existing.map((item) => ({
      id: item.credentialId.toString("base64url"),
      transports: splitTransports(item.transports),
    })),
  });
  await storeChallenge(deps, {
    purpose: "registration",
    binding: options.binding,
    challenge: creationOptions.challenge,
  });
  return creationOptions;
}

export type EnrolmentResult =
  | { ok: true; passkey: Passkey }
  | { ok: false; reason: EnrolmentFailure };

export type EnrolmentFailure =
  | "no-challenge"
  | "invalid"
  | "already-registered"
  | "email-unconfirmed";

/**
 * No passkey before the address is confirmed: whoever registered someone else's address could
 * otherwise leave a passkey that outlives the owner's first reset (pre-registration takeover).
 */
export function mayEnrolPasskey(owner: Pick<Member, "emailVerifiedAt">): boolean {
  return owner.emailVerifiedAt !== null;
}

/**
 * Verifies the authenticator's answer and stores the passkey. The challenge is taken (deleted)
 * before anything is checked, so a failed or replayed answer can never be retried. `proof` says
 * what vouched for the enrolment besides the session: with a password alone the passkey is stored
 * unconfirmed and works only once the member confirms it from their e-mail.
 */
export async function finishPasskeyEnrolment(
  deps: Pick<Deps, "database" | "clock" | "config" | "logger">,
  options: {
    member: Member;
    binding: ChallengeBinding;
    response: unknown;
    proof: EnrolmentProof;
    ipAddress: string | null;
    userAgent: string | null;
    fallbackName: string;
  },
): Promise<EnrolmentResult> {
  if (!mayEnrolPasskey(options.member)) return { ok: false, reason: "email-unconfirmed" };
  const challenges = await takeChallenges(deps, {
    purpose: "registration",
    binding: options.binding,
  });
  if (challenges.length === 0) return { ok: false, reason: "no-challenge" };
  const response = parseRegistrationResponse(options.response);
  if (!response) return { ok: false, reason: "invalid" };

  const relyingParty = relyingPartyOf(deps.config);
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    const library = await loadWebAuthnLibrary();
    verification = await library.verifyRegistrationResponse({
      response,
      expectedChallenge: (challenge) => challenges.includes(challenge),
      expectedOrigin: relyingParty.origin,
      expectedRPID: relyingParty.id,
      // A passkey replaces a password, so it must verify the person, not only their presence
      // (NIST SP 800-63B s5.1.8: a multi-factor cryptographic authenticator).
      requireUserVerification: true,
    });
  } catch (error) {
    deps.logger.info({ memberId: options.member.id, reason: String(error) }, "passkey refused");
    return { ok: false, reason: "invalid" };
  }
  if (!verification.verified) return { ok: false, reason: "invalid" };

  const info = verification.registrationInfo;
  const now = deps.clock.now();
  // The passkey and the e-mail that tells the member about it land together (transactional outbox).
  const created = await runInTransaction(deps.database, async (database) => {
    const inserted = await insertPasskey(database, {
      memberId: options.member.id,
      credentialId: Buffer.from(info.credential.id, "base64url"),
      publicKey: Buffer.from(info.credential.publicKey),
      counter: info.credential.counter,
      transports: (info.credential.transports ?? [])
        .filter((t) => knownTransports.has(t))
        .join(","),
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      aaguid: info.aaguid,
      name:
        suggestPasskeyName({ aaguid: info.aaguid, userAgent: options.userAgent }) ??
        options.fallbackName,
      createdAt: now,
      enrolmentProof: options.proof,
      confirmedAt: options.proof === "password" ? null : now,
      enrolledIpAddress: options.ipAddress,
      enrolledUserAgent: options.userAgent,
    });
    if (inserted) {
      await queuePasskeyAddedNotice(database, deps, options.member, inserted);
      // An unconfirmed passkey (enrolled with a password alone) is reported too, as such: the
      // service may want to act before the member confirms it from their mailbox.
      await recordMemberEvent(database, deps.clock, {
        type: "member.passkey_added",
        memberId: options.member.id,
        facts: { passkeyId: inserted.id, confirmed: inserted.confirmedAt !== null },
      });
    }
    return inserted;
  });
  if (!created) return { ok: false, reason: "already-registered" };
  deps.logger.info(
    {
      event: "passkey added",
      memberId: options.member.id,
      passkeyId: created.id,
      proof: options.proof,
    },
    "passkey added",
  );
  return { ok: true, passkey: created };
}
