import { type Challenge, createChallenge, type Solution, verifySolution } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { eq, lt } from "drizzle-orm";
import { proofOfWorkUse } from "../db/schema";
import type { Deps } from "../deps";
import { deriveDefenceKey } from "./state";

/**
 * The self-hosted proof of work of under-attack mode, in altcha-lib's v2 format: the browser
 * searches for a counter whose PBKDF2 key starts with "00" (256 tries on average, about half a
 * second at the default cost); the server checks an answer with a single derivation. Issuing
 * a challenge costs one HMAC, so serving the form under attack is cheap, and the checks run
 * after the per-source throttles, so nobody can make the server derive keys in bulk.
 */
const algorithm = "PBKDF2/SHA-256";
const keyPrefix = "00";
const lifetimeInMilliseconds = 10 * 60_000;
/** A submitted payload is a few hundred bytes; anything far larger is refused unread. */
const maximumPayloadLength = 4096;

async function signatureSecret(deps: Pick<Deps, "database">): Promise<string> {
  return (await deriveDefenceKey(deps.database, "proof-of-work-signature")).toString("hex");
}

/** A signed challenge for the sign-in form, as JSON for the page's solver script. */
export async function issueProofOfWorkChallenge(
  deps: Pick<Deps, "database" | "clock" | "settings">,
): Promise<string> {
  const challenge = await createChallenge({
    algorithm,
    cost: (await deps.settings.current()).defence.proofOfWorkCost,
    keyPrefix,
    deriveKey,
    // Expiry by our clock (not the library's, which reads Date.now()), so tests can move time.
    data: { expiresAt: deps.clock.now().getTime() + lifetimeInMilliseconds },
    hmacSignatureSecret: await signatureSecret(deps),
  });
  return JSON.stringify(challenge);
}

/**
 * Checks the solver's payload (base64 JSON of `{ challenge, solution }`): signed by us, not
 * expired, not used before, solved. A used challenge is refused before any derivation, and
 * the use is recorded by an insert, so two requests with one solution cannot both pass.
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
  if (!challenge?.parameters || typeof challenge.signature !== "string" || !solution) return false;
  const expiresAt = Number(challenge.parameters.data?.expiresAt);
  if (!Number.isFinite(expiresAt) || expiresAt <= deps.clock.now().getTime()) return false;
  if (challenge.parameters.algorithm !== algorithm) return false;
  const [used] = await deps.database
    .select({ signature: proofOfWorkUse.signature })
    .from(proofOfWorkUse)
    .where(eq(proofOfWorkUse.signature, challenge.signature))
    .limit(1);
  if (used) return false;
  try {
    const result = await verifySolution({
      challenge,
      solution,
      deriveKey,
      hmacSignatureSecret: await signatureSecret(deps),
    });
    if (!result.verified) return false;
  } catch {
    return false;
  }
  const [fresh] = await deps.database
    .insert(proofOfWorkUse)
    .values({ signature: challenge.signature, expiresAt: new Date(expiresAt) })
    .onConflictDoNothing()
    .returning();
  return fresh !== undefined;
}

export async function deleteExpiredProofOfWorkUses(
  deps: Pick<Deps, "database" | "clock">,
): Promise<void> {
  await deps.database.delete(proofOfWorkUse).where(lt(proofOfWorkUse.expiresAt, deps.clock.now()));
}
