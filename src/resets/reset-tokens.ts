import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/connection";
import { oneTimeToken } from "../db/schema";
import type { ResetKind } from "./reset-links";

export async function revokeOneTimeTokensOfKind(
  database: Database,
  now: Date,
  memberId: number,
  kind: ResetKind,
): Promise<void> {
  await database
    .update(oneTimeToken)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeToken.purpose, "password-reset"),
        eq(oneTimeToken.memberId, memberId),
        eq(oneTimeToken.payload, kind),
        isNull(oneTimeToken.usedAt),
      ),
    );
}
