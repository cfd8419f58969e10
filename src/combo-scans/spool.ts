import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { and, eq, inArray, isNotNull, lt } from "drizzle-orm";
import type { AuditActor } from "../audit/audit-log";
import { comboScan } from "../db/schema";
import type { Deps } from "../deps";
import { type ComboColumns, decodeComboLine, detectCsvLayout } from "./combo-lines";
import { type ComboScan, closeComboScan, createComboScan, startComboScan } from "./scans";
import { createSegmentCutter } from "./segments";

/** Lists larger than this are refused as they stream in (10M lines of a typical list is ~400 MB). */
export const maximumComboListBytes = 4 * 1024 ** 3;
/** A list still being spooled after this long lost its process: the scan failed. */
const abandonedAfterInMinutes = 60;

export class ComboListTooLargeError extends Error {
  override name = "ComboListTooLargeError";
}

export interface ComboScanRequest {
  name: string;
  fileName: string;
  columns?: ComboColumns;
  source: ComboScan["source"];
  actor: AuditActor;
  segmentBytes?: number;
}

/**
 * Streams an uploaded list into a spool file of the scan (never into memory whole), cutting it
 * into segments on the way, then lets workers claim them. A failed upload leaves nothing.
 */
export async function spoolComboList(
  deps: Pick<Deps, "database" | "clock" | "config">,
  body: AsyncIterable<Uint8Array>,
  request: ComboScanRequest,
): Promise<ComboScan> {
  await mkdir(deps.config.comboScanSpoolPath, { recursive: true, mode: 0o700 });
  const filePath = join(
    resolve(deps.config.comboScanSpoolPath),
    `${randomBytes(12).toString("hex")}.spool`,
  );
  const scan = await createComboScan(deps, { ...request, filePath, ownsFile: true });
  const cutter = createSegmentCutter({ segmentBytes: request.segmentBytes });
  let total = 0;
  try {
    await pipeline(
      body,
      async function* (chunks: AsyncIterable<Uint8Array>) {
        for await (const chunk of chunks) {
          total += chunk.byteLength;
          if (total > maximumComboListBytes) throw new ComboListTooLargeError("list too large");
          const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          cutter.feed(buffer);
          yield buffer;
        }
      },
      createWriteStream(filePath, { mode: 0o600 }),
    );
    return await startPreparedScan(deps, scan, cutter.finish(), request);
  } catch (error) {
    await rm(filePath, { force: true });
    await closeComboScan(deps.database, deps, scan.id, {
      status: "failed",
      problem: error instanceof ComboListTooLargeError ? "too-large" : "upload",
      from: ["preparing"],
    });
    throw error;
  }
}

/**
 * `rekey scan FILE`: the operator's own file is scanned where it lies (read once here to cut
 * it into segments) and is never deleted or copied.
 */
export async function prepareComboListFile(
  deps: Pick<Deps, "database" | "clock">,
  path: string,
  request: ComboScanRequest,
): Promise<ComboScan> {
  const filePath = resolve(path);
  const cutter = createSegmentCutter({ segmentBytes: request.segmentBytes });
  // Read before the scan exists, so an unreadable file leaves no record.
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1024 * 1024 })) {
    cutter.feed(chunk as Buffer);
  }
  const scan = await createComboScan(deps, { ...request, filePath, ownsFile: false });
  return startPreparedScan(deps, scan, cutter.finish(), request);
}

async function startPreparedScan(
  deps: Pick<Deps, "database" | "clock">,
  scan: ComboScan,
  cut: ReturnType<ReturnType<typeof createSegmentCutter>["finish"]>,
  request: ComboScanRequest,
): Promise<ComboScan> {
  const firstLine = decodeComboLine(cut.firstLine).replace(/\r$/, "");
  return startComboScan(deps, scan.id, {
    fileBytes: cut.totalBytes,
    segments: cut.segments,
    csvLayout: detectCsvLayout(firstLine, request.columns),
    actor: request.actor,
  });
}

/** Deletes the list of a scan that owns it (an upload's spool); the operator's own file stays. */
export async function deleteComboListFile(
  scan: Pick<ComboScan, "filePath" | "ownsFile">,
): Promise<void> {
  if (scan.ownsFile && scan.filePath) await rm(scan.filePath, { force: true });
}

/**
 * Start-up and housekeeping: spool files that belong to no live scan are deleted (a crash
 * between the end of a scan and the deletion of its list), uploads abandoned while spooling
 * fail, and running scans whose list is gone are reported as interrupted with their partial
 * results. Idempotent, so several instances may run it at once.
 */
export async function cleanUpComboScanFiles(
  deps: Pick<Deps, "database" | "clock" | "config">,
): Promise<{ deletedFiles: number; interrupted: number }> {
  const before = new Date(deps.clock.now().getTime() - abandonedAfterInMinutes * 60_000);
  const abandoned = await deps.database
    .select()
    .from(comboScan)
    .where(and(eq(comboScan.status, "preparing"), lt(comboScan.createdAt, before)));
  for (const scan of abandoned) {
    await closeComboScan(deps.database, deps, scan.id, {
      status: "failed",
      problem: "upload",
      from: ["preparing"],
    });
    await deleteComboListFile(scan);
  }
  const live = await deps.database
    .select()
    .from(comboScan)
    .where(and(inArray(comboScan.status, ["preparing", "running"]), isNotNull(comboScan.filePath)));
  let interrupted = 0;
  for (const scan of live) {
    if (scan.status !== "running" || !scan.filePath) continue;
    const present = await stat(scan.filePath).then(
      () => true,
      () => false,
    );
    if (present) continue;
    const closed = await closeComboScan(deps.database, deps, scan.id, {
      status: "interrupted",
      problem: "file-missing",
      from: ["running"],
    });
    if (closed) interrupted++;
  }
  const kept = new Set(live.map((scan) => scan.filePath && basename(scan.filePath)));
  let deletedFiles = 0;
  const folder = deps.config.comboScanSpoolPath;
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (kept.has(name)) continue;
    await rm(join(folder, name), { force: true });
    deletedFiles++;
  }
  return { deletedFiles, interrupted };
}
