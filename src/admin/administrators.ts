import { findMemberByEmail, findMemberByLoginId, type Member } from "../accounts/members";
import { type NewMember, registerMember } from "../accounts/registration";
import type { Deps } from "../deps";

export type AdministratorResult =
  | { outcome: "created"; member: Member }
  | { outcome: "login-id-taken" | "email-registered" };

/**
 * Operators (the CLI, the setup link) may learn that an ID or address is taken: they are not
 * the anonymous public that enumeration protection is for.
 */
export async function findRegistrationConflict(
  deps: Pick<Deps, "database">,
  input: { loginId: string; email: string },
): Promise<"login-id-taken" | "email-registered" | null> {
  if (await findMemberByLoginId(deps.database, input.loginId)) return "login-id-taken";
  if (await findMemberByEmail(deps.database, input.email)) return "email-registered";
  return null;
}

export async function createAdministrator(
  deps: Pick<Deps, "database" | "clock" | "config" | "passwordHasher">,
  input: Omit<NewMember, "role">,
): Promise<AdministratorResult> {
  const conflict = await findRegistrationConflict(deps, input);
  if (conflict) return { outcome: conflict };
  const result = await registerMember(deps, { ...input, role: "admin" });
  return result.outcome === "created" ? result : { outcome: result.outcome };
}
