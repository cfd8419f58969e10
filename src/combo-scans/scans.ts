import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log";
import type { Database } from "../db/connection";
import { comboScan, comboScanMember, comboScanSegment, member } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import type { CsvLayout } from "./combo-lines";
import type { SegmentBounds } from "./segments";

export type ComboScan = typeof comboScan.$inferSelect;
export type ComboScanStatus = ComboScan["status"];

/** Exposure levels as stored in combo_scan_member: a member keeps the worst over their pairs. */
export const exposure = { none: 0, old: 1, current: 2 } as const;
export type ExposureName = keyof typeof exposure;

/** What every door shows: counts per outcome and per kind of line, never a line. */
export interface ComboScanSummary {
  scan: ComboScan;
  lines: number;
  malformed: number;
  /** Line numbers of a few malformed lines. */
  malformedSample: number[];
  matched: number;
  verified: number;
  segments: number;
  segmentsDone: number;
  bytesDone: number;
  members: { current: number; old: number; none: number };
}

/** Starts a scan's record while its list is spooled; no worker claims it until it is ready. */
export async function createComboScan(
  deps: Pick<Deps, "database" | "clock">,
  options: {
    name: string;
    fileName: string;
    filePath: string;
    ownsFile: boolean;
    source: ComboScan["source"];
    actor: AuditActor;
  },
): Promise<ComboScan> {
  const [scan] = await deps.database
    .insert(comboScan)
    .values({
      name: options.name,
      fileName: options.fileName,
      fileBytes: 0,
      filePath: options.filePath,
      ownsFile: options.ownsFile,
      source: options.source,
      createdByMemberId: options.actor.kind === "member" ? options.actor.memberId : null,
      createdByApiKeyId: options.actor.kind === "api-key" ? options.actor.apiKeyId : null,
      status: "preparing",
      createdAt: deps.clock.now(),
    })
    .returning();
  if (!scan) throw new Error("scan insert returned no row");
  return scan;
}

/** Stores the segments and lets workers claim them; the audit log records who scanned what. */
export async function startComboScan(
  deps: Pick<Deps, "database" | "clock">,
  scanId: number,
  options: {
    fileBytes: number;
    segments: SegmentBounds[];
    csvLayout: CsvLayout | null;
    actor: AuditActor;
  },
): Promise<ComboScan> {
  return runInTransaction(deps.database, async (database) => {
    for (const [position, segment] of options.segments.entries()) {
      await database.insert(comboScanSegment).values({
        scanId,
        position,
        startByte: segment.startByte,
        endByte: segment.endByte,
        firstLine: segment.firstLine,
        status: "pending",
      });
    }
    const [scan] = await database
      .update(comboScan)
      .set({
        status: options.segments.length === 0 ? "completed" : "running",
        fileBytes: options.fileBytes,
        csvLayout: options.csvLayout ? JSON.stringify(options.csvLayout) : null,
        finishedAt: options.segments.length === 0 ? deps.clock.now() : null,
      })
      .where(and(eq(comboScan.id, scanId), eq(comboScan.status, "preparing")))
      .returning();
    if (!scan) throw new Error("the scan is no longer being prepared");
    await recordAuditEvent(database, deps.clock, {
      actor: options.actor,
      action: "combo-scan.started",
      details: {
        scanId,
        name: scan.name,
        fileName: scan.fileName,
        fileBytes: options.fileBytes,
        source: scan.source,
      },
    });
    return scan;
  });
}

export async function findComboScan(
  database: Database,
  scanId: number,
): Promise<ComboScan | undefined> {
  const [scan] = await database.select().from(comboScan).where(eq(comboScan.id, scanId)).limit(1);
  return scan;
}

export async function listComboScans(database: Database, limit: number): Promise<ComboScan[]> {
  return database.select().from(comboScan).orderBy(desc(comboScan.id)).limit(limit);
}

/** Counts from the segments done so far and the members found; partial while a scan runs. */
export async function summarizeComboScan(
  database: Database,
  scanId: number,
): Promise<ComboScanSummary | null> {
  const scan = await findComboScan(database, scanId);
  if (!scan) return null;
  const segments = await database
    .select()
    .from(comboScanSegment)
    .where(eq(comboScanSegment.scanId, scanId))
    .orderBy(comboScanSegment.position);
  const done = segments.filter((segment) => segment.status === "done");
  const sum = (pick: (segment: (typeof segments)[number]) => number) =>
    done.reduce((total, segment) => total + pick(segment), 0);
  const members = { current: 0, old: 0, none: 0 };
  const rows = await database
    .select({ exposure: comboScanMember.exposure, total: sql<number>`count(*)` })
    .from(comboScanMember)
    .where(eq(comboScanMember.scanId, scanId))
    .groupBy(comboScanMember.exposure);
  for (const row of rows) {
    if (row.exposure === exposure.current) members.current = row.total;
    else if (row.exposure === exposure.old) members.old = row.total;
    else members.none = row.total;
  }
  return {
    scan,
    lines: sum((segment) => segment.lines),
    malformed: sum((segment) => segment.malformed),
    malformedSample: done
      .flatMap((segment) => JSON.parse(segment.malformedSample) as number[])
      .slice(0, 10),
    matched: sum((segment) => segment.matched),
    verified: sum((segment) => segment.verified),
    segments: segments.length,
    segmentsDone: done.length,
    bytesDone: sum((segment) => segment.endByte - segment.startByte),
    members,
  };
}

/** The members found with the given outcomes, by member ID. */
export async function listComboScanMembers(
  database: Database,
  scanId: number,
  exposures: number[],
): Promise<{ memberId: number; exposure: number }[]> {
  return database
    .select({ memberId: comboScanMember.memberId, exposure: comboScanMember.exposure })
    .from(comboScanMember)
    .where(and(eq(comboScanMember.scanId, scanId), inArray(comboScanMember.exposure, exposures)))
    .orderBy(desc(comboScanMember.exposure), comboScanMember.memberId);
}

/** Ends a scan in one of its final states and stores the member counts it reached. */
export async function closeComboScan(
  database: Database,
  deps: Pick<Deps, "clock">,
  scanId: number,
  options: {
    status: "completed" | "failed" | "cancelled" | "interrupted";
    problem?: string;
    from: ComboScanStatus[];
  },
): Promise<ComboScan | null> {
  const counts = sql`(select count(*) from ${comboScanMember} where ${comboScanMember.scanId} = ${scanId} and ${comboScanMember.exposure} = `;
  const [scan] = await database
    .update(comboScan)
    .set({
      status: options.status,
      problem: options.problem ?? null,
      filePath: null,
      currentExposed: sql`${counts}${exposure.current})`,
      oldExposed: sql`${counts}${exposure.old})`,
      notExposed: sql`${counts}${exposure.none})`,
      finishedAt: deps.clock.now(),
    })
    .where(and(eq(comboScan.id, scanId), inArray(comboScan.status, options.from)))
    .returning();
  if (scan) {
    await database
      .update(comboScanSegment)
      .set({ leaseOwner: null, leaseExpiresAt: null })
      .where(eq(comboScanSegment.scanId, scanId));
  }
  return scan ?? null;
}

/** The members a scan found, with their login ID and e-mail, worst outcome first. */
export async function listComboScanFindings(
  database: Database,
  scanId: number,
  options: { limit?: number } = {},
): Promise<{ memberId: number; loginId: string; email: string; exposure: number }[]> {
  const query = database
    .select({
      memberId: comboScanMember.memberId,
      loginId: member.loginId,
      email: member.email,
      exposure: comboScanMember.exposure,
    })
    .from(comboScanMember)
    .innerJoin(member, eq(member.id, comboScanMember.memberId))
    .where(eq(comboScanMember.scanId, scanId))
    .orderBy(desc(comboScanMember.exposure), comboScanMember.memberId);
  return options.limit === undefined ? query : query.limit(options.limit);
}

/** The summary every door shows, as one JSON object (counts only, never a line). */
export function describeComboScanSummary(
  summary: ComboScanSummary,
  resetJobId: number | null = null,
) {
  return {
    id: summary.scan.id,
    name: summary.scan.name,
    status: summary.scan.status,
    lines: summary.lines,
    malformedLines: summary.malformed,
    malformedLineNumbers: summary.malformedSample,
    matchedPairs: summary.matched,
    verifications: summary.verified,
    members: {
      currentPasswordExposed: summary.members.current,
      oldPasswordExposed: summary.members.old,
      notExposed: summary.members.none,
    },
    bulkResetJobId: resetJobId ?? summary.scan.bulkResetJobId,
  };
}
