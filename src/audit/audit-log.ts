import type { Database } from "../db/connection";
import { auditEvent } from "../db/schema";
import type { Clock } from "../deps";

export type AuditEvent = typeof auditEvent.$inferSelect;

/** Who acted: a signed-in administrator, an API key, or an operator at the command line. */
export type AuditActor =
  | { kind: "member"; memberId: number; loginId: string }
  | { kind: "api-key"; apiKeyId: string; name: string; scope: string }
  | { kind: "cli" };

/**
 * Records an administrator action. Pass the transaction that makes the change, so the record
 * and the change land together. Details hold counts and IDs, never secrets.
 */
export async function recordAuditEvent(
  database: Database,
  clock: Clock,
  event: { actor: AuditActor; action: string; details: Record<string, unknown> },
): Promise<void> {
  await database.insert(auditEvent).values({
    actorMemberId: event.actor.kind === "member" ? event.actor.memberId : null,
    actorApiKeyId: event.actor.kind === "api-key" ? event.actor.apiKeyId : null,
    actorLabel:
      event.actor.kind === "member"
        ? event.actor.loginId
        : event.actor.kind === "api-key"
          ? `api-key:${event.actor.name}`
          : "cli",
    action: event.action,
    // Which of the key's scopes allowed the action, so a review sees what each key is used for.
    details: JSON.stringify(
      event.actor.kind === "api-key"
        ? { ...event.details, apiKeyScope: event.actor.scope }
        : event.details,
    ),
    createdAt: clock.now(),
  });
}
