import { normalizeEmail, normalizeLoginId } from "../accounts/identifiers";
import type { Language } from "../i18n";
import { hasBidiControls, hasUnsafeCharacters } from "../unsafe-text";

/** One member as a service exports it; field names as in the README's import format. */
export interface ImportRow {
  lineNumber: number;
  externalId: string;
  loginId: string;
  email: string;
  emailVerified: boolean;
  displayName: string | null;
  language: Language | null;
  createdAt: Date | null;
  passwordHash: string | null;
  passwordSalt: string | null;
}

export type RowCheck = { ok: true; row: ImportRow } | { ok: false; message: string };

const maximumExternalIdLength = 255;
const maximumDisplayNameLength = 100;
const maximumSaltLength = 1024;

/**
 * Reads one record (a JSON object, or a CSV row keyed by its header) into a row, or says which
 * field is wrong. Values are never echoed back: a row may hold a password hash.
 */
export function checkImportRow(record: Record<string, unknown>, lineNumber: number): RowCheck {
  const externalId = text(record.externalId);
  if (!externalId) return refuse("externalId is required");
  if (externalId.length > maximumExternalIdLength || hasUnsafeCharacters(externalId))
    return refuse("externalId is longer than 255 characters or has control characters");
  const loginId = normalizeLoginId(text(record.loginId) ?? "");
  if ("problem" in loginId) return refuse(`loginId: ${loginId.problem}`);
  const email = normalizeEmail(text(record.email) ?? "");
  if ("problem" in email) return refuse(`email: ${email.problem}`);
  const emailVerified = flag(record.emailVerified);
  if (emailVerified === null) return refuse("emailVerified must be true or false");
  const displayName = text(record.displayName);
  if (
    displayName &&
    (displayName.length > maximumDisplayNameLength ||
      hasUnsafeCharacters(displayName) ||
      hasBidiControls(displayName))
  )
    return refuse("displayName is longer than 100 characters or has control characters");
  const language = languageOf(text(record.language));
  if (language === undefined) return refuse("language must be en or ja");
  const createdAt = dateOf(record.createdAt);
  if (createdAt === undefined)
    return refuse("createdAt must be an ISO 8601 date or epoch milliseconds");
  const passwordSalt = text(record.passwordSalt);
  if (passwordSalt && passwordSalt.length > maximumSaltLength)
    return refuse("passwordSalt is too long");
  return {
    ok: true,
    row: {
      lineNumber,
      externalId,
      loginId: loginId.loginId,
      email: email.email,
      emailVerified,
      displayName: displayName?.normalize("NFC") ?? null,
      language,
      createdAt,
      passwordHash: text(record.passwordHash),
      passwordSalt,
    },
  };
}

function refuse(message: string): RowCheck {
  return { ok: false, message };
}

/** A trimmed non-empty string, numbers as their text; anything else is absent. */
function text(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function flag(value: unknown): boolean | null {
  if (value === undefined || value === null || value === "") return false;
  if (typeof value === "boolean") return value;
  const lowered = String(value).trim().toLowerCase();
  if (["true", "1", "yes"].includes(lowered)) return true;
  if (["false", "0", "no"].includes(lowered)) return false;
  return null;
}

/** "en", "en-US", "ja", "ja_JP"; absent is null; anything else undefined (refused). */
function languageOf(value: string | null): Language | null | undefined {
  if (value === null) return null;
  const primary = value.toLowerCase().split(/[-_]/)[0];
  return primary === "en" || primary === "ja" ? primary : undefined;
}

function dateOf(value: unknown): Date | null | undefined {
  if (value === undefined || value === null || value === "") return null;
  const date =
    typeof value === "number" || (typeof value === "string" && /^\d{10,13}$/.test(value))
      ? new Date(Number(value))
      : typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)
        ? new Date(value)
        : null;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
