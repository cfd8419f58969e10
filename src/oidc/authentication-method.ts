import { and, desc, eq, isNotNull } from "drizzle-orm";
import { passkey } from "../db/schema";
import type { Deps } from "../deps";
import type { Session } from "../sessions/sessions";
import { passkeyAcr } from "./provider";

export interface ProvenAuthentication {
  /** RFC 8176 values: "pwd", or "hwk"/"swk" for a device-bound or synced passkey. */
  amr: string[];
  acr: string | undefined;
  authTimeInSeconds: number;
}

/**
 * What the member's rekey session proves, for the ID token. A passkey sign-in or re-check at or
 * after the last proof of any kind counts as a passkey sign-in. Which passkey is not recorded on
 * the session, so the member's most recently used one decides between "hwk" (a device-bound key,
 * e.g. a security key) and "swk" (a synced passkey, whose private key leaves the device).
 */
export async function describeSessionAuthentication(
  deps: Pick<Deps, "database">,
  session: Session,
): Promise<ProvenAuthentication> {
  const authTimeInSeconds = Math.floor(session.authenticatedAt.getTime() / 1000);
  const byPasskey =
    session.passkeyAuthenticatedAt !== null &&
    session.passkeyAuthenticatedAt.getTime() >= session.authenticatedAt.getTime();
  if (!byPasskey) return { amr: ["pwd"], acr: undefined, authTimeInSeconds };
  const [latest] = await deps.database
    .select({ deviceType: passkey.deviceType, backedUp: passkey.backedUp })
    .from(passkey)
    .where(and(eq(passkey.memberId, session.memberId), isNotNull(passkey.lastUsedAt)))
    .orderBy(desc(passkey.lastUsedAt))
    .limit(1);
  const deviceBound = latest?.deviceType === "singleDevice" && !latest.backedUp;
  return { amr: [deviceBound ? "hwk" : "swk"], acr: passkeyAcr, authTimeInSeconds };
}
