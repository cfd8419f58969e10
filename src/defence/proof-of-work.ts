import {
  type Challenge,
  createChallenge,
  randomInt,
  type Solution,
  verifySolution,
} from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { proofOfWorkUse } from "../db/schema";
import type { Deps } from "../deps";
import { deriveDefenceKey } from "./state";

/**
 * The self-hosted proof of work of under-attack mode, in altcha-lib's v2 format: the browser
 * searches for the counter whose PBKDF2 key starts with the challenge's prefix, which costs it
 * about half a second, and the server checks the answer with one HMAC (deterministic mode with
 * a key signature). Every attempt then costs an attacker that work; a real member waits once.
 */
const algorithm = "PBKDF2/SHA-256";
/** PBKDF2 iterations per counter tried. */
const costPerTry = 1000;
const lifetimeInMilliseconds = 10 * 60_000;
/** A submitted payload is a few hundred bytes; anything far larger is refused unread. */
const maximumPayloadLength = 4096;

async function secretsFor(deps: Pick<Deps, "database">) {
  const [signature, keySignature] = await Promise.all([
    deriveDefenceKey(deps.database, "proof-of-work-signature"),
    deriveDefenceKey(deps.database, "proof-of-work-key-signature"),
  ]);
  return {
    hmacSignatureSecret: signature.toString("hex"),
    hmacKeySignatureSecret: keySignature.toString("hex"),
  };
}

/** A signed challenge for the sign-in form, as JSON for the page's solver script. */
export async function issueProofOfWorkChallenge(
  deps: Pick<Deps, "database" | "clock" | "config">,
): Promise<string> {
  const maximum = deps.config.defence.proofOfWorkMaximumCounter;
  const challenge = await createChallenge({
    algorithm,
    cost: costPerTry,
    counter: randomInt(maximum, Math.ceil(maximum / 5)),
    deriveKey,
    // Expiry by our clock (not the library's, which reads Date.now()), so tests can move time.
    data: { expiresAt: deps.clock.now().getTime() + lifetimeInMilliseconds },
    ...(await secretsFor(deps)),
  });
  return JSON.stringify(challenge);
}

/**
 * Checks the solver's payload (base64 JSON of `{ challenge, solution }`): signed by us, not
 * expired, solved, and never used before. The single use is an insert, so two requests with
 * the same solution cannot both pass.
 */
export async function verifyProofOfWork(
  deps: Pick<Deps, "database" | "clock">,
  payload: string,
): Promise<boolean> {
  if (payload === "" || payload.length > maximumPayloadLength) return false;
  let parsed: { challenge?: Challenge; solution?: Solution };
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
  } catch {
    return false;
  }
  const { challenge, solution } = parsed;
  if (!challenge?.parameters || !challenge.signature || !solution) return false;
  const expiresAt = Number(challenge.parameters.data?.expiresAt);
  const now = deps.clock.now();
  if (!Number.isFinite(expiresAt) || expiresAt <= now.getTime()) return false;
  if (challenge.parameters.algorithm !== algorithm) return false;
  let verified = false;
  try {
    ({ verified } = await verifySolution({
      challenge,
      solution,
      deriveKey,
      ...(await secretsFor(deps)),
    }));
  } catch {
    return false;
  }
  if (!verified) return false;
  const [fresh] = await deps.database
    .insert(proofOfWorkUse)
    .values({ signature: challenge.signature, expiresAt: new Date(expiresAt) })
    .onConflictDoNothing()
    .returning();
  return fresh !== undefined;
}
