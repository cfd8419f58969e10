import { sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import type { Clock } from "../deps";

/** Every event a webhook endpoint can subscribe to. */
export const webhookEventTypes = [
  "member.password_changed",
  "member.reset_forced",
  "member.sessions_revoked",
  "member.password_breached",
  "member.passkey_added",
  "member.sign_in_unrecognised",
  "member.deleted",
  "incident.alert",
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number];
export type MemberEventType = Exclude<WebhookEventType, "incident.alert">;

/**
 * The event's own facts (a reason, a job ID, a scope): IDs and words only. Never a password, a
 * hash, a token or a link: an endpoint's log is not a place for credentials.
 */
export type EventFacts = Record<string, string | number | boolean | null>;

/**
 * Records one member event in the caller's transaction, so the event exists exactly when the
 * change it reports does (the transactional outbox, as src/mail/outbox.ts does for e-mail).
 */
export async function recordMemberEvent(
  database: Database,
  clock: Clock,
  event: { type: MemberEventType; memberId: number; facts?: EventFacts },
): Promise<void> {
  await recordMemberEvents(database, clock, {
    type: event.type,
    memberIds: [event.memberId],
    facts: event.facts,
  });
}

/**
 * Records the same event for many members with two set-based statements, however many there are
 * (a bulk reset of 100k members must not become 100k round trips). The member's `externalId` is
 * read here, in the same statement, so it is the one in force when the change happened. When no
 * enabled endpoint subscribes to the type, nothing is written at all.
 */
export async function recordMemberEvents(
  database: Database,
  clock: Clock,
  event: { type: MemberEventType; memberIds: readonly number[]; facts?: EventFacts },
): Promise<void> {
  if (event.memberIds.length === 0) return;
  if (!(await hasSubscribers(database, event.type))) return;
  const before = await lastEventId(database);
  const now = clock.now().getTime();
  // json_each turns one bound JSON array into rows: one statement and one parameter for any
  // number of members, where an IN list would need a statement per few hundred IDs.
  await database.run(sql`
    insert into webhook_event (message_id, type, member_id, external_id, data, created_at)
    select ${messageIdExpression}, ${event.type}, member.id, member.external_id,
      ${JSON.stringify(event.facts ?? {})}, ${now}
    from member
    where member.id in (select value from json_each(${JSON.stringify(event.memberIds)}))
    order by member.id`);
  await fanOutEventsAfter(database, before);
}

/**
 * Records a `member.deleted` event for members about to be deleted: call it in the deleting
 * transaction, before the rows go, so their `externalId` is still there to read.
 */
export async function recordMembersDeleted(
  database: Database,
  clock: Clock,
  memberIds: readonly number[],
  facts: EventFacts = {},
): Promise<void> {
  await recordMemberEvents(database, clock, { type: "member.deleted", memberIds, facts });
}

/** An incident alert (a sign-in spike, the mail relay failing): no member, the same facts. */
export async function recordIncidentAlert(
  database: Database,
  clock: Clock,
  facts: EventFacts,
): Promise<void> {
  if (!(await hasSubscribers(database, "incident.alert"))) return;
  const before = await lastEventId(database);
  await database.run(sql`
    insert into webhook_event (message_id, type, member_id, external_id, data, created_at)
    values (${messageIdExpression}, 'incident.alert', null, null, ${JSON.stringify(facts)},
      ${clock.now().getTime()})`);
  await fanOutEventsAfter(database, before);
}

// 128 random bits from the database itself, so set-based inserts need no value per row.
const messageIdExpression = sql`'msg_' || lower(hex(randomblob(16)))`;

/** Subscriptions are stored as a JSON array per endpoint; chat endpoints take alerts only. */
const subscribes = (type: ReturnType<typeof sql>) => sql`
  webhook_endpoint.status = 'enabled'
  and exists (select 1 from json_each(webhook_endpoint.events) where value = ${type})`;

async function hasSubscribers(database: Database, type: WebhookEventType): Promise<boolean> {
  const rows = await database.all<{ one: number }>(
    sql`select 1 as one from webhook_endpoint where ${subscribes(sql`${type}`)} limit 1`,
  );
  return rows.length > 0;
}

async function lastEventId(database: Database): Promise<number> {
  const [row] = await database.all<{ id: number }>(
    sql`select coalesce(max(id), 0) as id from webhook_event`,
  );
  return row?.id ?? 0;
}

/**
 * One delivery per new event and subscribed endpoint, due at once. Runs in the transaction that
 * wrote the events, which holds the write lock, so "after `before`" is those events.
 */
async function fanOutEventsAfter(database: Database, before: number): Promise<void> {
  await database.run(sql`
    insert into webhook_delivery (event_id, endpoint_id, member_id, status, attempts,
      next_attempt_at, created_at)
    select webhook_event.id, webhook_endpoint.id, webhook_event.member_id, 'pending', 0,
      webhook_event.created_at, webhook_event.created_at
    from webhook_event join webhook_endpoint on ${subscribes(sql`webhook_event.type`)}
    where webhook_event.id > ${before}
      -- Outside a transaction another recorder may have written (and fanned out) in between.
      and not exists (select 1 from webhook_delivery where event_id = webhook_event.id)
    order by webhook_event.id, webhook_endpoint.id`);
}
