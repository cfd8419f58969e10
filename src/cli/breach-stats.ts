import { openDefaultCorpusInMemory } from "../breach/default-corpus";
import { falsePositiveRate } from "../breach/format";
import { openCorpusFile } from "../breach/reader";

/** `rekey breach stats`: what an operator needs to know about the corpus in use. */
export function describeCorpus(path: string): string {
  const reader = path === ":memory:" ? openDefaultCorpusInMemory() : openCorpusFile(path);
  try {
    const { header, fileBytes, version } = reader;
    const { description } = header;
    const keyBits = header.prefixBits + 8 * header.suffixBytes;
    const rows: [string, string][] = [
      ["Corpus", path],
      ["Version", version],
      ["Built", new Date(header.builtAtMs).toISOString()],
      ["Source", `${description.sourceKind}: ${description.sourceName}`],
      [
        "Hashes",
        `${header.recordCount.toLocaleString("en-US")} (from ${description.linesRead.toLocaleString("en-US")} lines, ${description.rowsSkipped.toLocaleString("en-US")} skipped)`,
      ],
      [
        "Size",
        `${fileBytes.toLocaleString("en-US")} bytes, ${(fileBytes / Math.max(header.recordCount, 1)).toFixed(2)} bytes per hash`,
      ],
      [
        "Key",
        `first ${keyBits} bits of SHA-1 (${header.prefixBits}-bit bucket index, ${8 * header.suffixBytes} bits stored)`,
      ],
      ["Counts", header.countBytes > 0 ? "yes (seen N times)" : "no"],
      [
        "False positives",
        `${falsePositiveRate(header, header.recordCount).toExponential(1)} per password not in the source`,
      ],
    ];
    return `${rows.map(([name, value]) => `${name.padEnd(16)}${value}`).join("\n")}\n`;
  } finally {
    reader.close();
  }
}
