import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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
  },
  (table) => [
    uniqueIndex("member_login_id_unique").on(table.loginId),
    uniqueIndex("member_email_unique").on(table.email),
    index("member_role_index").on(table.role),
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
    method: text({ enum: ["password", "reauthentication", "passkey", "reset-link"] }).notNull(),
    result: text({
      enum: [
        "success",
        "wrong-password",
        "unknown-id",
        "invalid-input",
        "throttled",
        "blocked",
        "challenge-failed",
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
    kind: text({ enum: ["attempt-rate", "failure-ratio"] }).notNull(),
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
