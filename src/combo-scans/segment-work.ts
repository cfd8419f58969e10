import { createReadStream } from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/connection";
import { comboScan, comboScanSegment } from "../db/schema";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import {
  type ComboPair,
  type CsvLayout,
  decodeComboLine,
  normalizeComboPassword,
  parseComboLine,
} from "./combo-lines";
import type { ComboScan } from "./scans";
import { findMatchedMembers, matchKeyOf, type VerificationPool, verifyPair } from "./verification";

export type ComboScanSegment = typeof comboScanSegment.$inferSelect;

/** Progress of a segment since the last report, for the CLI's progress bar. */
export interface SegmentProgress {
  lines: number;
  bytes: number;
  matched: number;
  verified: number;
}

/** Lines parsed before their identifiers are looked up together. */
const linesPerBatch = 4000;
const malformedSampleSize = 5;

export class SegmentLeaseLostError extends Error {
  override name = "SegmentLeaseLostError";
}

/**
 * Leases the first unfinished segment of a running scan (or of the given one). A lease that ran
 * out, because its worker died, is taken over and the segment is done again from its start;
 * outcomes are stored idempotently, so doing a segment twice changes nothing.
 */
export async function claimComboScanSegment(
  database: Database,
  options: { workerId: string; now: Date; leaseInSeconds: number; scanId?: number },
): Promise<ComboScanSegment | null> {
  const now = options.now.getTime();
  const expiresAt = now + options.leaseInSeconds * 1000;
  const onlyScan = options.scanId === undefined ? sql`` : sql`and s.scan_id = ${options.scanId}`;
  const claimable = sql`s.status = 'pending' and (s.lease_expires_at is null or s.lease_expires_at < ${now} or s.lease_owner = ${options.workerId})`;
  const rows = await database.all<{ scanId: number; position: number }>(
    sql`update combo_scan_segment as s set lease_owner = ${options.workerId}, lease_expires_at = ${expiresAt}
      where s.rowid = (select s.rowid from combo_scan_segment s join combo_scan c on c.id = s.scan_id
        where c.status = 'running' and ${claimable} ${onlyScan} order by s.scan_id, s.position limit 1)
      and ${claimable}
      returning scan_id as scanId, position`,
  );
  const claimed = rows[0];
  if (!claimed) return null;
  const [segment] = await database
    .select()
    .from(comboScanSegment)
    .where(
      and(
        eq(comboScanSegment.scanId, claimed.scanId),
        eq(comboScanSegment.position, claimed.position),
      ),
    );
  return segment ?? null;
}

/** Extends the lease while the segment's scan still runs; false when the worker must stop. */
async function renewSegmentLease(
  deps: Pick<Deps, "database" | "clock">,
  segment: ComboScanSegment,
  options: { workerId: string; leaseInSeconds: number },
): Promise<boolean> {
  const now = deps.clock.now().getTime();
  const renewed = await deps.database.all(
    sql`update combo_scan_segment set lease_expires_at = ${now + options.leaseInSeconds * 1000}
      where scan_id = ${segment.scanId} and position = ${segment.position} and status = 'pending'
      and lease_owner = ${options.workerId}
      and (select status from combo_scan where id = ${segment.scanId}) = 'running'
      returning position`,
  );
  return renewed.length > 0;
}

/**
 * Parses a segment's lines, looks their identifiers up in batches, verifies the pairs whose
 * identifier is a member's on the pool, and stores each member's worst outcome. The passwords
 * live only in this function's batches; what is stored is counts, member IDs and outcomes.
 */
export async function processComboScanSegment(
  deps: Pick<Deps, "database" | "clock" | "passwordHasher">,
  scan: ComboScan,
  segment: ComboScanSegment,
  options: {
    workerId: string;
    leaseInSeconds: number;
    pool: VerificationPool;
    onProgress?: (progress: SegmentProgress) => void;
  },
): Promise<"done" | "stopped"> {
  if (!scan.filePath) return "stopped";
  const layout = scan.csvLayout ? (JSON.parse(scan.csvLayout) as CsvLayout) : null;
  const counts = { lines: 0, malformed: 0, matched: 0, verified: 0 };
  const malformedSample: number[] = [];
  let lineNumber = segment.firstLine - 1;
  let batch: ComboPair[] = [];
  let batchBytes = 0;

  const flush = async () => {
    const pairs = batch;
    const bytes = batchBytes;
    batch = [];
    batchBytes = 0;
    const before = { ...counts };
    await verifyBatch(deps, scan.id, pairs, options.pool, counts);
    if (!(await renewSegmentLease(deps, segment, options))) throw new SegmentLeaseLostError();
    options.onProgress?.({
      lines: counts.lines - reportedLines,
      bytes,
      matched: counts.matched - before.matched,
      verified: counts.verified - before.verified,
    });
    reportedLines = counts.lines;
  };
  let reportedLines = 0;

  const handleLine = (bytes: Buffer) => {
    lineNumber++;
    batchBytes += bytes.length + 1;
    let line = bytes;
    if (line.length > 0 && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
    if (lineNumber === 1) {
      if (line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) line = line.subarray(3);
      if (layout?.hasHeader) return;
    }
    if (line.length === 0) return;
    counts.lines++;
    const pair = parseComboLine(decodeComboLine(line), layout);
    if (!pair) {
      counts.malformed++;
      if (malformedSample.length < malformedSampleSize) malformedSample.push(lineNumber);
      return;
    }
    batch.push(pair);
  };

  try {
    let rest: Buffer | null = null;
    const stream = createReadStream(scan.filePath, {
      start: segment.startByte,
      end: segment.endByte - 1,
      highWaterMark: 256 * 1024,
    });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let data: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
      let from = 0;
      for (;;) {
        const newline = data.indexOf(10, from);
        if (newline === -1) break;
        handleLine(data.subarray(from, newline));
        from = newline + 1;
        if (batch.length >= linesPerBatch) {
          const remaining = data.subarray(from);
          await flush();
          data = remaining;
          from = 0;
        }
      }
      rest = from < data.length ? Buffer.from(data.subarray(from)) : null;
    }
    if (rest) handleLine(rest);
    await flush();
  } catch (error) {
    if (error instanceof SegmentLeaseLostError) return "stopped";
    throw error;
  }
  const [done] = await deps.database
    .update(comboScanSegment)
    .set({
      status: "done",
      ...counts,
      malformedSample: JSON.stringify(malformedSample),
      leaseOwner: null,
      leaseExpiresAt: null,
    })
    .where(
      and(
        eq(comboScanSegment.scanId, segment.scanId),
        eq(comboScanSegment.position, segment.position),
        eq(comboScanSegment.leaseOwner, options.workerId),
        eq(comboScanSegment.status, "pending"),
      ),
    )
    .returning({ position: comboScanSegment.position });
  return done ? "done" : "stopped";
}

async function verifyBatch(
  deps: Pick<Deps, "database" | "passwordHasher">,
  scanId: number,
  pairs: ComboPair[],
  pool: VerificationPool,
  counts: { matched: number; verified: number },
): Promise<void> {
  if (pairs.length === 0) return;
  const members = await findMatchedMembers(deps.database, pairs);
  if (members.size === 0) return;
  const outcomes = new Map<number, number>();
  await Promise.all(
    pairs.map(async (pair) => {
      const member = members.get(matchKeyOf(pair));
      if (!member) return;
      counts.matched++;
      const password = normalizeComboPassword(pair.password);
      if (password === null) return;
      const result = await verifyPair(deps, pool, member, password);
      counts.verified += result.verifications;
      outcomes.set(member.id, Math.max(outcomes.get(member.id) ?? 0, result.exposure));
    }),
  );
  await runInTransaction(deps.database, async (database) => {
    for (const [memberId, level] of outcomes) {
      await database.run(
        sql`insert into combo_scan_member (scan_id, member_id, exposure) values (${scanId}, ${memberId}, ${level})
          on conflict (scan_id, member_id) do update set exposure = max(exposure, excluded.exposure)`,
      );
    }
  });
}

/** Whether every segment of a running scan is done (it can be finished). */
export async function isComboScanFullyProcessed(
  database: Database,
  scanId: number,
): Promise<boolean> {
  const [row] = await database.all<{ pending: number }>(
    sql`select count(*) as pending from combo_scan_segment where scan_id = ${scanId} and status = 'pending'`,
  );
  return (row?.pending ?? 1) === 0;
}

/** Running scans whose segments are all done but that were not finished (their finisher died). */
export async function listUnfinishedComboScans(database: Database): Promise<number[]> {
  const rows = await database
    .select({ id: comboScan.id })
    .from(comboScan)
    .where(
      and(
        eq(comboScan.status, "running"),
        sql`not exists (select 1 from combo_scan_segment where scan_id = ${comboScan.id} and status = 'pending')`,
      ),
    );
  return rows.map((row) => row.id);
}
