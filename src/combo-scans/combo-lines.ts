import { classifySignInIdentifier } from "../accounts/identifiers";
import { maximumPasswordBytes, normalizePasswordInput } from "../passwords/input";
import { parseCsvLine } from "../resets/identifier-list";

/**
 * One line of a combo list, as found in the wild: `identifier:password`, `identifier;password`,
 * tab-separated, or a CSV row. A login ID or an e-mail address never contains ":", ";", "," or a
 * tab (accounts/identifiers.ts), so the first of them ends the identifier and everything after
 * it is the password, which may itself contain any of them.
 */
export type ComboPair =
  | { kind: "email"; key: string; password: string }
  | { kind: "loginId"; key: string; password: string };

/** CSV columns chosen by the operator (names from the header, or numbers from 1). */
export interface ComboColumns {
  identifier: string;
  password: string;
}

/** How the rows of a CSV list are read, settled by its first line. */
export type CsvLayout = { identifierIndex: number; passwordIndex: number; hasHeader: boolean };

const identifierHeaders = [
  "email",
  "e-mail",
  "mail",
  "login",
  "login_id",
  "loginid",
  "username",
  "user",
  "identifier",
  "account",
];
const passwordHeaders = ["password", "pass", "passwd", "pwd"];

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The text of a line's bytes: UTF-8 when they are valid UTF-8, otherwise Latin-1 (lists are
 * concatenated from dumps of many sites, so the guess is per line, not per file).
 */
export function decodeComboLine(bytes: Uint8Array): string {
  let ascii = true;
  for (let index = 0; index < bytes.length; index++) {
    if ((bytes[index] ?? 0) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii)
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  try {
    return utf8.decode(bytes);
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  }
}

/**
 * Reads the CSV layout from a list's first line: a header naming an identifier column and a
 * password column, or the operator's chosen columns. Null when the list is not such a CSV.
 */
export function detectCsvLayout(firstLine: string, columns?: ComboColumns): CsvLayout | null {
  const header = parseCsvLine(firstLine.replace(/^\uFEFF/, "")).map((cell) =>
    cell.trim().toLowerCase(),
  );
  if (columns) {
    const identifierIndex = columnIndex(header, columns.identifier);
    const passwordIndex = columnIndex(header, columns.password);
    if (identifierIndex === null || passwordIndex === null) return null;
    const named =
      !/^\d+$/.test(columns.identifier.trim()) || !/^\d+$/.test(columns.password.trim());
    return { identifierIndex, passwordIndex, hasHeader: named };
  }
  if (header.length < 2) return null;
  const identifierIndex = header.findIndex((cell) => identifierHeaders.includes(cell));
  const passwordIndex = header.findIndex((cell) => passwordHeaders.includes(cell));
  if (identifierIndex === -1 || passwordIndex === -1) return null;
  return { identifierIndex, passwordIndex, hasHeader: true };
}

function columnIndex(header: string[], column: string): number | null {
  const trimmed = column.trim();
  if (/^\d+$/.test(trimmed)) {
    const number = Number(trimmed);
    return number >= 1 ? number - 1 : null;
  }
  const index = header.indexOf(trimmed.toLowerCase());
  return index === -1 ? null : index;
}

/**
 * A pair ready to look up and verify: the identifier normalised as at sign-in, the password
 * normalised and capped as at sign-in. Null for a malformed line (no separator, an identifier
 * that could not be a member's, an empty or over-long password).
 */
export function parseComboLine(line: string, layout: CsvLayout | null): ComboPair | null {
  let identifier: string;
  let password: string;
  if (layout) {
    const cells = parseCsvLine(line);
    identifier = cells[layout.identifierIndex] ?? "";
    password = cells[layout.passwordIndex] ?? "";
  } else {
    const separator = findSeparator(line);
    if (separator <= 0) return null;
    identifier = line.slice(0, separator);
    password = line.slice(separator + 1);
  }
  // The password is normalised only once its identifier matched a member (normalizeComboPassword):
  // 99% of a list's lines never get that far. Cheap checks here keep the malformed count honest.
  if (password.length === 0 || password.length > maximumPasswordBytes) return null;
  const classified = classifySignInIdentifier(identifier);
  if (!classified) return null;
  return classified.kind === "email"
    ? { kind: "email", key: classified.email, password }
    : { kind: "loginId", key: classified.loginId, password };
}

/** A matched pair's password as sign-in sees it (NFKC, capped), or null if it cannot be one. */
export function normalizeComboPassword(password: string): string | null {
  const input = normalizePasswordInput(password);
  return input.ok ? input.password : null;
}

function findSeparator(line: string): number {
  for (let index = 0; index < line.length; index++) {
    const code = line.charCodeAt(index);
    // ":" ";" "," and tab
    if (code === 58 || code === 59 || code === 44 || code === 9) return index;
  }
  return -1;
}

/**
 * The password part of a line, whatever its identifier: every password of a list joins the
 * breach corpus, including those of lines whose identifier is no member's.
 */
export function parseComboPassword(bytes: Uint8Array, layout: CsvLayout | null): string | null {
  let line = decodeComboLine(bytes);
  if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
  if (line.endsWith("\r")) line = line.slice(0, -1);
  let password: string;
  if (layout) {
    password = parseCsvLine(line)[layout.passwordIndex] ?? "";
  } else {
    const separator = findSeparator(line);
    if (separator <= 0) return null;
    password = line.slice(separator + 1);
  }
  return password === "" ? null : password;
}
