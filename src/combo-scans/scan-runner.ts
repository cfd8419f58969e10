import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { type AuditActor, recordAuditEvent } from "../audit/audit-log";
import { createPollingLoop } from "../background/polling-loop";
import { addCorpusSource, listCorpusSources } from "../breach/sources";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { claimLease, releaseLease } from "../jobs/lease";
import { type CsvLayout, parseComboPassword } from "./combo-lines";
import { type ComboScan, closeComboScan, findComboScan, summarizeComboScan } from "./scans";
import {
  claimComboScanSegment,
  isComboScanFullyProcessed,
  listUnfinishedComboScans,
  processComboScanSegment,
  type SegmentProgress,
} from "./segment-work";
import { deleteComboListFile } from "./spool";
import {
  createVerificationPool,
  defaultVerificationConcurrency,
  type VerificationPool,
} from "./verification";

type RunnerDeps = Pick<Deps, "database" | "clock" | "passwordHasher" | "breachSource" | "logger">;

export interface ComboScanRunOptions {
  workerId?: string;
  /** Only this scan; otherwise any running scan, oldest first. */
  scanId?: number;
  leaseInSeconds?: number;
  pool?: VerificationPool;
  onProgress?: (progress: SegmentProgress) => void;
  shouldStop?: () => boolean;
}

/**
 * Claims segments one after the other and processes them until none is left to claim, then
 * finishes the scans that are fully processed. Several processes may run this at once.
 */
export async function runComboScans(
  deps: RunnerDeps,
  options: ComboScanRunOptions = {},
): Promise<{ segments: number }> {
  const workerId = options.workerId ?? randomUUID();
  const leaseInSeconds = options.leaseInSeconds ?? 60;
  const pool = options.pool ?? createVerificationPool(defaultVerificationConcurrency());
  let segments = 0;
  while (!options.shouldStop?.()) {
    const segment = await claimComboScanSegment(deps.database, {
      workerId,
      now: deps.clock.now(),
      leaseInSeconds,
      scanId: options.scanId,
    });
    if (!segment) break;
    const scan = await findComboScan(deps.database, segment.scanId);
    if (!scan) continue;
    try {
      await processComboScanSegment(deps, scan, segment, {
        workerId,
        leaseInSeconds,
        pool,
        onProgress: options.onProgress,
      });
      segments++;
    } catch (error) {
      await failComboScan(deps, scan, error as Error);
      continue;
    }
    if (await isComboScanFullyProcessed(deps.database, scan.id))
      await finishComboScan(deps, scan.id, workerId);
  }
  // A finisher that died leaves a fully processed scan running: finish it here.
  for (const scanId of await listUnfinishedComboScans(deps.database)) {
    if (options.scanId === undefined || options.scanId === scanId)
      await finishComboScan(deps, scanId, workerId);
  }
  return { segments };
}

/**
 * Ends a fully processed scan once, under a lease: its passwords join the breach corpus as a
 * source of their own (so no member can choose one of them afterwards), the counts are stored,
 * the spool is deleted and the audit log records the result.
 */
export async function finishComboScan(
  deps: RunnerDeps,
  scanId: number,
  workerId: string,
): Promise<ComboScan | null> {
  const leaseName = `combo-scan-finish:${scanId}`;
  if (!(await claimLease(deps, { name: leaseName, holder: workerId, durationInSeconds: 600 })))
    return null;
  try {
    const scan = await findComboScan(deps.database, scanId);
    if (scan?.status !== "running") return null;
    await addPasswordsToCorpus(deps, scan);
    const closed = await runInTransaction(deps.database, async (database) => {
      const closed = await closeComboScan(database, deps, scanId, {
        status: "completed",
        from: ["running"],
      });
      if (closed)
        await auditScanEnd(database, deps, closed, { kind: "cli" }, "combo-scan.completed");
      return closed;
    });
    await deleteComboListFile(scan);
    return closed;
  } finally {
    await releaseLease(deps, { name: leaseName, holder: workerId });
  }
}

async function addPasswordsToCorpus(deps: RunnerDeps, scan: ComboScan): Promise<void> {
  if (!scan.filePath || !deps.breachSource.corpus) return;
  const reference = `combo-scan:${scan.id}`;
  const sources = await listCorpusSources(deps);
  if (sources.some((source) => source.reference === reference)) return;
  const layout = scan.csvLayout ? (JSON.parse(scan.csvLayout) as CsvLayout) : null;
  const path = scan.filePath;
  async function* passwords(): AsyncIterable<string> {
    const lines = createInterface({
      input: createReadStream(path, { encoding: "latin1" }),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    let first = true;
    for await (const raw of lines) {
      const skip = first && layout?.hasHeader;
      first = false;
      if (skip) continue;
      const password = parseComboPassword(Buffer.from(raw, "latin1"), layout);
      if (password !== null) yield password;
    }
  }
  try {
    await addCorpusSource(deps, {
      name: `combo list ${scan.name}`,
      kind: "combo-scan",
      passwords: passwords(),
      reference,
    });
  } catch (error) {
    // A list without one usable password adds nothing; the scan's results stand.
    deps.logger.warn(
      { err: error, scanId: scan.id },
      "combo list passwords not added to the corpus",
    );
  }
}

async function failComboScan(deps: RunnerDeps, scan: ComboScan, error: Error): Promise<void> {
  const unreadable = "code" in error && typeof error.code === "string";
  deps.logger.error({ err: error, scanId: scan.id }, "combo-list scan failed");
  const closed = await closeComboScan(deps.database, deps, scan.id, {
    status: unreadable ? "interrupted" : "failed",
    problem: unreadable ? "file-unreadable" : "error",
    from: ["running"],
  });
  if (closed) await auditScanEnd(deps.database, deps, closed, { kind: "cli" }, "combo-scan.failed");
  await deleteComboListFile(scan);
}

/** Stops a scan at once with its partial results; its list is deleted. */
export async function cancelComboScan(
  deps: Pick<Deps, "database" | "clock">,
  scanId: number,
  actor: AuditActor,
): Promise<ComboScan | null> {
  const scan = await findComboScan(deps.database, scanId);
  if (!scan) return null;
  const closed = await runInTransaction(deps.database, async (database) => {
    const closed = await closeComboScan(database, deps, scanId, {
      status: "cancelled",
      from: ["preparing", "running"],
    });
    if (closed) await auditScanEnd(database, deps, closed, actor, "combo-scan.cancelled");
    return closed;
  });
  if (closed) await deleteComboListFile(scan);
  return closed;
}

async function auditScanEnd(
  database: Deps["database"],
  deps: Pick<Deps, "clock">,
  scan: ComboScan,
  actor: AuditActor,
  action: string,
): Promise<void> {
  const summary = await summarizeComboScan(database, scan.id);
  await recordAuditEvent(database, deps.clock, {
    actor,
    action,
    details: {
      scanId: scan.id,
      name: scan.name,
      fileName: scan.fileName,
      fileBytes: scan.fileBytes,
      lines: summary?.lines ?? 0,
      malformed: summary?.malformed ?? 0,
      currentExposed: scan.currentExposed,
      oldExposed: scan.oldExposed,
      notExposed: scan.notExposed,
    },
  });
}

/** Runs scans in the server process; several processes share the segments through leases. */
export function createComboScanWorker(
  deps: RunnerDeps,
  options: { pollIntervalInMilliseconds?: number } = {},
): { start(): void; stop(): Promise<void> } {
  const workerId = randomUUID();
  const pool = createVerificationPool(defaultVerificationConcurrency());
  return createPollingLoop({
    name: "combo-list scan",
    logger: deps.logger,
    idleInMilliseconds: options.pollIntervalInMilliseconds ?? 2000,
    round: async (loop) => {
      const { segments } = await runComboScans(deps, {
        workerId,
        pool,
        shouldStop: () => loop.stopping,
      });
      return { moreWork: segments > 0 && !loop.stopping };
    },
  });
}
