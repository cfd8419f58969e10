import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { oneTimeToken } from "../db/schema";
import type { Deps } from "../deps";
import { generateSplitToken, parseSplitToken, verifySecret } from "./split-token";

export type OneTimeToken = typeof oneTimeToken.$inferSelect;

export type TokenPurpose =
  | "first-admin-setup"
  | "email-verification"
  | "email-change-approval"
  | "email-change-undo"
  | "password-reset"
  | "passkey-enrolment-grant"
  | "passkey-confirmation"
  | "passkey-disowned"
  | "unrecognised-sign-in";

/**
 * Issues a link token; only its hash is stored. Returns the value to put in the link and the
 * token's public ID (a stable key for the e-mail that carries it).
 */
export async function issueOneTimeToken(
  deps: Pick<Deps, "database" | "clock">,
  options: {
    purpose: TokenPurpose;
    memberId: number | null;
    expiresInSeconds: number;
    payload?: string;
  },
): Promise<{ value: string; id: string }> {
  const token = generateSplitToken();
  const now = deps.clock.now();
  await deps.database.insert(oneTimeToken).values({
    id: token.id,
    purpose: options.purpose,
    memberId: options.memberId,
    secretHash: token.secretHash,
    payload: options.payload ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + options.expiresInSeconds * 1000),
  });
  return { value: token.value, id: token.id };
}

/** Looks a token up without using it, for the GET that shows a confirmation form. */
export async function findUsableOneTimeToken(
  deps: Pick<Deps, "database" | "clock">,
  purpose: TokenPurpose,
  value: string | undefined,
): Promise<OneTimeToken | null> {
  const parsed = parseSplitToken(value);
  if (!parsed) return null;
  const [row] = await deps.database
    .select()
    .from(oneTimeToken)
    .where(
      and(
        eq(oneTimeToken.id, parsed.id),
        eq(oneTimeToken.purpose, purpose),
        isNull(oneTimeToken.usedAt),
        gt(oneTimeToken.expiresAt, deps.clock.now()),
      ),
    )
    .limit(1);
  return row && verifySecret(parsed.secret, row.secretHash) ? row : null;
}

/**
 * Uses a token exactly once: the conditional update is atomic, so of two concurrent requests
 * with the same link only one gets the row back.
 */
export async function consumeOneTimeToken(
  deps: Pick<Deps, "database" | "clock">,
  purpose: TokenPurpose,
  value: string | undefined,
): Promise<OneTimeToken | null> {
  const usable = await findUsableOneTimeToken(deps, purpose, value);
  if (!usable) return null;
  const now = deps.clock.now();
  const [consumed] = await deps.database
    .update(oneTimeToken)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeToken.id, usable.id),
        isNull(oneTimeToken.usedAt),
        gt(oneTimeToken.expiresAt, now),
      ),
    )
    .returning();
  return consumed ?? null;
}

/** Withdraws every unused token of a purpose, so only the newest link works. */
export async function revokeOneTimeTokens(
  deps: Pick<Deps, "database" | "clock">,
  options: { purpose: TokenPurpose; memberId?: number | null },
): Promise<void> {
  const memberCondition =
    options.memberId === undefined
      ? undefined
      : options.memberId === null
        ? isNull(oneTimeToken.memberId)
        : eq(oneTimeToken.memberId, options.memberId);
  await deps.database
    .update(oneTimeToken)
    .set({ usedAt: deps.clock.now() })
    .where(
      and(eq(oneTimeToken.purpose, options.purpose), isNull(oneTimeToken.usedAt), memberCondition),
    );
}

export async function deleteStaleOneTimeTokens(
  deps: Pick<Deps, "database" | "clock">,
): Promise<void> {
  await deps.database.delete(oneTimeToken).where(lt(oneTimeToken.expiresAt, deps.clock.now()));
}
