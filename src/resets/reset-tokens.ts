import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/connection";
import { oneTimeToken } from "../db/schema";
import type { ResetKind } from "./reset-links";

/** Withdraws a member's unused reset links: of one kind, or all of them when `kind` is omitted. */
export async function revokeResetLinks(
  database: Database,
  now: Date,
  memberId: number,
  kind?: ResetKind,
): Promise<void> {
  await database
    .update(oneTimeToken)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeToken.purpose, "password-reset"),
        eq(oneTimeToken.memberId, memberId),
        kind === undefined ? undefined : eq(oneTimeToken.payload, kind),
        isNull(oneTimeToken.usedAt),
      ),
    );
}
