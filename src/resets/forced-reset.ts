import type { Member } from "../accounts/members";
import type { Database } from "../db/connection";
import type { Deps } from "../deps";
import { endOidcSessionsOfMembers } from "../oidc/member-sign-out";
import { suspendPasskeysForForcedReset } from "../passkeys/trust";
import { revokeTokensAfterCredentialChanges } from "../tokens/credential-change";
import { recordMemberEvents } from "../webhooks/events";
import { issueResetLinks } from "./reset-links";

/** `previousEmail`: where the link goes instead when the address changed recently (email_change). */
type ResetOwner = Pick<Member, "id" | "loginId" | "email" | "language"> & {
  previousEmail: string | null;
};

/**
 * What every forced reset does beyond the account's reset state, whichever door it came through
 * (a bulk list by web, CLI or API, the admin's member page, "this wasn't me", a breached password
 * at sign-in): links asked for before it (perhaps by the attacker, perhaps to undo it) die, the
 * passkeys a password alone vouched for since the member last proved they hold the mailbox are
 * suspended, and the member gets a forced-reset link, which is then the one that works. Runs in the caller's
 * transaction, set-based so a bulk reset keeps its pace.
 */
export async function startForcedResets(
  database: Database,
  deps: Pick<Deps, "clock" | "config">,
  owners: ResetOwner[],
  options: { notify: boolean; reason: string; jobId: number | null; cause?: "combo-list" },
): Promise<void> {
  const memberIds = owners.map((owner) => owner.id);
  // The service hears of it in the same transaction, whichever door the reset came through.
  await recordMemberEvents(database, deps.clock, {
    type: "member.reset_forced",
    memberIds,
    facts: { reason: options.reason, jobId: options.jobId },
  });
  await revokeTokensAfterCredentialChanges(database, { memberIds, now: deps.clock.now() });
  // Services signed in through rekey lose the member too: no refresh token of the attacker's
  // session keeps working anywhere (back-channel logout queued for each service).
  await endOidcSessionsOfMembers(database, memberIds);
  await suspendPasskeysForForcedReset(database, {
    memberIds,
    now: deps.clock.now(),
  });
  await issueResetLinks(database, deps, owners, {
    kind: "forced",
    notify: options.notify,
    cause: options.cause,
  });
}
