import { createHash, randomBytes } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import { passkeyChallenge } from "../db/schema";
import type { Deps } from "../deps";
import { ceremonyTimeoutInSeconds } from "./relying-party";

export type ChallengePurpose = (typeof passkeyChallenge.$inferSelect)["purpose"];

/**
 * Who may answer a challenge: the session that asked for it, or, before sign-in, the browser
 * holding the random secret of a short-lived cookie (only its hash is stored).
 */
export type ChallengeBinding = { sessionId: string } | { browserSecret: string };

/** 256 random bits for the pre-authentication cookie. */
export function generateBrowserBindingSecret(): string {
  return randomBytes(32).toString("base64url");
}

export async function storeChallenge(
  deps: Pick<Deps, "database" | "clock">,
  options: { purpose: ChallengePurpose; binding: ChallengeBinding; challenge: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.database.insert(passkeyChallenge).values({
    purpose: options.purpose,
    challenge: options.challenge,
    ...bindingColumns(options.binding),
    createdAt: now,
    expiresAt: new Date(now.getTime() + ceremonyTimeoutInSeconds * 1000),
  });
}

/**
 * Takes every challenge of this purpose issued to this binding and returns the ones still
 * valid. The delete comes first and is unconditional, so a challenge is gone whether the
 * response then verifies or not: it can be answered at most once (WebAuthn L3 s13.4.3).
 * Several may be outstanding, e.g. two tabs of the sign-in page; the response names its own.
 */
export async function takeChallenges(
  deps: Pick<Deps, "database" | "clock">,
  options: { purpose: ChallengePurpose; binding: ChallengeBinding },
): Promise<string[]> {
  const taken = await deps.database
    .delete(passkeyChallenge)
    .where(and(eq(passkeyChallenge.purpose, options.purpose), bindingCondition(options.binding)))
    .returning({ challenge: passkeyChallenge.challenge, expiresAt: passkeyChallenge.expiresAt });
  const now = deps.clock.now().getTime();
  return taken.filter((row) => row.expiresAt.getTime() > now).map((row) => row.challenge);
}

export async function deleteExpiredPasskeyChallenges(
  deps: Pick<Deps, "database" | "clock">,
): Promise<void> {
  await deps.database
    .delete(passkeyChallenge)
    .where(lt(passkeyChallenge.expiresAt, deps.clock.now()));
}

function bindingColumns(binding: ChallengeBinding) {
  return "sessionId" in binding
    ? { sessionId: binding.sessionId, browserBindingHash: null }
    : { sessionId: null, browserBindingHash: hashBrowserSecret(binding.browserSecret) };
}

function bindingCondition(binding: ChallengeBinding) {
  return "sessionId" in binding
    ? eq(passkeyChallenge.sessionId, binding.sessionId)
    : eq(passkeyChallenge.browserBindingHash, hashBrowserSecret(binding.browserSecret));
}

function hashBrowserSecret(secret: string): Buffer {
  return createHash("sha256").update(secret).digest();
}
