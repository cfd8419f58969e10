import type { Messages } from "../i18n";
import { describeBlockingFindings, describePasswordInputProblem } from "../passwords/describe";
import { normalizePasswordInput } from "../passwords/input";
import type { PasswordPolicy } from "../passwords/policy";
import { type IdentifierProblem, normalizeEmail, normalizeLoginId } from "./identifiers";

export type FieldErrors = Partial<Record<string, string>>;

export type RegistrationFormResult =
  | { ok: true; loginId: string; email: string; password: string }
  | { ok: false; values: { loginId: string; email: string }; errors: FieldErrors };

/**
 * Validates the registration fields (also used by first-administrator setup). The password
 * policy runs only once the cheap checks on every field have passed.
 */
export async function validateRegistrationForm(
  fields: { loginId: string; email: string; password: string },
  messages: Messages,
  policy: PasswordPolicy,
): Promise<RegistrationFormResult> {
  const errors: FieldErrors = {};
  const values = { loginId: fields.loginId.slice(0, 64), email: fields.email.slice(0, 300) };
  const loginId = normalizeLoginId(fields.loginId);
  if ("problem" in loginId)
    errors.loginId = describeIdentifierProblem(loginId.problem, messages, "loginId");
  const email = normalizeEmail(fields.email);
  if ("problem" in email)
    errors.email = describeIdentifierProblem(email.problem, messages, "email");
  const password = normalizePasswordInput(fields.password);
  if (!password.ok) errors.password = describePasswordInputProblem(password.problem, messages);

  if ("problem" in loginId || "problem" in email || !password.ok)
    return { ok: false, values, errors };

  const findings = await policy.evaluatePassword(password.password, {
    loginId: loginId.loginId,
    email: email.email,
  });
  const refusal = describeBlockingFindings(findings, messages);
  if (refusal) {
    errors.password = refusal;
    return { ok: false, values, errors };
  }
  return { ok: true, loginId: loginId.loginId, email: email.email, password: password.password };
}

function describeIdentifierProblem(
  problem: IdentifierProblem,
  messages: Messages,
  field: "loginId" | "email",
): string {
  switch (problem) {
    case "required":
      return messages.errorRequired;
    case "characters":
      return messages.errorFieldCharacters;
    case "too-long":
      return messages.errorEmailTooLong;
    case "format":
      return field === "loginId" ? messages.errorLoginIdFormat : messages.errorEmailFormat;
  }
}
