import { eq, sql } from "drizzle-orm";
import type { AuditActor } from "../audit/audit-log";
import { comboScan, comboScanMember, member } from "../db/schema";
import type { Deps } from "../deps";
import { type BulkResetJob, createBulkResetJob } from "../resets/bulk-reset-jobs";
import { type ComboScan, exposure, findComboScan } from "./scans";

/** The reason a hand-over fills in; the administrator may change it before starting. */
export function comboScanResetReason(scan: Pick<ComboScan, "name">): string {
  return `current password in combo list ${scan.name}`.slice(0, 500);
}

/**
 * Hands the members whose current password is in the list to a bulk reset: a dry run from the
 * results page (the administrator then starts it as with any list), or a live job when the
 * operator said so explicitly (`rekey scan --reset`). Null when the scan has not completed.
 */
export async function handComboScanToBulkReset(
  deps: Pick<Deps, "database" | "clock">,
  scanId: number,
  options: { reason: string; dryRun: boolean; source: BulkResetJob["source"]; actor: AuditActor },
): Promise<BulkResetJob | null> {
  const scan = await findComboScan(deps.database, scanId);
  if (scan?.status !== "completed") return null;
  const rows = await deps.database
    .select({ loginId: member.loginId })
    .from(comboScanMember)
    .innerJoin(member, eq(member.id, comboScanMember.memberId))
    .where(
      sql`${comboScanMember.scanId} = ${scanId} and ${comboScanMember.exposure} = ${exposure.current}`,
    )
    .orderBy(member.id);
  if (rows.length === 0) return null;
  const job = await createBulkResetJob(deps, {
    identifiers: rows.map((row) => row.loginId),
    reason: options.reason,
    dryRun: options.dryRun,
    revokeSessions: true,
    invalidatePassword: true,
    notifyMembers: true,
    source: options.source,
    actor: options.actor,
    comboScanId: scanId,
    // An operator's list: administrators are set apart unless ticked in on the dry run.
    administrators: { policy: "exclude-unlisted", includedMemberIds: [] },
  });
  await deps.database
    .update(comboScan)
    .set({ bulkResetJobId: job.id })
    .where(eq(comboScan.id, scanId));
  return job;
}
