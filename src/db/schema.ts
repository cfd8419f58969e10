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
    /**
     * The last time the member proved control of the current address (followed a link sent to
     * it: verification, a reset, a confirmation). Passkeys enrolled from a password-only session
     * after this moment are the ones a forced reset suspends.
     */
    emailProvenAt: integer({ mode: "timestamp_ms" }),
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
    /**
     * The member's ID in the service rekey protects (set by an import or the members API): unique,
     * carried in webhooks and used as the OpenID Connect `sub` so the service keeps its own keys.
     */
    externalId: text(),
    /** The name the member is greeted by (imported, or edited by the member); optional. */
    displayName: text(),
    /**
     * Set when the service closed the account (members API): no sign-in by any method, no
     * session, until it is reactivated. The row stays so the externalId keeps its history.
     */
    deactivatedAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [
    uniqueIndex("member_login_id_unique").on(table.loginId),
    uniqueIndex("member_external_id_unique").on(table.externalId),
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
    /**
     * When the member last proved who they are with a passkey (sign-in or re-authentication);
     * an operator can require this to be recent for the admin console.
     */
    passkeyAuthenticatedAt: integer({ mode: "timestamp_ms" }),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    ipAddress: text(),
    userAgent: text(),
  },
  (table) => [
    index("session_member_id_index").on(table.memberId),
    index("session_expires_at_index").on(table.expiresAt),
  ],
);

/**
 * Every e-mail address change that landed. A forced reset soon after a change sends its link to
 * the address the member had before (an attacker who moved the address must not receive it),
 * and the previous address's "undo" link restores it; `undoneAt` marks changes it reversed.
 */
export const emailChange = sqliteTable(
  "email_change",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    memberId: integer()
      .notNull()
      .references(() => member.id, { onDelete: "cascade" }),
    previousEmail: text().notNull(),
    newEmail: text().notNull(),
    changedAt: integer({ mode: "timestamp_ms" }).notNull(),
    undoneAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [index("email_change_member_changed_at_index").on(table.memberId, table.changedAt)],
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
 * "Forgot password" requests waiting for the reset-request worker. Every admitted request adds
 * one row, whether or not the identifier belongs to a member, so a request for a real ID does
 * the same work as one for an unknown ID; the worker issues the link (or drops the row) later.
 * No typed identifier is kept, and `memberId` has no foreign key on purpose: the check it would
 * add runs only for known IDs. The worker skips rows whose member has gone.
 */
export const resetRequest = sqliteTable("reset_request", {
  id: integer().primaryKey({ autoIncrement: true }),
  memberId: integer(),
  requestedAt: integer({ mode: "timestamp_ms" }).notNull(),
});

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
    /** "preparing" while the list is stored, a chunk per transaction: no worker claims it yet. */
    status: text({ enum: ["preparing", "pending", "running", "completed"] })
      .notNull()
      .default("pending"),
    total: integer().notNull(),
    processed: integer().notNull().default(0),
    matched: integer().notNull().default(0),
    unknown: integer().notNull().default(0),
    alreadyPending: integer().notNull().default(0),
    duplicates: integer().notNull().default(0),
    /** Matched members whose e-mail address changed within the window: their link goes to the previous one. */
    recentEmailChanges: integer().notNull().default(0),
    /** Set when the list came from a combo-list scan: the member's e-mail and page say so. */
    comboScanId: integer(),
    /**
     * "exclude-unlisted" (an operator's list): administrators in it are set apart and reset only
     * if named in `includedAdministratorIds` (JSON array), and the operator who created or started
     * the job never is. "include": a list the member or the system chose (a reset of one).
     */
    administratorPolicy: text({ enum: ["include", "exclude-unlisted"] })
      .notNull()
      .default("include"),
    includedAdministratorIds: text().notNull().default("[]"),
    /** Administrators (and the operator's own account) the job set apart. */
    administratorsExcluded: integer().notNull().default(0),
    /** The dry run's figures (JSON), kept when the same job is started for real. */
    dryRunFigures: text(),
    /** No foreign key: ALTER TABLE cannot add one with ON DELETE SET NULL. */
    startedByMemberId: integer(),
    /** The number of e-mails the operator confirmed when starting the job. */
    confirmedEmails: integer(),
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
      enum: [
        "pending",
        "reset",
        "would-reset",
        "unknown",
        "already-pending",
        "duplicate",
        "administrator",
        "self",
      ],
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
  /** Space-separated scopes (src/admin/api-key-scopes.ts); a key holds none unless granted. */
  scopes: text().notNull().default(""),
  /** After this the key is refused like a revoked one; null: it never expires. */
  expiresAt: integer({ mode: "timestamp_ms" }),
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

/**
 * A member's WebAuthn user handle: 32 random bytes rather than the member ID, so an
 * authenticator learns nothing about the account (WebAuthn L3 s14.6.1). It stays the same across
 * enrolments, so re-enrolling one authenticator replaces its old credential instead of adding one.
 */
export const passkeyUserHandle = sqliteTable(
  "passkey_user_handle",
  {
    memberId: integer()
      .primaryKey()
      .references(() => member.id, { onDelete: "cascade" }),
    userHandle: blob({ mode: "buffer" }).notNull(),
  },
  (table) => [uniqueIndex("passkey_user_handle_unique").on(table.userHandle)],
);

export const passkey = sqliteTable(
  "passkey",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    memberId: integer()
      .notNull()
      .references(() => member.id, { onDelete: "cascade" }),
    credentialId: blob({ mode: "buffer" }).notNull(),
    /** COSE-encoded public key as the authenticator sent it. */
    publicKey: blob({ mode: "buffer" }).notNull(),
    /** Signature counter; 0 for authenticators that never count (most synced passkeys). */
    counter: integer().notNull(),
    /** Comma-separated AuthenticatorTransport hints ("internal,hybrid"), passed back to browsers. */
    transports: text().notNull().default(""),
    /** "multiDevice" passkeys may be synced to other devices; "singleDevice" ones never leave theirs. */
    deviceType: text({ enum: ["singleDevice", "multiDevice"] }).notNull(),
    backedUp: integer({ mode: "boolean" }).notNull(),
    aaguid: text().notNull(),
    name: text().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    lastUsedAt: integer({ mode: "timestamp_ms" }),
    /**
     * The second proof behind the enrolment: "passkey" (the session had a recent passkey
     * proof), "email" (a link sent to the member's address, or a reset's grant) or "password"
     * (a password alone, which an attacker replaying a leaked list also holds).
     */
    enrolmentProof: text({ enum: ["passkey", "email", "password"] })
      .notNull()
      .default("password"),
    /** Null while the passkey waits for the member to confirm it from their e-mail. */
    confirmedAt: integer({ mode: "timestamp_ms" }),
    /** Set by a forced reset; a suspended passkey signs nothing in until the member keeps it. */
    suspendedAt: integer({ mode: "timestamp_ms" }),
    /** Where the passkey was enrolled from, shown when the member reviews it after a reset. */
    enrolledIpAddress: text(),
    enrolledUserAgent: text(),
  },
  (table) => [
    uniqueIndex("passkey_credential_id_unique").on(table.credentialId),
    index("passkey_member_id_index").on(table.memberId),
  ],
);

/**
 * WebAuthn challenges are kept here, not in the browser: single-use (taken by a delete), short-
 * lived, and bound to the session that asked for them or, before sign-in, to a hashed cookie.
 */
export const passkeyChallenge = sqliteTable(
  "passkey_challenge",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    purpose: text({ enum: ["registration", "authentication", "reauthentication"] }).notNull(),
    /** base64url, as it appears in clientDataJSON. */
    challenge: text().notNull(),
    sessionId: text().references(() => session.id, { onDelete: "cascade" }),
    /** SHA-256 of the pre-authentication cookie, for sign-in ceremonies that have no session. */
    browserBindingHash: blob({ mode: "buffer" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("passkey_challenge_session_index").on(table.sessionId, table.purpose),
    index("passkey_challenge_binding_index").on(table.browserBindingHash, table.purpose),
    index("passkey_challenge_expires_at_index").on(table.expiresAt),
  ],
);

/** The member's answer to "add a passkey?" nudges. No row means never asked. */
export const passkeyNudge = sqliteTable("passkey_nudge", {
  memberId: integer()
    .primaryKey()
    .references(() => member.id, { onDelete: "cascade" }),
  askAgainAt: integer({ mode: "timestamp_ms" }),
  declinedAt: integer({ mode: "timestamp_ms" }),
});

/**
 * Every sign-in attempt, whatever its result (ASVS 16.3.1), for the attack view, spike
 * detection, the member's activity page and incident investigation. Never the password nor
 * anything derived from it; the identifier only as a keyed hash, since people type passwords
 * into the ID field. Events outlive a deleted member's ID as attack evidence until retention.
 */
export const signInEvent = sqliteTable(
  "sign_in_event",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    occurredAt: integer({ mode: "timestamp_ms" }).notNull(),
    method: text({
      enum: ["password", "reauthentication", "passkey", "passkey-reauthentication", "reset-link"],
    }).notNull(),
    result: text({
      enum: [
        "success",
        "wrong-password",
        "unknown-id",
        "invalid-input",
        "throttled",
        "blocked",
        "challenge-failed",
        // The account waits for a reset (or its password just proved breached): no session.
        "reset-required",
        // A passkey was presented but its signature, account or counter did not verify.
        "invalid-passkey",
      ],
    }).notNull(),
    memberId: integer().references(() => member.id, { onDelete: "set null" }),
    identifierKind: text({ enum: ["login-id", "email", "other"] }).notNull(),
    identifierHash: blob({ mode: "buffer" }),
    ipAddress: text(),
    /** 16 bytes (IPv4 mapped into IPv6), so a CIDR range is an index range scan. */
    ipBytes: blob({ mode: "buffer" }),
    /** The /24 or /56 network, as text ("203.0.113.0/24"). */
    networkPrefix: text(),
    userAgent: text(),
  },
  (table) => [
    index("sign_in_event_occurred_at_index").on(table.occurredAt),
    index("sign_in_event_ip_bytes_index").on(table.ipBytes, table.occurredAt),
    index("sign_in_event_member_index").on(table.memberId, table.occurredAt),
  ],
);

/** Sign-in counts per minute, so charts and spike baselines never scan the event log. */
export const signInMinute = sqliteTable("sign_in_minute", {
  /** Minutes since the Unix epoch. */
  minute: integer().primaryKey(),
  attempts: integer().notNull(),
  successes: integer().notNull(),
  /** Throttled, blocked or failed challenge: turned away before any password check. */
  rejected: integer().notNull(),
});

/** Token buckets as GCRA: one timestamp per key, updated by one upsert per check. */
export const rateBucket = sqliteTable("rate_bucket", {
  key: text().primaryKey(),
  /** The theoretical arrival time: the bucket is full again at this instant. */
  readyAt: integer({ mode: "timestamp_ms" }).notNull(),
  /** Whether the latest check was admitted, read back by the same upsert. */
  admitted: integer({ mode: "boolean" }).notNull(),
});

/** Password attempts per account key (identifier hash or device cookie), for the delay. */
export const accountThrottle = sqliteTable("account_throttle", {
  key: blob({ mode: "buffer" }).primaryKey(),
  /** Attempts admitted since the last success; a success deletes the row. */
  attempts: integer().notNull(),
  lastAttemptAt: integer({ mode: "timestamp_ms" }).notNull(),
  admitted: integer({ mode: "boolean" }).notNull(),
});

export const sourceBlock = sqliteTable(
  "source_block",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    cidr: text().notNull(),
    rangeStart: blob({ mode: "buffer" }).notNull(),
    rangeEnd: blob({ mode: "buffer" }).notNull(),
    reason: text().notNull(),
    origin: text({ enum: ["manual", "import", "automatic"] }).notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    /** Null blocks until removed; automatic blocks always expire. */
    expiresAt: integer({ mode: "timestamp_ms" }),
    createdBy: integer().references(() => member.id, { onDelete: "set null" }),
    hits: integer().notNull().default(0),
    lastHitAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [
    uniqueIndex("source_block_cidr_unique").on(table.cidr),
    index("source_block_expires_at_index").on(table.expiresAt),
  ],
);

export const defenceAlert = sqliteTable(
  "defence_alert",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** A credential-stuffing spike, or the mail relay failing for MAIL_RELAY_ALERT_MINUTES. */
    kind: text({
      enum: ["attempt-rate", "failure-ratio", "mail-relay", "slow-wave", "webhook-endpoint"],
    }).notNull(),
    raisedAt: integer({ mode: "timestamp_ms" }).notNull(),
    /** Extended while the condition lasts; the admin banner shows recent ones. */
    lastSeenAt: integer({ mode: "timestamp_ms" }).notNull(),
    /** What was measured against what baseline, as JSON. */
    details: text().notNull(),
  },
  (table) => [
    index("defence_alert_kind_index").on(table.kind, table.raisedAt),
    index("defence_alert_last_seen_index").on(table.lastSeenAt),
  ],
);

/** One row: the shared secret and the under-attack mode, the same for every instance. */
export const defenceState = sqliteTable("defence_state", {
  id: integer().primaryKey(),
  /** Keys identifier hashes, device cookies and proof-of-work challenges. */
  secret: blob({ mode: "buffer" }).notNull(),
  underAttackMode: text({ enum: ["automatic", "on", "off"] })
    .notNull()
    .default("automatic"),
  /** Set by an alert: automatic under-attack mode lasts until then. */
  underAttackUntil: integer({ mode: "timestamp_ms" }),
});

/** Solved proof-of-work challenges, kept until they expire so none is used twice. */
export const proofOfWorkUse = sqliteTable(
  "proof_of_work_use",
  {
    signature: text().primaryKey(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("proof_of_work_use_expires_at_index").on(table.expiresAt)],
);

/** Background work is claimed with a lease, so two processes never do the same work. */
export const lease = sqliteTable("lease", {
  name: text().primaryKey(),
  holder: text().notNull(),
  expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
});

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

/**
 * A count of the member base for the admin dashboard, made range by range by a leased
 * background job: reading it costs one row, where counting a million members per page view
 * would cost seconds. The newest completed row is what the dashboard shows.
 */
export const memberCensus = sqliteTable(
  "member_census",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    startedAt: integer({ mode: "timestamp_ms" }).notNull(),
    completedAt: integer({ mode: "timestamp_ms" }),
    /** Members up to this id are counted; the census ends at lastMemberId. */
    countedThroughId: integer().notNull(),
    lastMemberId: integer().notNull(),
    /** CensusFigures as JSON. */
    figures: text().notNull(),
  },
  (table) => [index("member_census_completed_at_index").on(table.completedAt)],
);

/**
 * The operator's overrides of policies (src/settings/definitions.ts): one row per overridden
 * setting, its value as JSON. A setting without a row follows its environment variable.
 */
export const setting = sqliteTable("setting", {
  name: text().primaryKey(),
  value: text().notNull(),
  updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
  updatedByMemberId: integer().references(() => member.id, { onDelete: "set null" }),
});

/**
 * One row (id 1) counting changes to `setting`: every instance polls this one row to learn,
 * cheaply, that its cached settings are out of date.
 */
export const settingRevision = sqliteTable("setting_revision", {
  id: integer().primaryKey(),
  revision: integer().notNull(),
  updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
});

/**
 * One row (id 1) the readiness probe rewrites every few seconds: a write that fails here
 * (disk full, read-only file, lock held too long) takes the instance out of the load balancer.
 */
export const writeProbe = sqliteTable("write_probe", {
  id: integer().primaryKey(),
  probedAt: integer({ mode: "timestamp_ms" }).notNull(),
});

/**
 * `Idempotency-Key` requests to the admin API (draft-ietf-httpapi-idempotency-key-header):
 * scoped to the API key that sent them and the kind of job, with a hash of the body so the same
 * key with a different body is refused. `jobId` stays null while the first request is storing
 * its job; a second request with the key then gets 409.
 */
export const idempotencyKey = sqliteTable(
  "idempotency_key",
  {
    id: integer().primaryKey(),
    apiKeyId: text()
      .notNull()
      .references(() => apiKey.id, { onDelete: "cascade" }),
    jobKind: text().notNull(),
    key: text().notNull(),
    requestHash: blob({ mode: "buffer" }).notNull(),
    jobId: integer(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    uniqueIndex("idempotency_key_scope_index").on(table.apiKeyId, table.jobKind, table.key),
    index("idempotency_key_created_at_index").on(table.createdAt),
  ],
);

// ---------------------------------------------------------------------------------------------
// Slow-wave detection (issue 23): signals of a slow, distributed credential-stuffing wave,
// measured per five-minute bucket from the sign-in event log by a leased job (src/defence/waves).
// ---------------------------------------------------------------------------------------------

/**
 * The counts behind the wave signals for one five-minute bucket of primary sign-ins (password
 * and passkey alike). Baselines are learnt from these rows, never from the raw log.
 */
export const waveBucket = sqliteTable("wave_bucket", {
  /** Minutes since the Unix epoch of the bucket's start (a multiple of five). */
  startMinute: integer().primaryKey(),
  /** Attempts that reached a check: every result but throttled, blocked or challenge-failed. */
  attempts: integer().notNull(),
  unknownIds: integer().notNull(),
  /** Attempts from an address no sign-in ever succeeded from, on an ID it tried only once. */
  freshAddressSingleTries: integer().notNull(),
  /** Successes from a user agent the member never signed in with before. */
  newDeviceSuccesses: integer().notNull(),
  /** ...of which no failure on the member from the same address came in the half-hour before. */
  newDeviceFirstTrySuccesses: integer().notNull(),
  /** Attempts on members with at least three earlier successes (whose usual hours are known). */
  habitualAttempts: integer().notNull(),
  /** ...of which came more than an hour away from every earlier success's time of day. */
  offHourAttempts: integer().notNull(),
  distinctUserAgents: integer().notNull(),
  /** Distinct /16 (IPv4) or /32 (IPv6) networks. */
  distinctNetworks: integer().notNull(),
  resetRequired: integer().notNull(),
  /** Measured while a wave was open: left out of the baseline, so a wave is not learnt. */
  duringWave: integer({ mode: "boolean" }).notNull().default(false),
});

/** Progress of the bucket job (one row, id 1), so every instance continues where one stopped. */
export const waveProgress = sqliteTable("wave_progress", {
  id: integer().primaryKey(),
  /** Buckets that start before this minute are measured. */
  measuredBeforeMinute: integer().notNull(),
});

/** A detected wave: when it began, what showed it, and how long it lasted. */
export const waveDetection = sqliteTable(
  "wave_detection",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** The start of the earliest window whose signals tripped: the estimated onset. */
    onsetAt: integer({ mode: "timestamp_ms" }).notNull(),
    detectedAt: integer({ mode: "timestamp_ms" }).notNull(),
    /** The end of the last bucket in which signals still tripped. */
    lastSeenAt: integer({ mode: "timestamp_ms" }).notNull(),
    /** Set once no signal tripped for the quiet period; null while the wave is open. */
    endedAt: integer({ mode: "timestamp_ms" }),
    /** The tripped signals with their figures and baselines, as JSON (WaveEvidence[]). */
    evidence: text().notNull(),
    /** Distinct IDs tried since the onset, as of the last evaluation. */
    identifiersTouched: integer().notNull(),
  },
  (table) => [index("wave_detection_last_seen_index").on(table.lastSeenAt)],
);

/**
 * Successful sign-ins that match a wave's pattern: from an address no sign-in had succeeded
 * from, with a user agent new to the member, at the first try. The investigation lists the
 * members of those inside a wave's window.
 */
export const waveSuspectSignIn = sqliteTable(
  "wave_suspect_sign_in",
  {
    eventId: integer().primaryKey(),
    memberId: integer()
      .notNull()
      .references(() => member.id, { onDelete: "cascade" }),
    occurredAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("wave_suspect_sign_in_occurred_at_index").on(table.occurredAt)],
);

// ---------------------------------------------------------------------------------------------
// Webhooks (issue 20 "Events out", issue 24 chat alerts): endpoints, the events recorded in the
// transaction of the change they report, and one delivery per event and subscribed endpoint.

/**
 * Where events go. A "standard" endpoint gets Standard Webhooks requests signed with its
 * secret; a "chat" endpoint (Slack/Mattermost incoming webhook) gets `{"text": ...}` for
 * incident alerts only, and has no secret.
 */
export const webhookEndpoint = sqliteTable("webhook_endpoint", {
  id: integer().primaryKey({ autoIncrement: true }),
  kind: text({ enum: ["standard", "chat"] }).notNull(),
  url: text().notNull(),
  description: text().notNull().default(""),
  /** The language of a chat channel's messages. */
  language: text({ enum: ["en", "ja"] })
    .notNull()
    .default("en"),
  /** `whsec_` + base64: the signing key, needed in clear to sign (shown once at creation). */
  secret: text(),
  /** The secret before the last rotation, still signing (as a second signature) until then. */
  previousSecret: text(),
  previousSecretExpiresAt: integer({ mode: "timestamp_ms" }),
  /** The event types it subscribes to, as a JSON array of strings. */
  events: text().notNull(),
  status: text({ enum: ["enabled", "disabled"] })
    .notNull()
    .default("enabled"),
  /** Why it was disabled: by an administrator, or after failing for too long. */
  disabledReason: text({ enum: ["administrator", "failing"] }),
  disabledAt: integer({ mode: "timestamp_ms" }),
  /** When the current run of failed attempts began; null after a success. */
  failingSince: integer({ mode: "timestamp_ms" }),
  createdAt: integer({ mode: "timestamp_ms" }).notNull(),
});

/**
 * Something that happened, recorded in the same transaction as the change it reports (the
 * transactional outbox): never a password, token or link, only IDs and facts.
 */
export const webhookEvent = sqliteTable(
  "webhook_event",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** The Standard Webhooks `webhook-id`: the same for every attempt and every endpoint. */
    messageId: text().notNull(),
    type: text().notNull(),
    /** No foreign key: a `member.deleted` event outlives its member. */
    memberId: integer(),
    externalId: text(),
    /** The event's own fields as JSON (reason, job, scope...), merged into `data`. */
    data: text().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    uniqueIndex("webhook_event_message_id_unique").on(table.messageId),
    index("webhook_event_created_at_index").on(table.createdAt),
  ],
);

/** One event on its way to one endpoint: leased to one worker at a time, retried with backoff. */
export const webhookDelivery = sqliteTable(
  "webhook_delivery",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    eventId: integer()
      .notNull()
      .references(() => webhookEvent.id, { onDelete: "cascade" }),
    endpointId: integer()
      .notNull()
      .references(() => webhookEndpoint.id, { onDelete: "cascade" }),
    /** Copied from the event: deliveries of one member reach one endpoint in order. */
    memberId: integer(),
    status: text({ enum: ["pending", "sending", "delivered", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer({ mode: "timestamp_ms" }).notNull(),
    leaseOwner: text(),
    leaseExpiresAt: integer({ mode: "timestamp_ms" }),
    /** The endpoint's HTTP status at the last attempt; null when no answer came. */
    lastStatusCode: integer(),
    lastError: text(),
    lastAttemptAt: integer({ mode: "timestamp_ms" }),
    deliveredAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (table) => [
    index("webhook_delivery_due_index").on(table.status, table.nextAttemptAt),
    index("webhook_delivery_order_index").on(
      table.endpointId,
      table.memberId,
      table.status,
      table.id,
    ),
    index("webhook_delivery_log_index").on(table.endpointId, table.id),
    index("webhook_delivery_event_index").on(table.eventId),
  ],
);

// ---------------------------------------------------------------------------------------------
// Member import (issue 20, "Members in"): one row per import run, its checkpoint and its bad rows.

/**
 * An import of a service's existing members (CLI, admin API or console). `linesCommitted` is
 * the checkpoint, written in the transaction that stores each batch, so a run that dies resumes
 * after the last stored line; `fileFingerprint` (SHA-256 of the file) recognises the same file.
 */
export const memberImport = sqliteTable(
  "member_import",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    source: text({ enum: ["cli", "api", "console"] }).notNull(),
    fileName: text(),
    fileFingerprint: text(),
    /** The options the run was started with (JSON), so a resume applies the same ones. */
    options: text().notNull(),
    status: text({ enum: ["running", "finished"] }).notNull(),
    linesCommitted: integer().notNull().default(0),
    created: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    storedAsIs: integer().notNull().default(0),
    wrapped: integer().notNull().default(0),
    withoutPassword: integer().notNull().default(0),
    markedResetRequired: integer().notNull().default(0),
    setPasswordLinksQueued: integer().notNull().default(0),
    rejected: integer().notNull().default(0),
    startedAt: integer({ mode: "timestamp_ms" }).notNull(),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
    finishedAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [index("member_import_fingerprint_index").on(table.fileFingerprint)],
);

/** A row the import refused, by line number; never the row itself (it may hold a hash). */
export const memberImportProblem = sqliteTable(
  "member_import_problem",
  {
    importId: integer()
      .notNull()
      .references(() => memberImport.id, { onDelete: "cascade" }),
    lineNumber: integer().notNull(),
    message: text().notNull(),
  },
  (table) => [primaryKey({ columns: [table.importId, table.lineNumber] })],
);

// ---------------------------------------------------------------------------------------------
// Combo-list scans (issue 22): which members' passwords are in a leaked identifier:password list.
// Never a password, an identifier from the list or a raw line: counts, member IDs and outcomes.
// ---------------------------------------------------------------------------------------------

/** One scan of one list, from the admin page, the API or `rekey scan`. */
export const comboScan = sqliteTable(
  "combo_scan",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** The operator's name for the list (the file name unless they gave one). */
    name: text().notNull(),
    fileName: text().notNull(),
    fileBytes: integer().notNull(),
    /**
     * Where the list waits while it is scanned: a spool in the data folder for uploads (deleted
     * at the end), or the operator's own file for `rekey scan` (never deleted). Null once gone.
     */
    filePath: text(),
    ownsFile: integer({ mode: "boolean" }).notNull(),
    /** How lines are read (JSON): null for separator lines, CSV column positions otherwise. */
    csvLayout: text(),
    source: text({ enum: ["web", "cli", "api"] }).notNull(),
    createdByMemberId: integer().references(() => member.id, { onDelete: "set null" }),
    createdByApiKeyId: text(),
    /** "preparing" while the upload is spooled and cut into segments: no worker claims it. */
    status: text({
      enum: ["preparing", "running", "completed", "failed", "cancelled", "interrupted"],
    }).notNull(),
    /** Set when a worker finds the list cannot be read any more (why the scan failed). */
    problem: text(),
    /** Member counts per outcome, filled when the scan completes (or stops with partial results). */
    currentExposed: integer().notNull().default(0),
    oldExposed: integer().notNull().default(0),
    notExposed: integer().notNull().default(0),
    /** The dry-run bulk reset the results were handed to, if any. */
    bulkResetJobId: integer(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    finishedAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [index("combo_scan_status_index").on(table.status, table.id)],
);

/**
 * A byte range of the list, claimed with a lease by one worker, which parses, matches and
 * verifies its lines: two workers never verify the same pair, and a crashed worker's segment
 * is taken over from its start when the lease runs out.
 */
export const comboScanSegment = sqliteTable(
  "combo_scan_segment",
  {
    scanId: integer()
      .notNull()
      .references(() => comboScan.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    startByte: integer().notNull(),
    endByte: integer().notNull(),
    /** The list's line number (from 1) of the segment's first line, for malformed-line reports. */
    firstLine: integer().notNull(),
    status: text({ enum: ["pending", "done"] }).notNull(),
    leaseOwner: text(),
    leaseExpiresAt: integer({ mode: "timestamp_ms" }),
    lines: integer().notNull().default(0),
    malformed: integer().notNull().default(0),
    /** Up to a few line numbers of malformed lines, as a JSON array. */
    malformedSample: text().notNull().default("[]"),
    /** Pairs whose identifier is a member's: these went to password verification. */
    matched: integer().notNull().default(0),
    verified: integer().notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.scanId, table.position] }),
    index("combo_scan_segment_claim_index").on(table.scanId, table.status, table.leaseExpiresAt),
  ],
);

/** One member found in a list, with the worst outcome over their pairs (2 current, 1 old, 0 none). */
export const comboScanMember = sqliteTable(
  "combo_scan_member",
  {
    scanId: integer()
      .notNull()
      .references(() => comboScan.id, { onDelete: "cascade" }),
    memberId: integer()
      .notNull()
      .references(() => member.id, { onDelete: "cascade" }),
    exposure: integer().notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.scanId, table.memberId] }),
    index("combo_scan_member_exposure_index").on(table.scanId, table.exposure),
  ],
);

// ---------------------------------------------------------------------------------------------
// OpenID Connect provider (issue 21): clients, the provider's stored objects, keys, subjects and
// the back-channel logout queue. src/oidc/ is the only reader and writer of these tables.
// ---------------------------------------------------------------------------------------------

/** A relying party registered by an administrator (console or CLI). */
export const oidcClient = sqliteTable("oidc_client", {
  /** The public `client_id`. */
  id: text().primaryKey(),
  name: text().notNull(),
  /** SHA-256 of the secret, which is shown once at registration; null for a public client. */
  secretHash: blob({ mode: "buffer" }),
  /** JSON arrays of exact URIs: redirect URIs are compared as whole strings. */
  redirectUris: text().notNull(),
  postLogoutRedirectUris: text().notNull(),
  backchannelLogoutUri: text(),
  /** Space-separated scopes the client may ask for (always within openid email profile ...). */
  allowedScopes: text().notNull(),
  /** The operator's own service: no consent page. */
  firstParty: integer({ mode: "boolean" }).notNull(),
  createdAt: integer({ mode: "timestamp_ms" }).notNull(),
});

/**
 * Everything oidc-provider persists (sessions, interactions, grants, codes, access and refresh
 * tokens), one row each. The key is a SHA-256 of the object's ID, because for opaque tokens the
 * ID is the bearer token itself; `memberId` lets rekey end a member's grants with one delete.
 */
export const oidcStoredObject = sqliteTable(
  "oidc_stored_object",
  {
    kind: text().notNull(),
    idHash: text().notNull(),
    grantId: text(),
    sessionUid: text(),
    memberId: integer().references(() => member.id, { onDelete: "cascade" }),
    payload: text().notNull(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    consumedAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [
    primaryKey({ columns: [table.kind, table.idHash] }),
    index("oidc_stored_object_grant_id_index").on(table.grantId),
    index("oidc_stored_object_session_uid_index").on(table.sessionUid),
    index("oidc_stored_object_member_id_index").on(table.memberId),
    index("oidc_stored_object_expires_at_index").on(table.expiresAt),
  ],
);

/**
 * Keys generated by rekey: the newest signing key signs, retired ones stay published in the JWKS
 * until every token they signed has expired; cookie keys sign the provider's own cookies.
 */
export const oidcKey = sqliteTable(
  "oidc_key",
  {
    id: text().primaryKey(),
    purpose: text({ enum: ["signing", "cookie"] }).notNull(),
    /** The private JWK (signing) or random secret (cookie), as JSON. */
    material: text().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    retiredAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [index("oidc_key_purpose_index").on(table.purpose)],
);

/** The `sub` every client sees for a member, fixed at their first OpenID Connect sign-in. */
export const oidcSubject = sqliteTable("oidc_subject", {
  memberId: integer()
    .primaryKey()
    .references(() => member.id, { onDelete: "cascade" }),
  subject: text().notNull().unique(),
});

/** Back-channel logout tokens to deliver: queued when rekey ends a member's sessions. */
export const oidcBackchannelLogout = sqliteTable(
  "oidc_backchannel_logout",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    clientId: text()
      .notNull()
      .references(() => oidcClient.id, { onDelete: "cascade" }),
    subject: text().notNull(),
    sessionId: text(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    nextAttemptAt: integer({ mode: "timestamp_ms" }).notNull(),
    attempts: integer().notNull().default(0),
    leaseHolder: text(),
    leaseExpiresAt: integer({ mode: "timestamp_ms" }),
    lastError: text(),
    deliveredAt: integer({ mode: "timestamp_ms" }),
  },
  (table) => [
    index("oidc_backchannel_logout_due_index").on(table.deliveredAt, table.nextAttemptAt),
  ],
);

// --- Incident follow-through (issue 24): what happened after a bulk reset's e-mail went out ---

/**
 * One row per member a bulk reset reached and who then did something the job page follows: opened
 * the reset link (GET only shows the form, so this is "seen", not "used"), or was sent the link
 * again by an operator. What the outbox, the member and the passkey tables already record
 * (e-mailed, delivered, bounced, new password, passkey) is read from there instead.
 */
export const bulkResetFollowUp = sqliteTable(
  "bulk_reset_follow_up",
  {
    jobId: integer()
      .notNull()
      .references(() => bulkResetJob.id, { onDelete: "cascade" }),
    memberId: integer()
      .notNull()
      .references(() => member.id, { onDelete: "cascade" }),
    linkOpenedAt: integer({ mode: "timestamp_ms" }),
    resentAt: integer({ mode: "timestamp_ms" }),
    resendCount: integer().notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.jobId, table.memberId] })],
);
