import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { classifySignInIdentifier } from "../accounts/identifiers";
import { findMemberByEmail, findMemberByLoginId, type Member } from "../accounts/members";
import type { Database } from "../db/connection";
import { deriveDefenceKey } from "./state";

/**
 * Keys for the per-account delay and the event log. The typed identifier is kept only as a
 * keyed hash: people sometimes type a password into the ID field. Unknown IDs are keyed the
 * same way as known ones, so the delay cannot tell an attacker which IDs exist.
 */
export interface SignInIdentifier {
  kind: "login-id" | "email" | "other";
  /** 16 bytes; the account-delay key and the "distinct accounts" of the stuffing signature. */
  hash: Buffer;
}

const identifierTag = Buffer.from([0]);
const deviceTag = Buffer.from([1]);
const accountTag = Buffer.from([2]);

export async function hashSignInIdentifier(
  database: Database,
  raw: string,
): Promise<SignInIdentifier> {
  const classified = classifySignInIdentifier(raw);
  const kind = !classified ? "other" : classified.kind === "email" ? "email" : "login-id";
  const normalized = !classified
    ? raw.trim().toLowerCase()
    : classified.kind === "email"
      ? classified.email
      : classified.loginId;
  const key = await deriveDefenceKey(database, "sign-in-identifier");
  const digest = createHmac("sha256", key).update(`${kind}:${normalized}`).digest();
  return { kind, hash: Buffer.concat([identifierTag, digest.subarray(0, 15)]) };
}

/**
 * The per-account delay key of a typed identifier. When it names a member, the key is the
 * member's: the login ID and the e-mail address share one budget, or an attacker who knows
 * both gets twice the guesses. Anything else keeps a keyed bucket of its own, so unknown IDs
 * are still delayed. Both paths make one member lookup (none for input that is no ID at all,
 * which never names anyone) and one HMAC: the key's cost says nothing about the account.
 */
export async function deriveAccountDelayKey(
  database: Database,
  raw: string,
  identifier: SignInIdentifier,
): Promise<Buffer> {
  const classified = classifySignInIdentifier(raw);
  const owner = !classified
    ? undefined
    : classified.kind === "email"
      ? await findMemberByEmail(database, classified.email)
      : await findMemberByLoginId(database, classified.loginId);
  return keyAccountDelay(
    database,
    owner ? `member:${owner.id}` : `identifier:${identifier.hash.toString("hex")}`,
  );
}

async function keyAccountDelay(database: Database, subject: string): Promise<Buffer> {
  const key = await deriveDefenceKey(database, "account-delay");
  const digest = createHmac("sha256", key).update(subject).digest();
  return Buffer.concat([accountTag, digest.subarray(0, 15)]);
}

/**
 * Every account-delay key a member's attempts may be counted under (the member's own, and the
 * per-identifier ones of earlier versions), so a success or a reset clears them all.
 */
export async function identifierHashesOf(
  database: Database,
  member: Pick<Member, "id" | "loginId" | "email">,
): Promise<Buffer[]> {
  const hashes = await Promise.all(
    [member.loginId, member.email].map((value) => hashSignInIdentifier(database, value)),
  );
  return [
    await keyAccountDelay(database, `member:${member.id}`),
    ...hashes.map((identifier) => identifier.hash),
  ];
}

/**
 * OWASP's device cookie: after a successful sign-in the browser keeps a signed token bound to
 * that identifier. Attempts that present it are counted under their own key, so an attacker
 * who drives up the delay of an ID does not slow down its owner on their usual device, and
 * they skip the queue for password checks and the proof of work.
 *
 * The token is also bound to the member's password epoch (when the password was last set): a
 * browser that signed in with the password an attacker stuffed keeps no standing once the owner
 * replaces it, however many such cookies the attacker collected before the forced reset.
 */
export async function issueDeviceToken(
  database: Database,
  identifier: Buffer,
  owner: DeviceTokenOwner,
): Promise<string> {
  const nonce = randomBytes(16);
  const mac = await signDevice(database, nonce, identifier, owner);
  return Buffer.concat([nonce, mac]).toString("base64url");
}

/** What of the member a device token is bound to besides the identifier. */
export type DeviceTokenOwner = Pick<Member, "passwordChangedAt" | "role"> | undefined;

/** The account-delay key of a valid device token for this identifier and member, or null. */
export async function readDeviceToken(
  database: Database,
  value: string | undefined,
  identifier: Buffer,
  owner: DeviceTokenOwner,
): Promise<Buffer | null> {
  if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) return null;
  const bytes = Buffer.from(value, "base64url");
  const nonce = bytes.subarray(0, 16);
  const presented = bytes.subarray(16);
  const expected = await signDevice(database, nonce, identifier, owner);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null;
  return Buffer.concat([deviceTag, nonce.subarray(0, 15)]);
}

/**
 * The member a typed identifier names, for checking a presented device token: looked up only
 * when the browser sends one that is well formed, for known and unknown IDs alike.
 */
export async function findDeviceTokenOwner(
  database: Database,
  value: string | undefined,
  raw: string,
): Promise<DeviceTokenOwner> {
  if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) return undefined;
  const classified = classifySignInIdentifier(raw);
  if (!classified) return undefined;
  return classified.kind === "email"
    ? findMemberByEmail(database, classified.email)
    : findMemberByLoginId(database, classified.loginId);
}

async function signDevice(
  database: Database,
  nonce: Buffer,
  identifier: Buffer,
  owner: DeviceTokenOwner,
): Promise<Buffer> {
  const key = await deriveDefenceKey(database, "device-cookie");
  const epoch = `password-set:${owner?.passwordChangedAt?.getTime() ?? "never"}`;
  return createHmac("sha256", key)
    .update(nonce)
    .update(identifier)
    .update(epoch)
    .digest()
    .subarray(0, 16);
}
