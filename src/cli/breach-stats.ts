import { CorpusSource } from "../breach/corpus-source";
import { openDefaultCorpusInMemory } from "../breach/default-corpus";
import { falsePositiveRate } from "../breach/format";
import { CorpusStack } from "../breach/stack";

/** `rekey breach stats`: what an operator needs to know about the corpus in use, per source. */
export function describeCorpus(path: string): string {
  const stack =
    path === ":memory:"
      ? CorpusStack.inMemory(CorpusSource.fromReader(openDefaultCorpusInMemory))
      : CorpusStack.openFiles(path);
  try {
    const sources = stack.listSources();
    const readers = stack.loadedReaders();
    const hashes = sources.reduce((total, source) => total + source.hashes, 0);
    // A password in none of the sources is a false positive if any one of them matches it.
    const anyFalsePositive = -Math.expm1(
      readers.reduce(
        (sum, reader) =>
          sum + Math.log1p(-falsePositiveRate(reader.header, reader.header.recordCount)),
        0,
      ),
    );
    const rows: [string, string][] = [
      ["Corpus", path],
      [
        "Version",
        `${stack.version} (${sources.length === 1 ? "1 source" : `${sources.length} sources`})`,
      ],
      ["Hashes", `${hashes.toLocaleString("en-US")} in all sources`],
      [
        "False positives",
        `${anyFalsePositive.toExponential(1)} per password in none of the sources`,
      ],
    ];
    let text = formatRows(rows);
    for (const [index, source] of sources.entries()) {
      const reader = readers[index];
      if (!reader) continue;
      const { header, fileBytes } = reader;
      const { description } = header;
      const keyBits = header.prefixBits + 8 * header.suffixBytes;
      text += `\nSource ${source.id} (${source.kind})\n`;
      text += formatRows([
        ["Version", source.version],
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
      ]);
    }
    return text;
  } finally {
    stack.close();
  }
}

function formatRows(rows: [string, string][]): string {
  return `${rows.map(([name, value]) => `${name.padEnd(16)}${value}`).join("\n")}\n`;
}
