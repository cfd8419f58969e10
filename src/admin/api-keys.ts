import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { Database } from "../db/connection";
import { apiKey } from "../db/schema";
import type { Clock } from "../deps";
import { generateSplitToken, parseSplitToken, verifySecret } from "../tokens/split-token";
import { type ApiKeyScope, formatApiKeyScopes } from "./api-key-scopes";

export type ApiKey = typeof apiKey.$inferSelect;

// A recognisable prefix lets secret scanners find keys that leak into repositories or chats.
const keyPrefix = "rekey_";

/** Creates a key and answers its value, which is shown once and never stored. */
export async function createApiKey(
  database: Database,
  clock: Clock,
  options: {
    name: string;
    createdByMemberId: number | null;
    scopes: readonly ApiKeyScope[];
    /** Null: the key never expires. */
    expiresInDays: number | null;
  },
): Promise<{ key: ApiKey; value: string }> {
  const token = generateSplitToken();
  const now = clock.now();
  const [key] = await database
    .insert(apiKey)
    .values({
      id: token.id,
      name: options.name,
      secretHash: token.secretHash,
      createdByMemberId: options.createdByMemberId,
      createdAt: now,
      scopes: formatApiKeyScopes(options.scopes),
      expiresAt:
        options.expiresInDays === null
          ? null
          : new Date(now.getTime() + options.expiresInDays * 86_400_000),
    })
    .returning();
  if (!key) throw new Error("api key insert returned no row");
  return { key, value: `${keyPrefix}${token.value}` };
}

/** Checks a presented `Authorization: Bearer` value; revoked, expired and malformed keys fail alike. */
export async function authenticateApiKey(
  database: Database,
  clock: Clock,
  presented: string | undefined,
): Promise<ApiKey | null> {
  if (!presented?.startsWith(keyPrefix)) return null;
  const token = parseSplitToken(presented.slice(keyPrefix.length));
  if (!token) return null;
  const now = clock.now();
  const [key] = await database
    .select()
    .from(apiKey)
    .where(
      and(
        eq(apiKey.id, token.id),
        isNull(apiKey.revokedAt),
        or(isNull(apiKey.expiresAt), gt(apiKey.expiresAt, now)),
      ),
    )
    .limit(1);
  if (!key || !verifySecret(token.secret, key.secretHash)) return null;
  await database.update(apiKey).set({ lastUsedAt: now }).where(eq(apiKey.id, key.id));
  return key;
}

export async function revokeApiKey(
  database: Database,
  clock: Clock,
  id: string,
): Promise<ApiKey | null> {
  const [key] = await database
    .update(apiKey)
    .set({ revokedAt: clock.now() })
    .where(and(eq(apiKey.id, id), isNull(apiKey.revokedAt)))
    .returning();
  return key ?? null;
}

export async function listApiKeys(database: Database): Promise<ApiKey[]> {
  return database.select().from(apiKey).orderBy(desc(apiKey.createdAt));
}

export function isValidApiKeyName(name: string): boolean {
  return /^[\p{L}\p{N} ._-]{1,64}$/u.test(name);
}
