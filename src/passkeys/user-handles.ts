import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "../db/connection";
import { passkeyUserHandle } from "../db/schema";

/**
 * The member's WebAuthn user handle, created on first enrolment. Random rather than derived from
 * the member ID, as WebAuthn L3 s14.6.1 asks: it is stored on authenticators and sent back at
 * every discoverable sign-in.
 */
export async function findOrCreateUserHandle(
  database: Database,
  memberId: number,
): Promise<Buffer> {
  await database
    .insert(passkeyUserHandle)
    .values({ memberId, userHandle: randomBytes(32) })
    .onConflictDoNothing();
  const handle = await findUserHandle(database, memberId);
  if (!handle) throw new Error("user handle insert returned no row");
  return handle;
}

export async function findUserHandle(
  database: Database,
  memberId: number,
): Promise<Buffer | undefined> {
  const [row] = await database
    .select({ userHandle: passkeyUserHandle.userHandle })
    .from(passkeyUserHandle)
    .where(eq(passkeyUserHandle.memberId, memberId))
    .limit(1);
  return row?.userHandle;
}
