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
