import { findPreviousEmailBeforeRecentChange } from "../accounts/email-change-history";
import { classifySignInIdentifier } from "../accounts/identifiers";
import { findMemberByEmail, findMemberByLoginId } from "../accounts/members";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { issueResetLinks } from "./reset-links";
import { revokeResetLinks } from "./reset-tokens";

/**
 * "Forgot password": e-mails a one-hour link when the ID or address belongs to an account, and
 * does nothing otherwise; the caller answers the same either way.
 */
export async function requestSelfServiceReset(
  deps: Pick<Deps, "database" | "clock" | "config">,
  identifier: string,
): Promise<void> {
  const classified = classifySignInIdentifier(identifier);
  if (!classified) return;
  const owner =
    classified.kind === "email"
      ? await findMemberByEmail(deps.database, classified.email)
      : await findMemberByLoginId(deps.database, classified.loginId);
  if (!owner) return;
  // While a forced reset waits, an attacker who moved the address must not be able to finish
  // it through "forgot password": the link then goes where the forced one went.
  const previousEmail = owner.resetRequiredAt
    ? await findPreviousEmailBeforeRecentChange(deps, owner.id)
    : null;
  await runInTransaction(deps.database, async (database) => {
    // Only the newest self-service link works; a forced-reset link stays valid beside it.
    await revokeResetLinks(database, deps.clock.now(), owner.id, "self-service");
    await issueResetLinks(database, deps, [{ ...owner, previousEmail }], {
      kind: "self-service",
      notify: true,
    });
  });
}
