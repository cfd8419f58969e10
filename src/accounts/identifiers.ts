import { hasUnsafeCharacters } from "../unsafe-text";

/**
 * Login IDs and e-mail addresses as the portal stores them. A login ID can never contain "@",
 * so sign-in can tell the two apart without guessing.
 */

export type IdentifierProblem = "required" | "format" | "too-long" | "characters";

const loginIdPattern = /^[a-z0-9](?:[a-z0-9._-]{1,30})[a-z0-9]$/;
// RFC 5321 s4.5.3.1: 64 octets of local part, 254 for the whole path.
const maximumEmailLength = 254;
const maximumLocalPartLength = 64;
const emailPattern =
  /^[^\s@"<>()[\]\\,;:]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

export function normalizeLoginId(
  raw: string,
): { loginId: string } | { problem: IdentifierProblem } {
  const trimmed = raw.trim();
  if (trimmed === "") return { problem: "required" };
  if (hasUnsafeCharacters(trimmed)) return { problem: "characters" };
  const loginId = trimmed.normalize("NFKC").toLowerCase();
  return loginIdPattern.test(loginId) ? { loginId } : { problem: "format" };
}

export function normalizeEmail(raw: string): { email: string } | { problem: IdentifierProblem } {
  const trimmed = raw.trim();
  if (trimmed === "") return { problem: "required" };
  if (hasUnsafeCharacters(trimmed)) return { problem: "characters" };
  if (trimmed.length > maximumEmailLength) return { problem: "too-long" };
  const email = trimmed.normalize("NFKC").toLowerCase();
  const localPart = email.slice(0, email.lastIndexOf("@"));
  if (localPart.length > maximumLocalPartLength || !emailPattern.test(email)) {
    return { problem: "format" };
  }
  return { email };
}

/** The sign-in field takes either; an "@" means an e-mail address. */
export function classifySignInIdentifier(
  raw: string,
): { kind: "email"; email: string } | { kind: "loginId"; loginId: string } | null {
  if (raw.includes("@")) {
    const result = normalizeEmail(raw);
    return "email" in result ? { kind: "email", email: result.email } : null;
  }
  const result = normalizeLoginId(raw);
  return "loginId" in result ? { kind: "loginId", loginId: result.loginId } : null;
}
