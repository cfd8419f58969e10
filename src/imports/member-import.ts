import { availableParallelism } from "node:os";
import { and, desc, eq, sql } from "drizzle-orm";
import type { AuditActor } from "../audit/audit-log";
import { recordAuditEvent } from "../audit/audit-log";
import { memberImport } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import type { ImportRecord } from "./import-records";
import { checkImportRow } from "./import-row";
import type { HashFormatOption, LegacyStrength } from "./legacy-hashes/schemes";
import { isWeakerThan } from "./legacy-hashes/schemes";
import { mapWithConcurrency, preparePassword, wrapLegacyHash } from "./prepare-password";
import { evictNewlyResetRequired } from "./reset-on-reimport";
import { queueSetPasswordLinks } from "./set-password-links";
import { type BatchCounts, type LineProblem, type ReadyRow, storeImportBatch } from "./store-batch";

export interface MemberImportOptions {
  hashFormat: HashFormatOption;
  /** Every imported member must reset (the service knows its hashes leaked). */
  resetRequired: boolean;
  /** Members whose legacy hash is weaker than this must reset; null: none. */
  resetWeakerThan: LegacyStrength | null;
  /** Mail new members without a password a link to set one (through the outbox). */
  sendSetPasswordLinks: boolean;
}

export type MemberImport = typeof memberImport.$inferSelect;

export interface ImportProgress extends BatchCounts {
  setPasswordLinksQueued: number;
  linesRead: number;
  elapsedInSeconds: number;
  /** Time spent wrapping fast hashes in argon2id, for the wrap rate. */
  wrapSeconds: number;
}

/** Rows per transaction: big enough for set-based speed, small enough that sign-ins interleave. */
export const importBatchSize = 1000;

export const resetReasonAllImported = "imported: the service asked for a reset of every member";

/** Starts (or, for the same file still unfinished, resumes) an import's bookkeeping row. */
export async function openMemberImport(
  deps: Pick<Deps, "database" | "clock">,
  options: {
    source: MemberImport["source"];
    fileName: string | null;
    fileFingerprint: string | null;
    importOptions: MemberImportOptions;
    resume: boolean;
  },
): Promise<MemberImport> {
  if (options.resume && options.fileFingerprint) {
    const [unfinished] = await deps.database
      .select()
      .from(memberImport)
      .where(
        and(
          eq(memberImport.fileFingerprint, options.fileFingerprint),
          eq(memberImport.status, "running"),
        ),
      )
      .orderBy(desc(memberImport.id))
      .limit(1);
    if (unfinished) return unfinished;
  }
  const now = deps.clock.now();
  const [row] = await deps.database
    .insert(memberImport)
    .values({
      source: options.source,
      fileName: options.fileName,
      fileFingerprint: options.fileFingerprint,
      options: JSON.stringify(options.importOptions),
      status: "running",
      startedAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error("member import insert returned no row");
  return row;
}

/**
 * Imports members from a stream of records, batch by batch: rows are checked, fast hashes are
 * wrapped in argon2id on every core (at most `wrapConcurrency` at once, so sign-ins still find
 * a thread), then the batch is stored in one transaction with the checkpoint. Lines at or before
 * the import's checkpoint were stored by an earlier run and are skipped.
 */
export async function runMemberImport(
  deps: Pick<Deps, "database" | "clock" | "config" | "passwordHasher">,
  options: {
    importRow: MemberImport;
    records: AsyncIterable<ImportRecord>;
    importOptions: MemberImportOptions;
    actor: AuditActor;
    wrapConcurrency?: number;
    onProgress?: (progress: ImportProgress) => void;
  },
): Promise<MemberImport> {
  const importId = options.importRow.id;
  const skipThroughLine = options.importRow.linesCommitted;
  const concurrency = options.wrapConcurrency ?? availableParallelism();
  const startedAt = performance.now();
  const progress: ImportProgress = {
    created: 0,
    updated: 0,
    storedAsIs: 0,
    wrapped: 0,
    withoutPassword: 0,
    markedResetRequired: 0,
    setPasswordLinksQueued: 0,
    rejected: 0,
    linesRead: skipThroughLine,
    elapsedInSeconds: 0,
    wrapSeconds: 0,
  };
  let pending: ImportRecord[] = [];

  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const lastLine = batch[batch.length - 1]?.lineNumber ?? skipThroughLine;
    const { ready, problems, toWrap } = checkImportRecords(batch, options.importOptions);
    const wrapStartedAt = performance.now();
    const wrapped = await mapWithConcurrency(toWrap, concurrency, ({ scheme }) =>
      wrapLegacyHash(deps.passwordHasher, scheme),
    );
    if (toWrap.length > 0) progress.wrapSeconds += (performance.now() - wrapStartedAt) / 1000;
    toWrap.forEach(({ row }, index) => {
      row.storedHash = wrapped[index] ?? null;
    });
    const stored = await runInTransaction(deps.database, async (database) => {
      const result = await storeImportBatch(database, {
        importId,
        rows: ready,
        problems,
        lastLine,
        now: deps.clock.now(),
      });
      await evictNewlyResetRequired(database, deps, result.newlyResetRequired);
      const links = options.importOptions.sendSetPasswordLinks
        ? await queueSetPasswordLinks(database, deps, importId, result.created)
        : 0;
      if (links > 0)
        await database
          .update(memberImport)
          .set({ setPasswordLinksQueued: sql`${memberImport.setPasswordLinksQueued} + ${links}` })
          .where(eq(memberImport.id, importId));
      return { ...result, links };
    });
    for (const key of Object.keys(stored.counts) as (keyof BatchCounts)[])
      progress[key] += stored.counts[key];
    progress.setPasswordLinksQueued += stored.links;
    progress.linesRead = lastLine;
    progress.elapsedInSeconds = (performance.now() - startedAt) / 1000;
    options.onProgress?.(progress);
  };

  for await (const record of options.records) {
    if (record.lineNumber <= skipThroughLine) continue;
    pending.push(record);
    if (pending.length >= importBatchSize) await flush();
  }
  await flush();
  return finishMemberImport(deps, importId, options.actor);
}

/** Checks a batch's records and reads their hashes; the fast ones still need wrapping. */
export function checkImportRecords(batch: ImportRecord[], importOptions: MemberImportOptions) {
  const ready: ReadyRow[] = [];
  const problems: LineProblem[] = [];
  const toWrap: { row: ReadyRow; scheme: Parameters<typeof wrapLegacyHash>[1] }[] = [];
  for (const record of batch) {
    if ("error" in record) {
      problems.push({ lineNumber: record.lineNumber, message: record.error });
      continue;
    }
    const checked = checkImportRow(record.record, record.lineNumber);
    if (!checked.ok) {
      problems.push({ lineNumber: record.lineNumber, message: checked.message });
      continue;
    }
    const prepared = preparePassword(
      checked.row.passwordHash,
      checked.row.passwordSalt,
      importOptions.hashFormat,
    );
    if (!prepared.ok) {
      problems.push({ lineNumber: record.lineNumber, message: prepared.message });
      continue;
    }
    const password = prepared.password;
    const weak =
      password.kind !== "none" &&
      importOptions.resetWeakerThan !== null &&
      isWeakerThan(password.strength, importOptions.resetWeakerThan);
    const row: ReadyRow = {
      ...checked.row,
      storedHash: password.kind === "as-is" ? password.storedHash : null,
      passwordKind: password.kind,
      resetReason: importOptions.resetRequired
        ? resetReasonAllImported
        : weak
          ? `imported: legacy ${password.format} hash weaker than ${importOptions.resetWeakerThan}`
          : null,
    };
    ready.push(row);
    if (password.kind === "wrap") toWrap.push({ row, scheme: password.scheme });
  }
  return { ready, problems, toWrap };
}

async function finishMemberImport(
  deps: Pick<Deps, "database" | "clock">,
  importId: number,
  actor: AuditActor,
): Promise<MemberImport> {
  return runInTransaction(deps.database, async (database) => {
    const now = deps.clock.now();
    const [finished] = await database
      .update(memberImport)
      .set({ status: "finished", finishedAt: now, updatedAt: now })
      .where(eq(memberImport.id, importId))
      .returning();
    if (!finished) throw new Error(`member import ${importId} vanished`);
    await recordAuditEvent(database, deps.clock, {
      actor,
      action: "members.import",
      details: {
        importId,
        source: finished.source,
        created: finished.created,
        updated: finished.updated,
        storedAsIs: finished.storedAsIs,
        wrapped: finished.wrapped,
        withoutPassword: finished.withoutPassword,
        markedResetRequired: finished.markedResetRequired,
        setPasswordLinksQueued: finished.setPasswordLinksQueued,
        rejected: finished.rejected,
      },
    });
    return finished;
  });
}

export async function findMemberImport(
  database: Deps["database"],
  importId: number,
): Promise<MemberImport | undefined> {
  const [found] = await database.select().from(memberImport).where(eq(memberImport.id, importId));
  return found;
}
