import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { parse } from "csv-parse";

export type ImportFileFormat = "jsonl" | "csv";

/** A record of the file with its line number, or why that line is not a record. */
export type ImportRecord =
  | { lineNumber: number; record: Record<string, unknown> }
  | { lineNumber: number; error: string };

/** A line longer than this is refused without being parsed (a hash, names and IDs fit easily). */
const maximumLineCharacters = 16_384;

/** Picks the format from the file name: `.csv` is CSV, anything else JSON Lines. */
export function formatOfFileName(fileName: string): ImportFileFormat {
  return fileName.toLowerCase().endsWith(".csv") ? "csv" : "jsonl";
}

/**
 * Streams the records of a JSON Lines or CSV (with a header) file, one at a time, so memory
 * stays flat whatever the file's size. Blank lines are skipped; a line that does not parse is
 * reported by its number and reading goes on.
 */
export async function* readImportRecords(
  input: Readable,
  format: ImportFileFormat,
): AsyncGenerator<ImportRecord> {
  if (format === "csv") {
    yield* readCsvRecords(input);
    return;
  }
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    if (line.length > maximumLineCharacters) {
      yield { lineNumber, error: "line is too long" };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      yield { lineNumber, error: "not valid JSON" };
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      yield { lineNumber, error: "not a JSON object" };
      continue;
    }
    yield { lineNumber, record: value as Record<string, unknown> };
  }
}

async function* readCsvRecords(input: Readable): AsyncGenerator<ImportRecord> {
  const parser = input.pipe(
    parse({
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      max_record_size: maximumLineCharacters,
      // A row with the wrong number of fields is reported, not fatal.
      relax_column_count: true,
    }),
  );
  for await (const entry of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number; invalid_field_length: number };
  }>) {
    const lineNumber = entry.info.lines;
    if (entry.info.invalid_field_length > 0)
      yield { lineNumber, error: "the row's field count differs from the header" };
    else yield { lineNumber, record: entry.record };
  }
}
