import { and, eq, inArray, sql } from "drizzle-orm";
import { previousEmailBeforeChangesSince } from "../accounts/email-change-history";
import { classifySignInIdentifier } from "../accounts/identifiers";
import type { Member } from "../accounts/members";
import type { Database } from "../db/connection";
import { forEachInListChunk, inListSlots, reusePreparedStatement } from "../db/prepared";
import { bulkResetItem, member } from "../db/schema";

export type BulkResetTarget = Pick<Member, "id" | "loginId" | "email" | "language" | "role"> & {
  hasPassword: boolean;
  /** The address before a recent change: the reset link goes there (email-change-history.ts). */
  previousEmail: string | null;
};

const targetColumns = {
  id: member.id,
  loginId: member.loginId,
  email: member.email,
  language: member.language,
  role: member.role,
  hasPassword: sql<boolean>`${member.passwordHash} is not null`.mapWith(Boolean),
  previousEmail: previousEmailBeforeChangesSince(sql`${sql.placeholder("changedSince")}`),
};

function selectTargetsBy(database: Database, column: "loginId" | "email") {
  return reusePreparedStatement(database, `bulk-reset.targets-by-${column}`, () =>
    database
      .select(targetColumns)
      .from(member)
      .where(inArray(member[column], inListSlots()))
      .prepare(),
  );
}

/**
 * Maps each listed login ID or e-mail address to its member, with one query per kind; address
 * changes since `changedSince` are joined in the same query.
 */
export async function resolveTargets(
  database: Database,
  identifiers: string[],
  options: { changedSince: Date },
): Promise<Map<string, BulkResetTarget>> {
  const listed = { loginId: new Map<string, string[]>(), email: new Map<string, string[]>() };
  for (const identifier of identifiers) {
    const classified = classifySignInIdentifier(identifier);
    if (!classified) continue;
    const [index, key] =
      classified.kind === "email"
        ? [listed.email, classified.email]
        : [listed.loginId, classified.loginId];
    const spellings = index.get(key);
    if (spellings) spellings.push(identifier);
    else index.set(key, [identifier]);
  }
  const resolved = new Map<string, BulkResetTarget>();
  for (const column of ["loginId", "email"] as const) {
    const index = listed[column];
    const select = selectTargetsBy(database, column);
    await forEachInListChunk([...index.keys()], async (slots) => {
      slots.changedSince = options.changedSince.getTime();
      for (const row of await select.all(slots)) {
        for (const identifier of index.get(row[column]) ?? []) resolved.set(identifier, row);
      }
    });
  }
  return resolved;
}

/** Members among `memberIds` that this job already reset (or, in a dry run, would have). */
export async function findMembersHandledByJob(
  database: Database,
  jobId: number,
  memberIds: number[],
): Promise<Set<number>> {
  const select = reusePreparedStatement(database, "bulk-reset-item.handled-members", () =>
    database
      .select({ memberId: bulkResetItem.memberId })
      .from(bulkResetItem)
      .where(
        and(
          eq(bulkResetItem.jobId, sql.placeholder("jobId")),
          inArray(bulkResetItem.outcome, ["reset", "would-reset"]),
          inArray(bulkResetItem.memberId, inListSlots()),
        ),
      )
      .prepare(),
  );
  const handled = new Set<number>();
  await forEachInListChunk(memberIds, async (slots) => {
    slots.jobId = jobId;
    for (const row of await select.all(slots)) handled.add(row.memberId as number);
  });
  return handled;
}
