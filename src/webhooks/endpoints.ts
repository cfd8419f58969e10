import { randomBytes } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log";
import type { Database } from "../db/connection";
import { webhookEndpoint } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import type { Language } from "../i18n";
import { type WebhookEventType, webhookEventTypes } from "./events";

export type WebhookEndpoint = typeof webhookEndpoint.$inferSelect;
export type EndpointKind = WebhookEndpoint["kind"];

/** After a rotation the old secret keeps signing (as a second signature) this long. */
export const previousSecretValidityInHours = 24;

/** Chat channels take incident alerts only: member events would flood a channel. */
export const chatEventTypes: readonly WebhookEventType[] = ["incident.alert"];

export interface EndpointInput {
  kind: EndpointKind;
  url: URL;
  description: string;
  events: readonly string[];
  language: Language;
}

/** A new signing secret in the Standard Webhooks form: `whsec_` and 256 random bits in base64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Parses a form's URL: http(s) only, no user name or password in it (they would be logged). */
export function parseEndpointUrl(value: string): URL | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password || value.length > 2000) return null;
  return url;
}

/** Keeps known event types; a chat channel gets alerts only, whatever was asked. */
export function normaliseEventTypes(kind: EndpointKind, requested: readonly string[]) {
  const known = webhookEventTypes.filter((type) => requested.includes(type));
  return kind === "chat" ? [...chatEventTypes] : known;
}

/**
 * Creates an endpoint; answers it with its secret, which the console shows this once (the
 * database keeps it, since signing needs it in clear, but no page shows it again).
 */
export async function createEndpoint(
  deps: Pick<Deps, "database" | "clock">,
  input: EndpointInput,
  actor: AuditActor,
): Promise<{ endpoint: WebhookEndpoint; secret: string | null }> {
  const secret = input.kind === "standard" ? generateWebhookSecret() : null;
  return runInTransaction(deps.database, async (database) => {
    const [endpoint] = await database
      .insert(webhookEndpoint)
      .values({
        kind: input.kind,
        url: input.url.href,
        description: input.description.slice(0, 200),
        language: input.language,
        secret,
        events: JSON.stringify(normaliseEventTypes(input.kind, input.events)),
        createdAt: deps.clock.now(),
      })
      .returning();
    if (!endpoint) throw new Error("endpoint insert returned no row");
    await audit(database, deps, actor, "webhook.endpoint-created", endpoint);
    return { endpoint, secret };
  });
}

export async function updateEndpointEvents(
  deps: Pick<Deps, "database" | "clock">,
  endpoint: WebhookEndpoint,
  events: readonly string[],
  actor: AuditActor,
): Promise<void> {
  const kept = normaliseEventTypes(endpoint.kind, events);
  await runInTransaction(deps.database, async (database) => {
    await database
      .update(webhookEndpoint)
      .set({ events: JSON.stringify(kept) })
      .where(eq(webhookEndpoint.id, endpoint.id));
    await audit(database, deps, actor, "webhook.endpoint-events-changed", endpoint, {
      events: kept,
    });
  });
}

/**
 * A new secret; the previous one keeps signing for 24 hours, so receivers that still hold it
 * verify every message while they switch (Standard Webhooks: several signatures per header).
 */
export async function rotateEndpointSecret(
  deps: Pick<Deps, "database" | "clock">,
  endpoint: WebhookEndpoint,
  actor: AuditActor,
): Promise<string> {
  if (endpoint.kind !== "standard") throw new TypeError("only signed endpoints have a secret");
  const secret = generateWebhookSecret();
  const expiresAt = new Date(deps.clock.now().getTime() + previousSecretValidityInHours * 3600_000);
  await runInTransaction(deps.database, async (database) => {
    await database
      .update(webhookEndpoint)
      .set({ secret, previousSecret: endpoint.secret, previousSecretExpiresAt: expiresAt })
      .where(eq(webhookEndpoint.id, endpoint.id));
    await audit(database, deps, actor, "webhook.secret-rotated", endpoint);
  });
  return secret;
}

export async function setEndpointEnabled(
  deps: Pick<Deps, "database" | "clock">,
  endpoint: WebhookEndpoint,
  enabled: boolean,
  actor: AuditActor,
): Promise<void> {
  await runInTransaction(deps.database, async (database) => {
    await database
      .update(webhookEndpoint)
      .set(
        enabled
          ? { status: "enabled", disabledReason: null, disabledAt: null, failingSince: null }
          : { status: "disabled", disabledReason: "administrator", disabledAt: deps.clock.now() },
      )
      .where(eq(webhookEndpoint.id, endpoint.id));
    const action = enabled ? "webhook.endpoint-enabled" : "webhook.endpoint-disabled";
    await audit(database, deps, actor, action, endpoint);
  });
}

/** Removes the endpoint with its deliveries (cascade). */
export async function deleteEndpoint(
  deps: Pick<Deps, "database" | "clock">,
  endpoint: WebhookEndpoint,
  actor: AuditActor,
): Promise<void> {
  await runInTransaction(deps.database, async (database) => {
    await database.delete(webhookEndpoint).where(eq(webhookEndpoint.id, endpoint.id));
    await audit(database, deps, actor, "webhook.endpoint-deleted", endpoint);
  });
}

export async function listEndpoints(database: Database): Promise<WebhookEndpoint[]> {
  return database.select().from(webhookEndpoint).orderBy(desc(webhookEndpoint.id));
}

export async function findEndpoint(
  database: Database,
  id: number,
): Promise<WebhookEndpoint | undefined> {
  const [row] = await database
    .select()
    .from(webhookEndpoint)
    .where(eq(webhookEndpoint.id, id))
    .limit(1);
  return row;
}

export function subscribedEvents(endpoint: Pick<WebhookEndpoint, "events">): WebhookEventType[] {
  return JSON.parse(endpoint.events) as WebhookEventType[];
}

/**
 * The URL as the console and the audit log show it: a chat channel's URL carries its secret
 * in the path (Slack, Mattermost), so only its origin is ever shown after creation.
 */
export function displayedUrl(endpoint: Pick<WebhookEndpoint, "kind" | "url">): string {
  if (endpoint.kind === "standard") return endpoint.url;
  return `${new URL(endpoint.url).origin}/…`;
}

async function audit(
  database: Database,
  deps: Pick<Deps, "clock">,
  actor: AuditActor,
  action: string,
  endpoint: WebhookEndpoint,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await recordAuditEvent(database, deps.clock, {
    actor,
    action,
    details: {
      endpointId: endpoint.id,
      kind: endpoint.kind,
      url: displayedUrl(endpoint),
      ...extra,
    },
  });
}
