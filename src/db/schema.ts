import {
  blob,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

// Every change here goes through `npm run db:generate`; landed migrations are never edited.

export const member = sqliteTable(
  "member",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** Lower-case ASCII; never an e-mail address, so the two sign-in namespaces cannot collide. */
    loginId: text().notNull(),
    /** Lower-cased for uniqueness and lookup. */
    email: text().notNull(),
    emailVerifiedAt: integer({ mode: "timestamp_ms" }),
    /** argon2id PHC string; null once a member has gone passwordless. */
    passwordHash: text(),
    passwordChangedAt: integer({ mode: "timestamp_ms" }),
    role: text({ enum: ["member", "admin"] })
      .notNull()
      .default("member"),
    language: text({ enum: ["en", "ja"] }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    /**
     * Set when the password must be replaced before it works again (a bulk reset, or a breached
     * password seen at sign-in): password sign-in then only shows the neutral reset page.
     */
    resetRequiredAt: integer({ mode: "timestamp_ms" }),
    resetReason: text(),
    resetJobId: integer(),
    /**
     * What the last check of the password found (at sign-in, the only moment the server sees
     * it): never the password, only the verdict, its reasons and the corpus version used.
     */
    passwordHealth: text({ enum: ["ok", "weak", "similar", "breached"] }),
    passwordHealthReasons: text(),
    passwordCheckedAt: integer({ mode: "timestamp_ms" }),
    passwordCheckCorpusVersion: text(),
  },
  (table) => [
    uniqueIndex("member_login_id_unique").on(table.loginId),
    uniqueIndex("member_email_unique").on(table.email),
    index("member_role_index").on(table.role),
    index("member_password_health_index").on(table.passwordHealth),
    // Rotation reminders follow changes to these two columns through keyset cursors.
    index("member_password_changed_at_index").on(table.passwordChangedAt),
    index("member_password_checked_at_index").on(table.passwordCheckedAt),
  ],
);

export const session = sqliteTable(
  "session",
  {
    /** Public half of the cookie token; the secret half is stored only as a SHA-256 hash. */
    id: text().primaryKey(),
    memberId: integer()
      .notNull()
      .references(() => member.id, { onDelete: "cascade" }),
    secretHash: blob({ mode: "buffer" }).notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer({ mode: "timestamp_ms" }).notNull(),
    /** When the member last proved who they are (sign-in or re-authentication). */
    authenticatedAt: integer({ mode: "timestamp_ms" }).notNull(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    ipAddress: text(),
    userAgent: text(),
  },
  (table) => [
    index("session_member_id_index").on(table.memberId),
    index("session_expires_at_index").on(table.expiresAt),
  ],
);

/** Single-use links (first-admin setup, e-mail verification, resets): only a hash is kept. */
export const oneTimeToken = sqliteTable(
  "one_time_token",
  {
    id: text().primaryKey(),
    purpose: text().notNull(),
    memberId: integer().references(() => member.id, { onDelete: "cascade" }),
    secretHash: blob({ mode: "buffer" }).notNull(),
    /** Purpose-specific data, such as the address an e-mail change is waiting to confirm. */
    payload: text(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    usedAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [
    index("one_time_token_member_purpose_index").on(table.memberId, table.purpose),
    index("one_time_token_expires_at_index").on(table.expiresAt),
  ],
);

/**
 * The transactional outbox: a message is written in the same transaction as the change that
 * causes it and delivered later by a worker that leases it.
 */
export const outboxMessage = sqliteTable(
  "outbox_message",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** One event queues one message, however often it is reported. */
    idempotencyKey: text().notNull(),
    kind: text().notNull(),
    memberId: integer().references(() => member.id, { onDelete: "set null" }),
    recipient: text().notNull(),
    language: text({ enum: ["en", "ja"] }).notNull(),
    subject: text().notNull(),
    /**
     * The template and its data as JSON, rendered at delivery: far smaller than rendered bodies
     * when a bulk reset queues 100k messages. Cleared once sent, since it can hold a link token.
     */
    template: text(),
    /** Extra headers as JSON, such as List-Unsubscribe (RFC 8058). */
    headers: text(),
    status: text({ enum: ["pending", "sending", "sent", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer({ mode: "timestamp_ms" }).notNull(),
    leaseOwner: text(),
    leaseExpiresAt: integer({ mode: "timestamp_ms" }),
    lastError: text(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    sentAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [
    uniqueIndex("outbox_message_idempotency_key_unique").on(table.idempotencyKey),
    index("outbox_message_due_index").on(table.status, table.nextAttemptAt),
    index("outbox_message_lease_index").on(table.status, table.leaseExpiresAt),
  ],
);

/** A bulk reset: one admin action over a list of IDs, processed durably in batches. */
export const bulkResetJob = sqliteTable(
  "bulk_reset_job",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    reason: text().notNull(),
    source: text({ enum: ["web", "cli", "api"] }).notNull(),
    createdByMemberId: integer().references(() => member.id, { onDelete: "set null" }),
    createdByApiKeyId: text(),
    dryRun: integer({ mode: "boolean" }).notNull(),
    revokeSessions: integer({ mode: "boolean" }).notNull(),
    invalidatePassword: integer({ mode: "boolean" }).notNull(),
    notifyMembers: integer({ mode: "boolean" }).notNull(),
    status: text({ enum: ["pending", "running", "completed"] })
      .notNull()
      .default("pending"),
    total: integer().notNull(),
    processed: integer().notNull().default(0),
    matched: integer().notNull().default(0),
    unknown: integer().notNull().default(0),
    alreadyPending: integer().notNull().default(0),
    duplicates: integer().notNull().default(0),
    leaseOwner: text(),
    leaseExpiresAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    startedAt: integer({ mode: "timestamp_ms" }),
    finishedAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [index("bulk_reset_job_status_index").on(table.status, table.id)],
);

export const bulkResetItem = sqliteTable(
  "bulk_reset_item",
  {
    jobId: integer()
      .notNull()
      .references(() => bulkResetJob.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    identifier: text().notNull(),
    memberId: integer(),
    outcome: text({
      enum: ["pending", "reset", "would-reset", "unknown", "already-pending", "duplicate"],
    })
      .notNull()
      .default("pending"),
  },
  (table) => [
    primaryKey({ columns: [table.jobId, table.position] }),
    index("bulk_reset_item_outcome_index").on(table.jobId, table.outcome, table.position),
    index("bulk_reset_item_member_index").on(table.jobId, table.memberId),
  ],
);

/** Keys for incident tooling (the bulk-reset API); only a hash of the secret is kept. */
export const apiKey = sqliteTable("api_key", {
  id: text().primaryKey(),
  name: text().notNull(),
  secretHash: blob({ mode: "buffer" }).notNull(),
  createdByMemberId: integer().references(() => member.id, { onDelete: "set null" }),
  createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  lastUsedAt: integer({ mode: "timestamp_ms" }),
  revokedAt: integer({ mode: "timestamp_ms" }),
});

/** Who did what, when: every administrator action, from the web, the CLI or the API. */
export const auditEvent = sqliteTable(
  "audit_event",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    actorMemberId: integer().references(() => member.id, { onDelete: "set null" }),
    actorApiKeyId: text(),
    /** "cli" when an operator acted from a shell, where there is no signed-in member. */
    actorLabel: text().notNull(),
    action: text().notNull(),
    details: text().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("audit_event_created_at_index").on(table.createdAt),
    index("audit_event_action_index").on(table.action, table.createdAt),
  ],
);

/** Hashes of a member's recent passwords, so a change cannot go back to one of them. */
export const passwordHistory = sqliteTable(
  "password_history",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    memberId: integer()
      .notNull()
      .references(() => member.id, { onDelete: "cascade" }),
    passwordHash: text().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("password_history_member_index").on(table.memberId, table.id)],
);

/** The operator's reminder policy: one row (id 1); defaults apply until it is first saved. */
export const reminderPolicy = sqliteTable("reminder_policy", {
  id: integer().primaryKey(),
  riskReminders: integer({ mode: "boolean" }).notNull(),
  /** Null turns age reminders off. */
  ageReminderAfterDays: integer(),
  repeatEveryDays: integer().notNull(),
  maximumReminders: integer().notNull(),
  /** Local hours in REKEY_TIME_ZONE; the end is exclusive, and a start after the end wraps midnight. */
  sendWindowStartHour: integer().notNull(),
  sendWindowEndHour: integer().notNull(),
  updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
  updatedByMemberId: integer().references(() => member.id, { onDelete: "set null" }),
});

/**
 * Where each member stands with rotation reminders. The scheduler finds due reminders through
 * the (reason, nextReminderAt) index and leases a row before it sends, so two processes never
 * send the same reminder.
 */
export const reminderState = sqliteTable(
  "reminder_state",
  {
    memberId: integer()
      .primaryKey()
      .references(() => member.id, { onDelete: "cascade" }),
    /** Why the next reminder is planned; null when none is. */
    reason: text({ enum: ["risk", "age"] }),
    nextReminderAt: integer({ mode: "timestamp_ms" }),
    /** The member's passwordChangedAt when this cadence began: when it moves, the member acted. */
    cycleStartedAt: integer({ mode: "timestamp_ms" }),
    sentCount: integer().notNull().default(0),
    lastSentAt: integer({ mode: "timestamp_ms" }),
    snoozedUntil: integer({ mode: "timestamp_ms" }),
    unsubscribedAt: integer({ mode: "timestamp_ms" }),
    leaseOwner: text(),
    leaseExpiresAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [
    index("reminder_state_due_index").on(table.reason, table.nextReminderAt),
    index("reminder_state_last_sent_index").on(table.lastSentAt),
    index("reminder_state_snoozed_index").on(table.snoozedUntil),
    index("reminder_state_unsubscribed_index").on(table.unsubscribedAt),
  ],
);

/**
 * The two links of one reminder ("remind me in 30 days", unsubscribe), each a 256-bit secret of
 * which only a SHA-256 hash is kept. One row per reminder, so old messages' links keep working
 * until they expire.
 */
export const reminderLink = sqliteTable(
  "reminder_link",
  {
    /**
     * Sequential, so a day's reminders append to the table rather than scatter over a random
     * index; it only finds the row, the secret authenticates (as in a split token).
     */
    id: integer().primaryKey(),
    // No index on member_id: links are found by ID and expire within 60 days.
    memberId: integer()
      .notNull()
      .references(() => member.id, { onDelete: "cascade" }),
    snoozeSecretHash: blob({ mode: "buffer" }).notNull(),
    unsubscribeSecretHash: blob({ mode: "buffer" }).notNull(),
    /** The member's passwordChangedAt when sent: a snooze is for that password only. */
    cycleStartedAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    /** Set when the snooze link is used: it works once. Unsubscribing can be repeated. */
    snoozedAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [index("reminder_link_created_at_index").on(table.createdAt)],
);

/**
 * The scheduler's shared progress (one row, id 1): the planning cursors and the rate budget of
 * the current minute, in the database so every process honours the same limit.
 */
export const reminderScheduler = sqliteTable("reminder_scheduler", {
  id: integer().primaryKey(),
  /** Members with a greater ID are still to be planned (0 after a policy change: re-plan all). */
  sweepAfterMemberId: integer().notNull().default(0),
  changedAfterAt: integer({ mode: "timestamp_ms" }).notNull(),
  changedAfterMemberId: integer().notNull().default(0),
  checkedAfterAt: integer({ mode: "timestamp_ms" }).notNull(),
  checkedAfterMemberId: integer().notNull().default(0),
  rateWindowStartedAt: integer({ mode: "timestamp_ms" }),
  rateWindowCount: integer().notNull().default(0),
});
