import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { ClientMetadata } from "oidc-provider";
import type { Config } from "../config";
import { isLoopbackOrigin } from "../config";
import { oidcClient } from "../db/schema";
import type { Deps } from "../deps";

export type OidcClient = typeof oidcClient.$inferSelect;

/** What a client may ask for; `offline_access` brings a refresh token. */
export const supportedScopes = ["openid", "email", "profile", "offline_access"] as const;

export interface NewClient {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string | null;
  scopes?: string[];
  /** A public client (a single-page or native app) has no secret and must use PKCE. */
  publicClient?: boolean;
  firstParty?: boolean;
}

export type ClientProblem =
  | "name"
  | "redirect-uri"
  | "post-logout-redirect-uri"
  | "backchannel-logout-uri"
  | "scope";

/**
 * A client URI must be https, except http://127.0.0.1, localhost or [::1] outside production: a
 * developer's local service, and the test suite's relying party (RFC 8252 s7.3 allows loopback).
 * No fragment (OAuth 2.0 s3.1.2), no credentials.
 */
export function isAcceptableClientUri(config: Pick<Config, "environment">, value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.hash || url.username || url.password || value.length > 512) return false;
  if (url.protocol === "https:") return true;
  return config.environment !== "production" && isLoopbackOrigin(url);
}

export function checkNewClient(
  config: Pick<Config, "environment">,
  input: NewClient,
): ClientProblem | null {
  if (input.name.trim() === "" || input.name.length > 100) return "name";
  if (input.redirectUris.length === 0) return "redirect-uri";
  if (!input.redirectUris.every((uri) => isAcceptableClientUri(config, uri))) return "redirect-uri";
  if (!(input.postLogoutRedirectUris ?? []).every((uri) => isAcceptableClientUri(config, uri))) {
    return "post-logout-redirect-uri";
  }
  if (input.backchannelLogoutUri && !isAcceptableClientUri(config, input.backchannelLogoutUri)) {
    return "backchannel-logout-uri";
  }
  const scopes = input.scopes ?? [...supportedScopes];
  if (!scopes.includes("openid")) return "scope";
  if (!scopes.every((scope) => (supportedScopes as readonly string[]).includes(scope)))
    return "scope";
  return null;
}

function hashSecret(secret: string): Buffer {
  return createHash("sha256").update(secret).digest();
}

/**
 * Registers a client and answers its ID and, for a confidential client, the secret: shown once,
 * stored only as a SHA-256 hash (256 random bits need no password hashing).
 */
export async function registerClient(
  deps: Pick<Deps, "database" | "clock" | "config">,
  input: NewClient,
): Promise<
  | { ok: true; clientId: string; clientSecret: string | null }
  | { ok: false; problem: ClientProblem }
> {
  const problem = checkNewClient(deps.config, input);
  if (problem) return { ok: false, problem };
  const clientId = randomBytes(16).toString("base64url");
  const clientSecret = input.publicClient ? null : randomBytes(32).toString("base64url");
  await deps.database.insert(oidcClient).values({
    id: clientId,
    name: input.name.trim(),
    secretHash: clientSecret ? hashSecret(clientSecret) : null,
    redirectUris: JSON.stringify(input.redirectUris),
    postLogoutRedirectUris: JSON.stringify(input.postLogoutRedirectUris ?? []),
    backchannelLogoutUri: input.backchannelLogoutUri ?? null,
    allowedScopes: (input.scopes ?? [...supportedScopes]).join(" "),
    firstParty: input.firstParty ?? false,
    createdAt: deps.clock.now(),
  });
  return { ok: true, clientId, clientSecret };
}

export async function listClients(deps: Pick<Deps, "database">): Promise<OidcClient[]> {
  return deps.database.select().from(oidcClient).orderBy(asc(oidcClient.createdAt));
}

export async function findClient(
  deps: Pick<Deps, "database">,
  clientId: string,
): Promise<OidcClient | null> {
  const [row] = await deps.database
    .select()
    .from(oidcClient)
    .where(eq(oidcClient.id, clientId))
    .limit(1);
  return row ?? null;
}

/** Deleting a client ends every grant and token it holds (the rows expire unreachable). */
export async function deleteClient(
  deps: Pick<Deps, "database">,
  clientId: string,
): Promise<boolean> {
  const removed = await deps.database
    .delete(oidcClient)
    .where(eq(oidcClient.id, clientId))
    .returning();
  return removed.length > 0;
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function clientSecretMatches(
  storedHashBase64url: string,
  presented: string | undefined,
): boolean {
  if (!presented) return false;
  const expected = Buffer.from(storedHashBase64url, "base64url");
  const actual = hashSecret(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * The metadata oidc-provider validates and uses. `client_secret` carries the *hash*: the provider
 * only passes it to compareClientSecret (overridden in provider.ts), because HMAC algorithms and
 * client_secret_jwt, which would use it as a key, are switched off.
 */
export function clientMetadataOf(client: OidcClient): ClientMetadata {
  return {
    client_id: client.id,
    client_name: client.name,
    ...(client.secretHash
      ? {
          client_secret: client.secretHash.toString("base64url"),
          token_endpoint_auth_method: "client_secret_basic",
        }
      : { token_endpoint_auth_method: "none" }),
    redirect_uris: JSON.parse(client.redirectUris) as string[],
    post_logout_redirect_uris: JSON.parse(client.postLogoutRedirectUris) as string[],
    ...(client.backchannelLogoutUri
      ? {
          backchannel_logout_uri: client.backchannelLogoutUri,
          backchannel_logout_session_required: false,
        }
      : {}),
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    scope: client.allowedScopes,
    first_party: client.firstParty,
  };
}
