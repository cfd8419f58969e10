import type { Deps } from "../deps";
import { addSourceBlocks } from "./blocklist";
import { type CidrRange, parseCidr } from "./ip-address";

export const maximumImportEntries = 100_000;

export interface ParsedBlocklist {
  ranges: CidrRange[];
  /** Line numbers (1-based) and text of lines that are neither an address nor a comment. */
  invalidLines: { line: number; text: string }[];
}

/**
 * Reads a blocklist in the common plain formats (FireHOL, Spamhaus DROP, one address or CIDR
 * per line): text after the first address on a line, and lines starting with "#" or ";", are
 * comments.
 */
export function parseBlocklistText(text: string): ParsedBlocklist {
  const ranges = new Map<string, CidrRange>();
  const invalidLines: ParsedBlocklist["invalidLines"] = [];
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) return;
    const first = line.split(/[\s;,#]/, 1)[0] ?? "";
    const range = parseCidr(first);
    if (range) ranges.set(range.cidr, range);
    else invalidLines.push({ line: index + 1, text: line.slice(0, 80) });
  });
  return { ranges: [...ranges.values()], invalidLines };
}

export type ImportResult =
  | { ok: true; imported: number; invalidLines: ParsedBlocklist["invalidLines"] }
  | { ok: false; problem: "empty" | "too-many" };

/** Imports a list as blocks with one reason and expiry, for the CLI and the admin page. */
export async function importBlocklist(
  deps: Pick<Deps, "database" | "clock">,
  text: string,
  options: { reason: string; expiresAt: Date | null; createdBy: number | null },
): Promise<ImportResult> {
  const parsed = parseBlocklistText(text);
  if (parsed.ranges.length === 0) return { ok: false, problem: "empty" };
  if (parsed.ranges.length > maximumImportEntries) return { ok: false, problem: "too-many" };
  const imported = await addSourceBlocks(
    deps,
    parsed.ranges.map((range) => ({ range, ...options, origin: "import" as const })),
  );
  return { ok: true, imported, invalidLines: parsed.invalidLines };
}
