import type { Member } from "../accounts/members";
import type { Database } from "../db/connection";
import type { Deps } from "../deps";
import { suspendPasskeysForForcedReset } from "../passkeys/trust";
import { issueResetLinks } from "./reset-links";

type ResetOwner = Pick<Member, "id" | "loginId" | "email" | "language">;

/**
 * What every forced reset does beyond the account's reset state, whichever door it came through
 * (a bulk list by web, CLI or API, the admin's member page, "this wasn't me", a breached password
 * at sign-in): the passkeys a password alone vouched for since the member last proved they hold
 * the mailbox are suspended, and the member gets a forced-reset link. Runs in the caller's
 * transaction, set-based so a bulk reset keeps its pace.
 */
export async function startForcedResets(
  database: Database,
  deps: Pick<Deps, "clock" | "config">,
  owners: ResetOwner[],
  options: { notify: boolean },
): Promise<void> {
  await suspendPasskeysForForcedReset(database, {
    memberIds: owners.map((owner) => owner.id),
    now: deps.clock.now(),
  });
  await issueResetLinks(database, deps, owners, { kind: "forced", notify: options.notify });
}
