import { eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { forEachInListChunk, inListSlots, reusePreparedStatement } from "../db/prepared";
import { member, memberImport, memberImportProblem } from "../db/schema";
import type { ImportRow } from "./import-row";

/** A checked row whose password is ready to store (`storedHash` null: none given). */
export interface ReadyRow extends ImportRow {
  storedHash: string | null;
  passwordKind: "none" | "as-is" | "wrap";
  resetReason: string | null;
}

export interface LineProblem {
  lineNumber: number;
  message: string;
}

export interface BatchCounts {
  created: number;
  updated: number;
  storedAsIs: number;
  wrapped: number;
  withoutPassword: number;
  markedResetRequired: number;
  rejected: number;
}

/** An existing member this batch marked reset-required: the reset must evict whoever holds it. */
export interface NewlyResetRequired {
  id: number;
  reason: string;
}

/** What a stored batch created, for the set-password links. */
export interface CreatedMember {
  id: number;
  loginId: string;
  email: string;
  language: "en" | "ja" | null;
  hasPassword: boolean;
}

/**
 * Stores one batch in the caller's transaction, set-based: one query finds the members the rows
 * touch, one upsert keyed by externalId writes them, and the import's checkpoint moves to
 * `lastLine` in the same transaction, so a resumed run neither skips nor repeats a row.
 * A row whose login ID or e-mail belongs to another member is reported, not stored.
 */
export async function storeImportBatch(
  database: Database,
  options: {
    /** The import whose checkpoint and problems this batch updates; null for a single API upsert. */
    importId: number | null;
    rows: ReadyRow[];
    problems: LineProblem[];
    lastLine: number;
    now: Date;
  },
): Promise<{
  counts: BatchCounts;
  created: CreatedMember[];
  problems: LineProblem[];
  newlyResetRequired: NewlyResetRequired[];
}> {
  const problems = [...options.problems];
  const touched = await findTouchedMembers(database, options.rows);
  const rows = withoutConflicts(options.rows, touched, problems);
  const existing = new Set(touched.map((row) => row.externalId));
  // Members already here and not yet awaiting a reset, whom this batch marks reset-required.
  const newlyResetRequired: NewlyResetRequired[] = [];
  for (const row of rows) {
    if (row.resetReason === null) continue;
    const before = touched.find((member) => member.externalId === row.externalId);
    if (before && before.resetRequiredAt === null)
      newlyResetRequired.push({ id: before.id, reason: row.resetReason });
  }
  const created: CreatedMember[] = [];
  const upsert = preparedUpsert(database);
  for (const row of rows) {
    const written = await upsert.get(valuesOf(row, options.now));
    if (!written) throw new Error("member upsert returned no row");
    if (!existing.has(row.externalId))
      created.push({ ...written, hasPassword: written.passwordHash !== null });
  }
  const updatedCount = rows.filter((row) => existing.has(row.externalId)).length;
  const counts: BatchCounts = {
    created: rows.length - updatedCount,
    updated: updatedCount,
    storedAsIs: rows.filter((row) => row.passwordKind === "as-is").length,
    wrapped: rows.filter((row) => row.passwordKind === "wrap").length,
    withoutPassword: rows.filter((row) => row.passwordKind === "none").length,
    markedResetRequired: rows.filter((row) => row.resetReason !== null).length,
    rejected: problems.length,
  };
  const importId = options.importId;
  if (importId === null) return { counts, created, problems, newlyResetRequired };
  if (problems.length > 0) {
    await database
      .insert(memberImportProblem)
      .values(problems.map((problem) => ({ importId, ...problem })))
      .onConflictDoNothing();
  }
  await database
    .update(memberImport)
    .set({
      linesCommitted: options.lastLine,
      updatedAt: options.now,
      created: sql`${memberImport.created} + ${counts.created}`,
      updated: sql`${memberImport.updated} + ${counts.updated}`,
      storedAsIs: sql`${memberImport.storedAsIs} + ${counts.storedAsIs}`,
      wrapped: sql`${memberImport.wrapped} + ${counts.wrapped}`,
      withoutPassword: sql`${memberImport.withoutPassword} + ${counts.withoutPassword}`,
      markedResetRequired: sql`${memberImport.markedResetRequired} + ${counts.markedResetRequired}`,
      rejected: sql`${memberImport.rejected} + ${counts.rejected}`,
    })
    .where(eq(memberImport.id, importId));
  return { counts, created, problems, newlyResetRequired };
}

/**
 * On re-import the service's data wins, except the password: a hash the member has since
 * replaced (by signing in, which re-hashes to argon2id, or by a reset) is kept, and a row
 * without a hash never removes one. A changed address is confirmed only if the row says so.
 */
const updateOnReimport = {
  loginId: sql`excluded.login_id`,
  email: sql`excluded.email`,
  emailVerifiedAt: sql`CASE WHEN excluded.email = ${member.email} AND excluded.email_verified_at IS NOT NULL THEN coalesce(${member.emailVerifiedAt}, excluded.email_verified_at) ELSE excluded.email_verified_at END`,
  displayName: sql`excluded.display_name`,
  language: sql`coalesce(excluded.language, ${member.language})`,
  passwordHash: sql`CASE WHEN ${member.passwordHash} IS NULL OR substr(${member.passwordHash}, 1, 7) = '$rekey-' THEN coalesce(excluded.password_hash, ${member.passwordHash}) ELSE ${member.passwordHash} END`,
  resetRequiredAt: sql`coalesce(${member.resetRequiredAt}, excluded.reset_required_at)`,
  resetReason: sql`CASE WHEN ${member.resetRequiredAt} IS NULL THEN excluded.reset_reason ELSE ${member.resetReason} END`,
};

function valuesOf(row: ReadyRow, now: Date) {
  const createdAt = (row.createdAt ?? now).getTime();
  return {
    externalId: row.externalId,
    loginId: row.loginId,
    email: row.email,
    emailVerifiedAt: row.emailVerified ? now.getTime() : null,
    displayName: row.displayName,
    language: row.language,
    createdAt,
    passwordHash: row.storedHash,
    passwordChangedAt: createdAt,
    resetRequiredAt: row.resetReason ? now.getTime() : null,
    resetReason: row.resetReason,
  };
}

/**
 * One upsert statement built once and run per row: drizzle takes longer to build a 1000-row
 * VALUES list than SQLite takes to run a prepared statement a thousand times.
 */
function preparedUpsert(database: Database) {
  return reusePreparedStatement(database, "member-import.upsert", () =>
    database
      .insert(member)
      .values({
        externalId: sql.placeholder("externalId"),
        loginId: sql.placeholder("loginId"),
        email: sql.placeholder("email"),
        emailVerifiedAt: sql`${sql.placeholder("emailVerifiedAt")}`,
        displayName: sql.placeholder("displayName"),
        language: sql`${sql.placeholder("language")}`,
        createdAt: sql`${sql.placeholder("createdAt")}`,
        passwordHash: sql.placeholder("passwordHash"),
        passwordChangedAt: sql`${sql.placeholder("passwordChangedAt")}`,
        resetRequiredAt: sql`${sql.placeholder("resetRequiredAt")}`,
        resetReason: sql.placeholder("resetReason"),
      })
      .onConflictDoUpdate({ target: member.externalId, set: updateOnReimport })
      .returning({
        id: member.id,
        loginId: member.loginId,
        email: member.email,
        language: member.language,
        passwordHash: member.passwordHash,
      })
      .prepare(),
  );
}

interface TouchedMember {
  id: number;
  externalId: string | null;
  loginId: string;
  email: string;
  resetRequiredAt: Date | null;
}

/** Members sharing a row's externalId, login ID or e-mail: three indexed lookups, prepared once. */
async function findTouchedMembers(
  database: Database,
  rows: readonly ImportRow[],
): Promise<TouchedMember[]> {
  const found = new Map<string, TouchedMember>();
  const lookups = [
    ["externalId", member.externalId, rows.map((row) => row.externalId)],
    ["loginId", member.loginId, rows.map((row) => row.loginId)],
    ["email", member.email, rows.map((row) => row.email)],
  ] as const;
  for (const [name, column, values] of lookups) {
    const lookup = reusePreparedStatement(database, `member-import.touched-by-${name}`, () =>
      database
        .select({
          id: member.id,
          externalId: member.externalId,
          loginId: member.loginId,
          email: member.email,
          resetRequiredAt: member.resetRequiredAt,
        })
        .from(member)
        .where(inArray(column, inListSlots()))
        .prepare(),
    );
    await forEachInListChunk(values, async (slots) => {
      for (const row of await lookup.all(slots)) found.set(String(row.id), row);
    });
  }
  return [...found.values()];
}

/** Drops (and reports) rows whose login ID or e-mail is another member's, in the database or earlier in the batch. */
function withoutConflicts(
  rows: readonly ReadyRow[],
  touched: readonly TouchedMember[],
  problems: LineProblem[],
): ReadyRow[] {
  const loginOwners = new Map(touched.map((row) => [row.loginId, row.externalId]));
  const emailOwners = new Map(touched.map((row) => [row.email, row.externalId]));
  const seenExternalIds = new Set<string>();
  const kept: ReadyRow[] = [];
  for (const row of rows) {
    const loginOwner = loginOwners.get(row.loginId);
    const emailOwner = emailOwners.get(row.email);
    const message = seenExternalIds.has(row.externalId)
      ? "externalId appears twice in a batch of the file"
      : loginOwner !== undefined && loginOwner !== row.externalId
        ? "loginId belongs to another member"
        : emailOwner !== undefined && emailOwner !== row.externalId
          ? "email belongs to another member"
          : null;
    if (message) {
      problems.push({ lineNumber: row.lineNumber, message });
      continue;
    }
    seenExternalIds.add(row.externalId);
    loginOwners.set(row.loginId, row.externalId);
    emailOwners.set(row.email, row.externalId);
    kept.push(row);
  }
  return kept;
}
