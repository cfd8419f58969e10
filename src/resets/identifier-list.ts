/**
 * Reads the list an administrator pastes or uploads: one login ID or e-mail address per line, or
 * a CSV file with the column to use named (by header) or numbered (from 1).
 */
export type IdentifierListResult =
  | {
      ok: true;
      identifiers: string[];
      /** Lines that were identifier:password pairs (a combo list): only the identifier was kept. */
      comboLines: number;
    }
  | { ok: false; problem: "empty" | "column" };

/**
 * A login ID or an e-mail address never holds ":", ";" or a tab, so a line that does is a combo
 * list's identifier:password pair: the password part is cut off here, before anything stores
 * the line (it once landed whole among the "unknown identifiers", in the database and the CSV).
 */
export function withoutPasswordPart(entry: string): { identifier: string; hadPassword: boolean } {
  const separator = entry.search(/[:;\t]/);
  return separator === -1
    ? { identifier: entry, hadPassword: false }
    : { identifier: entry.slice(0, separator).trim(), hadPassword: true };
}

export function parseIdentifierList(
  text: string,
  options: { column?: string } = {},
): IdentifierListResult {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const column = options.column?.trim() ?? "";
  let identifiers: string[];
  if (column === "") {
    identifiers = lines.map((line) => line.trim());
  } else {
    const rows = lines.filter((line) => line.trim() !== "").map(parseCsvLine);
    const header = rows[0] ?? [];
    const number = Number(column);
    let index: number;
    if (Number.isInteger(number) && number >= 1) {
      index = number - 1;
    } else {
      index = header.findIndex((cell) => cell.trim().toLowerCase() === column.toLowerCase());
      if (index === -1) return { ok: false, problem: "column" };
      rows.shift();
    }
    identifiers = rows.map((row) => (row[index] ?? "").trim());
  }
  let comboLines = 0;
  const kept: string[] = [];
  for (const entry of identifiers) {
    if (entry === "" || entry.startsWith("#")) continue;
    const { identifier, hadPassword } = withoutPasswordPart(entry);
    if (hadPassword) comboLines++;
    if (identifier !== "") kept.push(identifier);
  }
  return kept.length === 0
    ? { ok: false, problem: "empty" }
    : { ok: true, identifiers: kept, comboLines };
}

/** RFC 4180 fields: commas separate, double quotes enclose, "" is a quote inside quotes. */
export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let current = "";
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index];
    if (quoted) {
      if (character === '"' && line[index + 1] === '"') {
        current += '"';
        index++;
      } else if (character === '"') {
        quoted = false;
      } else {
        current += character;
      }
    } else if (character === '"') {
      quoted = true;
    } else if (character === ",") {
      cells.push(current);
      current = "";
    } else {
      current += character;
    }
  }
  cells.push(current);
  return cells;
}

/** One CSV field, quoted when needed, with a leading formula character neutralised (CWE-1236). */
export function formatCsvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
