import { validateRegistrationForm } from "../accounts/registration-form";
import { createAdministrator } from "../admin/administrators";
import { recordAuditEvent } from "../audit/audit-log";
import type { Deps } from "../deps";
import { messagesFor } from "../i18n";
import type { CommandIo } from "./main";
import { readPassword } from "./password-prompt";

/** `rekey admin create`: the same validation and password policy as the registration form. */
export async function adminCreateCommand(
  deps: Deps,
  io: CommandIo,
  options: { loginId: string; email: string },
): Promise<number> {
  const password = await readPassword({
    input: io.stdin as never,
    output: io.stderr as never,
    prompt: "Password for the new administrator: ",
  });
  const messages = messagesFor("en");
  const input = await validateRegistrationForm(
    { ...options, password },
    messages,
    deps.passwordPolicy,
  );
  if (!input.ok) {
    for (const [field, problem] of Object.entries(input.errors))
      io.stderr.write(`${field}: ${problem}\n`);
    return 1;
  }
  const result = await createAdministrator(deps, input);
  switch (result.outcome) {
    case "login-id-taken":
      io.stderr.write(`The login ID ${input.loginId} is already taken.\n`);
      return 1;
    case "email-registered":
      io.stderr.write(`The address ${input.email} already belongs to an account.\n`);
      return 1;
    case "created":
      await recordAuditEvent(deps.database, deps.clock, {
        actor: { kind: "cli" },
        action: "administrator.created",
        details: { memberId: result.member.id, loginId: result.member.loginId, via: "cli" },
      });
      io.stdout.write(
        `Administrator ${result.member.loginId} created. Sign in at ${new URL("/login", deps.config.origin).href}\n`,
      );
      return 0;
  }
}
