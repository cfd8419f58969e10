import { inArray } from "drizzle-orm";
import type { Database } from "../db/connection";
import { member, session } from "../db/schema";
import type { Deps } from "../deps";
import { startForcedResets } from "../resets/forced-reset";
import type { NewlyResetRequired } from "./store-batch";

/**
 * A re-import that marks members who already use rekey reset-required (the service learnt its
 * hashes leaked) is a forced reset like any other: whoever holds the account now, perhaps the
 * attacker, keeps no session, no outstanding link, no passkey a password alone vouched for, and
 * no OpenID Connect session at any service. Runs in the batch's transaction. The members are not
 * e-mailed here: the service chose the import, and the member meets the neutral reset page at
 * their next sign-in, as new members marked reset-required by an import do.
 */
export async function evictNewlyResetRequired(
  database: Database,
  deps: Pick<Deps, "clock" | "config">,
  members: readonly NewlyResetRequired[],
): Promise<void> {
  if (members.length === 0) return;
  const ids = members.map((entry) => entry.id);
  const owners = await database
    .select({
      id: member.id,
      loginId: member.loginId,
      email: member.email,
      language: member.language,
    })
    .from(member)
    .where(inArray(member.id, ids));
  await database.delete(session).where(inArray(session.memberId, ids));
  const byReason = new Map<string, typeof owners>();
  for (const owner of owners) {
    const reason = members.find((entry) => entry.id === owner.id)?.reason ?? "imported";
    byReason.set(reason, [...(byReason.get(reason) ?? []), owner]);
  }
  for (const [reason, group] of byReason)
    await startForcedResets(
      database,
      deps,
      group.map((owner) => ({ ...owner, previousEmail: null })),
      { notify: false, reason, jobId: null },
    );
}
