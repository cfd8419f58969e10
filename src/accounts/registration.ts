import type { Deps } from "../deps";
import {
  findMemberByEmail,
  findMemberByLoginId,
  insertMember,
  type Member,
  type Role,
} from "./members";

export interface NewMember {
  loginId: string;
  email: string;
  /** Already normalised and accepted by the password policy. */
  password: string;
  role?: Role;
}

export type RegistrationResult =
  | { outcome: "created"; member: Member }
  | { outcome: "login-id-taken" }
  /** The route must answer exactly as for "created": registration never reveals an address. */
  | { outcome: "email-registered"; member: Member };

export async function registerMember(
  deps: Pick<Deps, "database" | "clock" | "passwordHasher">,
  input: NewMember,
): Promise<RegistrationResult> {
  if (await findMemberByLoginId(deps.database, input.loginId)) return { outcome: "login-id-taken" };
  // Hash before looking at the address so both answers take the same time.
  const passwordHash = await deps.passwordHasher.hashPassword(input.password);
  const existing = await findMemberByEmail(deps.database, input.email);
  if (existing) return { outcome: "email-registered", member: existing };

  const now = deps.clock.now();
  const created = await insertMember(deps.database, {
    loginId: input.loginId,
    email: input.email,
    passwordHash,
    passwordChangedAt: now,
    role: input.role ?? "member",
    createdAt: now,
  });
  if (created) return { outcome: "created", member: created };

  // Lost a race with a concurrent registration: report whichever value the winner took.
  const winner = await findMemberByEmail(deps.database, input.email);
  return winner ? { outcome: "email-registered", member: winner } : { outcome: "login-id-taken" };
}
