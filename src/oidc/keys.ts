import { generateKeyPairSync, randomBytes } from "node:crypto";
import { and, asc, desc, eq, isNotNull, isNull, lt } from "drizzle-orm";
import { oidcKey } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";

export interface OidcKeyMaterial {
  /** Private JWKs, the active signing key first (oidc-provider signs with the first usable). */
  signingKeys: Record<string, unknown>[];
  /** Cookie-signing secrets, the newest first (older ones still verify). */
  cookieKeys: string[];
  /** Changes whenever a key is added or retired: the provider is rebuilt then. */
  version: string;
}

/**
 * How long a retired signing key stays published: the lifetime of the longest-lived token it can
 * have signed (ID tokens and logout tokens, one hour) plus the clock skew clients allow.
 */
export const retiredKeyRetentionInSeconds = 3600 + 300;

function newSigningKey(): { id: string; material: string } {
  const id = randomBytes(12).toString("base64url");
  // RS256 is the one algorithm every OpenID Connect client must accept (OIDC Core s15.1).
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: id, alg: "RS256", use: "sig" };
  return { id, material: JSON.stringify(jwk) };
}

function newCookieKey(): { id: string; material: string } {
  return {
    id: randomBytes(12).toString("base64url"),
    material: JSON.stringify(randomBytes(32).toString("base64url")),
  };
}

/** Creates the first signing and cookie keys when none exist (first start, or a fresh database). */
export async function ensureOidcKeys(deps: Pick<Deps, "database" | "clock">): Promise<void> {
  await runInTransaction(deps.database, async (database) => {
    for (const purpose of ["signing", "cookie"] as const) {
      const [active] = await database
        .select({ id: oidcKey.id })
        .from(oidcKey)
        .where(and(eq(oidcKey.purpose, purpose), isNull(oidcKey.retiredAt)))
        .limit(1);
      if (active) continue;
      const key = purpose === "signing" ? newSigningKey() : newCookieKey();
      await database.insert(oidcKey).values({ ...key, purpose, createdAt: deps.clock.now() });
    }
  });
}

/**
 * `rekey oidc keys rotate`: a new signing key signs from now on; the previous one is retired but
 * stays in the JWKS for {@link retiredKeyRetentionInSeconds}, so tokens it signed still verify.
 */
export async function rotateSigningKey(
  deps: Pick<Deps, "database" | "clock">,
): Promise<{ newKeyId: string; retiredKeyIds: string[] }> {
  const key = newSigningKey();
  const now = deps.clock.now();
  return runInTransaction(deps.database, async (database) => {
    const retired = await database
      .update(oidcKey)
      .set({ retiredAt: now })
      .where(and(eq(oidcKey.purpose, "signing"), isNull(oidcKey.retiredAt)))
      .returning({ id: oidcKey.id });
    await database.insert(oidcKey).values({ ...key, purpose: "signing", createdAt: now });
    return { newKeyId: key.id, retiredKeyIds: retired.map((row) => row.id) };
  });
}

/** Housekeeping: retired keys whose tokens have all expired leave the JWKS. */
export async function deleteExpiredOidcKeys(
  deps: Pick<Deps, "database" | "clock">,
): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - retiredKeyRetentionInSeconds * 1000);
  const removed = await deps.database
    .delete(oidcKey)
    .where(and(isNotNull(oidcKey.retiredAt), lt(oidcKey.retiredAt, cutoff)))
    .returning({ id: oidcKey.id });
  return removed.length;
}

export async function loadOidcKeys(deps: Pick<Deps, "database">): Promise<OidcKeyMaterial> {
  const rows = await deps.database
    .select()
    .from(oidcKey)
    // Active (unretired) first, then newest first.
    .orderBy(asc(oidcKey.retiredAt), desc(oidcKey.createdAt));
  const active = rows.filter((row) => row.retiredAt === null);
  const retired = rows.filter((row) => row.retiredAt !== null);
  const ordered = [...active, ...retired];
  return {
    signingKeys: ordered
      .filter((row) => row.purpose === "signing")
      .map((row) => JSON.parse(row.material) as Record<string, unknown>),
    cookieKeys: ordered
      .filter((row) => row.purpose === "cookie")
      .map((row) => JSON.parse(row.material) as string),
    version: ordered.map((row) => `${row.id}:${row.retiredAt?.getTime() ?? ""}`).join(","),
  };
}
