import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import type { Language } from "../i18n";
import { rememberPassword } from "../passwords/history";
import { queueAddressInUseNotice, queueEmailVerification } from "./email-verification";
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
  language?: Language;
}

export type RegistrationResult =
  | { outcome: "created"; member: Member }
  | { outcome: "login-id-taken" }
  /** The route must answer exactly as for "created": the address's owner is told by e-mail. */
  | { outcome: "email-registered"; member: Member };

/**
 * Creates a member and queues the verification e-mail in one transaction. An address that
 * already has an account gets a notice instead, and the caller cannot tell the difference.
 */
export async function registerMember(
  deps: Pick<Deps, "database" | "clock" | "config" | "passwordHasher">,
  input: NewMember,
): Promise<RegistrationResult> {
  if (await findMemberByLoginId(deps.database, input.loginId)) return { outcome: "login-id-taken" };
  // Hash before looking at the address, so both answers take the same time; and outside the
  // transaction, which must not wait on anything but the database.
  const passwordHash = await deps.passwordHasher.hashPassword(input.password);
  const language = input.language ?? "en";

  return runInTransaction(deps.database, async (database): Promise<RegistrationResult> => {
    const existing = await findMemberByEmail(database, input.email);
    if (existing) {
      const signInUrl = new URL("/login", deps.config.origin).href;
      await queueAddressInUseNotice(database, deps.clock, existing, {
        kind: "registration-attempt",
        signInUrl,
      });
      return { outcome: "email-registered", member: existing };
    }
    const now = deps.clock.now();
    const created = await insertMember(database, {
      loginId: input.loginId,
      email: input.email,
      passwordHash,
      passwordChangedAt: now,
      role: input.role ?? "member",
      language,
      createdAt: now,
    });
    // The unique index on login_id settles a race with a concurrent registration.
    if (!created) return { outcome: "login-id-taken" };
    await rememberPassword(database, deps.clock, { memberId: created.id, passwordHash });
    await queueEmailVerification(database, deps, created, { address: created.email, language });
    return { outcome: "created", member: created };
  });
}
