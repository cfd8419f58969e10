/**
 * What an API key may do. A key gets only the scopes its maker chose (least privilege, ASVS
 * 4.1.3), so a leaked read-only key cannot force resets on thousands of members:
 * - `bulk-reset`: start bulk resets (and read their progress);
 * - `investigation`: ask which members signed in from given sources (personal data);
 * - `read-only`: read bulk-reset jobs and combo-list scan results, nothing else;
 * - `members`: import members and create, update, deactivate or delete them by externalId;
 * - `combo-scan`: upload combo lists to scan (and read their results).
 */
export const apiKeyScopes = [
  "bulk-reset",
  "investigation",
  "read-only",
  "members",
  "combo-scan",
] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (apiKeyScopes as readonly string[]).includes(value);
}

/** The stored form: space-separated, as OAuth writes scopes (RFC 6749 s3.3). */
export function formatApiKeyScopes(scopes: readonly ApiKeyScope[]): string {
  return apiKeyScopes.filter((scope) => scopes.includes(scope)).join(" ");
}

export function parseApiKeyScopes(stored: string): ApiKeyScope[] {
  return stored.split(" ").filter(isApiKeyScope);
}

/** Longest lifetime one may choose; an operator wanting more chooses "never expires". */
export const maximumApiKeyLifetimeInDays = 3650;

/** "" means never; otherwise whole days from 1 to the maximum; anything else is invalid. */
export function parseApiKeyLifetime(value: string): { days: number | null } | null {
  if (value.trim() === "") return { days: null };
  const days = Number(value.trim());
  return Number.isInteger(days) && days >= 1 && days <= maximumApiKeyLifetimeInDays
    ? { days }
    : null;
}
