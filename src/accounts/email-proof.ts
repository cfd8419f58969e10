import { eq } from "drizzle-orm";
import type { Database } from "../db/connection";
import { member } from "../db/schema";

/**
 * Records that the member just followed a link sent to their current address, which proves
 * they hold the mailbox (and so are not an attacker who only knows the password). Call it inside
 * the transaction that consumes the link.
 */
export async function recordEmailProof(
  database: Database,
  memberId: number,
  provenAt: Date,
): Promise<void> {
  await database.update(member).set({ emailProvenAt: provenAt }).where(eq(member.id, memberId));
}
