import { and, asc, count, desc, eq, gt, inArray, isNotNull, lt, lte, or, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { reusePreparedStatement } from "../db/prepared";
import { outboxMessage } from "../db/schema";
import type { Clock } from "../deps";
import type { Language } from "../i18n";
import { type RenderedEmail, renderEmail } from "./render";
import { composeEmail, type EmailTemplate } from "./templates";

export type OutboxMessage = typeof outboxMessage.$inferSelect;
export type OutboxStatus = OutboxMessage["status"];

export interface QueuedEmail {
  /** The same event must always produce the same key, e.g. `email-verification:<token id>`. */
  idempotencyKey: string;
  memberId: number | null;
  recipient: string;
  language: Language;
  template: EmailTemplate;
  headers?: Record<string, string>;
}

/**
 * Queues an e-mail. Call it with the transaction that makes the change the e-mail reports, so
 * both land or neither does. A second call with the same key queues nothing.
 */
export async function queueEmail(
  database: Database,
  clock: Clock,
  email: QueuedEmail,
): Promise<{ queued: boolean }> {
  const queued = await queueEmails(database, clock, [email]);
  return { queued: queued > 0 };
}

/** Queues many e-mails at once (a bulk reset queues thousands a second); answers how many were new. */
export async function queueEmails(
  database: Database,
  clock: Clock,
  emails: QueuedEmail[],
): Promise<number> {
  const insert = reusePreparedStatement(database, "outbox-message.insert", () =>
    database
      .insert(outboxMessage)
      .values({
        idempotencyKey: sql.placeholder("idempotencyKey"),
        kind: sql.placeholder("kind"),
        memberId: sql.placeholder("memberId"),
        recipient: sql.placeholder("recipient"),
        language: sql.placeholder("language") as never,
        subject: sql.placeholder("subject"),
        template: sql.placeholder("template"),
        headers: sql.placeholder("headers"),
        nextAttemptAt: sql.placeholder("now"),
        createdAt: sql.placeholder("now"),
      })
      .onConflictDoNothing({ target: outboxMessage.idempotencyKey })
      .prepare(),
  );
  const now = clock.now();
  let queued = 0;
  for (const email of emails) {
    // The count of changed rows, not RETURNING: reading rows back costs a bulk reset 40% more.
    const inserted = await insert.run({
      idempotencyKey: email.idempotencyKey,
      kind: email.template.kind,
      memberId: email.memberId,
      recipient: email.recipient,
      language: email.language,
      subject: composeEmail(email.template, email.language).subject,
      template: JSON.stringify(email.template),
      headers: email.headers ? JSON.stringify(email.headers) : null,
      now,
    });
    queued += inserted.changes;
  }
  return queued;
}

/**
 * Leases up to `limit` due messages to one worker: pending ones whose time has come, and ones
 * whose lease ran out because a worker died mid-send. The single UPDATE is atomic, so two
 * workers never claim the same message.
 */
export async function claimDueMessages(
  database: Database,
  options: { workerId: string; now: Date; leaseInSeconds: number; limit: number },
): Promise<OutboxMessage[]> {
  const due = database
    .select({ id: outboxMessage.id })
    .from(outboxMessage)
    .where(
      or(
        and(eq(outboxMessage.status, "pending"), lte(outboxMessage.nextAttemptAt, options.now)),
        and(eq(outboxMessage.status, "sending"), lte(outboxMessage.leaseExpiresAt, options.now)),
      ),
    )
    .orderBy(asc(outboxMessage.nextAttemptAt), asc(outboxMessage.id))
    .limit(options.limit);
  const claimed = await database
    .update(outboxMessage)
    .set({
      status: "sending",
      leaseOwner: options.workerId,
      leaseExpiresAt: new Date(options.now.getTime() + options.leaseInSeconds * 1000),
      attempts: sqlIncrement(),
    })
    .where(inArray(outboxMessage.id, due))
    .returning();
  return claimed.sort((a, b) => a.id - b.id);
}

/**
 * Extends this worker's lease on one message just before it goes to the relay, and answers
 * whether the worker still owns it. A lease that ran out while the worker was busy with the
 * rest of its batch may already belong to another worker, which will send the message
 * itself: the conditional UPDATE is the only check that cannot race with that takeover.
 */
export async function renewMessageLease(
  database: Database,
  message: OutboxMessage,
  options: { now: Date; leaseInSeconds: number },
): Promise<boolean> {
  const renewed = await database
    .update(outboxMessage)
    .set({ leaseExpiresAt: new Date(options.now.getTime() + options.leaseInSeconds * 1000) })
    .where(
      and(
        eq(outboxMessage.id, message.id),
        eq(outboxMessage.status, "sending"),
        eq(outboxMessage.leaseOwner, message.leaseOwner ?? ""),
        gt(outboxMessage.leaseExpiresAt, options.now),
      ),
    )
    .returning({ id: outboxMessage.id });
  return renewed.length > 0;
}

export async function markMessageSent(
  database: Database,
  message: OutboxMessage,
  now: Date,
): Promise<void> {
  // The template data may hold a link token: once delivered, the outbox keeps only metadata.
  await database
    .update(outboxMessage)
    .set({
      status: "sent",
      sentAt: now,
      template: null,
      leaseOwner: null,
      leaseExpiresAt: null,
      lastError: null,
    })
    .where(
      and(eq(outboxMessage.id, message.id), eq(outboxMessage.leaseOwner, message.leaseOwner ?? "")),
    );
}

export async function markMessageAttemptFailed(
  database: Database,
  message: OutboxMessage,
  outcome: { error: string; retryAt: Date | null },
): Promise<void> {
  const final = outcome.retryAt === null;
  await database
    .update(outboxMessage)
    .set({
      status: final ? "failed" : "pending",
      // Like a sent message, a finally failed one keeps no link token (reset, verification,
      // reminder links): only its metadata and error stay for the administrator.
      ...(final && holdsLink(message.template) ? { template: null } : {}),
      nextAttemptAt: outcome.retryAt ?? message.nextAttemptAt,
      lastError: outcome.error.slice(0, 500),
      leaseOwner: null,
      leaseExpiresAt: null,
    })
    .where(
      and(eq(outboxMessage.id, message.id), eq(outboxMessage.leaseOwner, message.leaseOwner ?? "")),
    );
}

/** Gives messages a worker claimed but did not reach back to the queue (graceful stop). */
export async function releaseMessages(
  database: Database,
  messages: OutboxMessage[],
): Promise<void> {
  for (const message of messages) {
    await database
      .update(outboxMessage)
      .set({
        status: "pending",
        leaseOwner: null,
        leaseExpiresAt: null,
        attempts: message.attempts - 1,
      })
      .where(
        and(
          eq(outboxMessage.id, message.id),
          eq(outboxMessage.leaseOwner, message.leaseOwner ?? ""),
        ),
      );
  }
}

/**
 * Re-queues every failed message that still has its body with a fresh attempt budget; answers
 * how many. One whose links were removed at its final failure cannot be sent again: its member
 * asks for a new link (forgot password, resend verification) or an administrator issues one.
 */
export async function retryFailedMessages(database: Database, now: Date): Promise<number> {
  const retried = await database
    .update(outboxMessage)
    .set({ status: "pending", attempts: 0, nextAttemptAt: now, lastError: null })
    .where(and(eq(outboxMessage.status, "failed"), isNotNull(outboxMessage.template)))
    .returning({ id: outboxMessage.id });
  return retried.length;
}

export async function countMessagesByStatus(
  database: Database,
): Promise<Record<OutboxStatus, number>> {
  const rows = await database
    .select({ status: outboxMessage.status, total: count() })
    .from(outboxMessage)
    .groupBy(outboxMessage.status);
  const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status] = row.total;
  return counts;
}

/**
 * Messages not yet sent, by status: a range over the status index that stays small, where
 * counting sent messages would walk every message ever queued.
 */
export async function countUnsentMessages(
  database: Database,
): Promise<Record<Exclude<OutboxStatus, "sent">, number>> {
  const rows = await database
    .select({ status: outboxMessage.status, total: count() })
    .from(outboxMessage)
    .where(inArray(outboxMessage.status, ["pending", "sending", "failed"]))
    .groupBy(outboxMessage.status);
  const counts = { pending: 0, sending: 0, failed: 0 };
  for (const row of rows) if (row.status !== "sent") counts[row.status] = row.total;
  return counts;
}

export async function listFailedMessages(
  database: Database,
  limit: number,
): Promise<OutboxMessage[]> {
  return database
    .select()
    .from(outboxMessage)
    .where(eq(outboxMessage.status, "failed"))
    .orderBy(desc(outboxMessage.id))
    .limit(limit);
}

/**
 * When the longest-waiting due message became due, or null when none waits: a walk to the
 * first entry of the due index, cheap enough for the metrics refresh.
 */
export async function findOldestPendingDueAt(database: Database): Promise<Date | null> {
  const [oldest] = await database
    .select({ nextAttemptAt: outboxMessage.nextAttemptAt })
    .from(outboxMessage)
    .where(eq(outboxMessage.status, "pending"))
    .orderBy(asc(outboxMessage.nextAttemptAt))
    .limit(1);
  return oldest?.nextAttemptAt ?? null;
}

/**
 * Messages waiting for another attempt after a failed one, soonest first: with their last
 * error and next attempt, what /admin/mail shows long before they run out of attempts.
 */
export async function listRetryingMessages(
  database: Database,
  limit: number,
): Promise<OutboxMessage[]> {
  return database
    .select()
    .from(outboxMessage)
    .where(and(eq(outboxMessage.status, "pending"), isNotNull(outboxMessage.lastError)))
    .orderBy(asc(outboxMessage.nextAttemptAt), asc(outboxMessage.id))
    .limit(limit);
}

/**
 * The newest messages first, optionally only those whose recipient contains `recipient`, and
 * only those older than `beforeId` (keyset paging).
 */
export async function listRecentMessages(
  database: Database,
  limit: number,
  filter: { recipient?: string; beforeId?: number } = {},
): Promise<OutboxMessage[]> {
  const escaped = filter.recipient?.replace(/[\\%_]/g, (character) => `\\${character}`);
  return database
    .select()
    .from(outboxMessage)
    .where(
      and(
        escaped ? sql`${outboxMessage.recipient} like ${`%${escaped}%`} escape '\\'` : undefined,
        filter.beforeId ? lt(outboxMessage.id, filter.beforeId) : undefined,
      ),
    )
    .orderBy(desc(outboxMessage.id))
    .limit(limit);
}

/** The message as it is sent: subject, text and HTML; null once delivered and cleared. */
export function renderOutboxMessage(
  message: Pick<OutboxMessage, "template" | "language">,
): RenderedEmail | null {
  if (!message.template) return null;
  const template = JSON.parse(message.template) as EmailTemplate;
  return renderEmail(composeEmail(template, message.language), message.language);
}

export async function findMessage(
  database: Database,
  id: number,
): Promise<OutboxMessage | undefined> {
  const [row] = await database
    .select()
    .from(outboxMessage)
    .where(eq(outboxMessage.id, id))
    .limit(1);
  return row;
}

/**
 * Whether a template holds any link. Every kind of link is counted, not only the token-bearing
 * ones: templates gain links over time, and a list of "harmless" kinds would go stale silently.
 */
function holdsLink(template: string | null): boolean {
  // Any JSON string value, however deep, that starts with a scheme.
  return template !== null && /"https?:\/\//i.test(template);
}

function sqlIncrement() {
  return sql`${outboxMessage.attempts} + 1`;
}
