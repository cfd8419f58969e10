import { countAdministrators } from "../accounts/members";
import type { NewMember } from "../accounts/registration";
import { recordAuditEvent } from "../audit/audit-log";
import type { Deps } from "../deps";
import {
  consumeOneTimeToken,
  findUsableOneTimeToken,
  issueOneTimeToken,
  revokeOneTimeTokens,
} from "../tokens/one-time-tokens";
import {
  type AdministratorResult,
  createAdministrator,
  findRegistrationConflict,
} from "./administrators";

const setupLinkLifetimeInSeconds = 3600;

/**
 * When no administrator exists, issues a one-hour, single-use setup link for the operator's
 * console. Each start withdraws the previous link, so only the last one printed works.
 */
export async function prepareFirstAdminSetupLink(
  deps: Pick<Deps, "database" | "clock" | "config">,
): Promise<URL | null> {
  if ((await countAdministrators(deps.database)) > 0) return null;
  await revokeOneTimeTokens(deps, { purpose: "first-admin-setup", memberId: null });
  const token = await issueOneTimeToken(deps, {
    purpose: "first-admin-setup",
    memberId: null,
    expiresInSeconds: setupLinkLifetimeInSeconds,
  });
  return new URL(`/setup/${token.value}`, deps.config.origin);
}

export async function isFirstAdminSetupLinkUsable(
  deps: Pick<Deps, "database" | "clock">,
  token: string,
): Promise<boolean> {
  if ((await countAdministrators(deps.database)) > 0) return false;
  return (await findUsableOneTimeToken(deps, "first-admin-setup", token)) !== null;
}

export type FirstAdminSetupResult = AdministratorResult | { outcome: "invalid-link" };

/**
 * Creates the first administrator. The link holder is the operator, so a taken ID or address
 * is reported plainly, and the link is only spent once the account can be created.
 */
export async function completeFirstAdminSetup(
  deps: Pick<Deps, "database" | "clock" | "config" | "passwordHasher">,
  token: string,
  input: Omit<NewMember, "role">,
): Promise<FirstAdminSetupResult> {
  if (!(await isFirstAdminSetupLinkUsable(deps, token))) return { outcome: "invalid-link" };
  const conflict = await findRegistrationConflict(deps, input);
  if (conflict) return { outcome: conflict };
  // Consuming first makes the link single-use even when two submissions race.
  if (!(await consumeOneTimeToken(deps, "first-admin-setup", token))) {
    return { outcome: "invalid-link" };
  }
  const result = await createAdministrator(deps, input);
  if (result.outcome === "created") {
    // The link holder is the operator, who becomes this administrator.
    await recordAuditEvent(deps.database, deps.clock, {
      actor: { kind: "member", memberId: result.member.id, loginId: result.member.loginId },
      action: "administrator.created",
      details: { memberId: result.member.id, loginId: result.member.loginId, via: "setup-link" },
    });
  }
  return result;
}
