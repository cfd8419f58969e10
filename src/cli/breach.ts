import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { corpusRefreshIntervalInMilliseconds } from "../breach/create";
import { exactCountLimit } from "../breach/format";
import { CorpusFormatError } from "../breach/header";
import { type ImportFormat, importFormats } from "../breach/import-sources";
import { type CorpusReader, openCorpusFile } from "../breach/reader";
import { type BreachSource, BreachSourceUnavailableError } from "../breach/source";
import { baseRemovedMarkerPath } from "../breach/stack-layout";
import type { Config } from "../config";
import { normalizePasswordInput } from "../passwords/input";
import { importSourceCommand, listSourcesCommand, removeSourceCommand } from "./breach-sources";
import { describeCorpus } from "./breach-stats";
import type { CommandIo } from "./main";
import { readPassword } from "./password-prompt";
import { formatDuration } from "./progress";
import { loadCommandConfig, withDeps } from "./with-deps";

const refreshSeconds = corpusRefreshIntervalInMilliseconds / 1000;

export const breachUsage = `  breach import <path> [--format hibp-file|hibp-folder|passwords] [--replace]
      Add a source to the breached-password corpus from the HIBP downloader's single file
      (SHA1:count lines), its folder of PREFIX.txt files, or a UTF-8 list of passwords
      (a running server answers from it within ${refreshSeconds} seconds). The packaged default and
      every other source keep answering; --replace makes this file the only source.
      Without --format, a folder is HIBP's and a file is recognised by its first line.
  breach sources [--json]
      List the corpus's sources (ID, kind, hashes, when added, version, name).
  breach remove <id>
      Remove one source (the packaged default's ID is base). The last one cannot be removed.
  breach stats
      Show the corpus version, and each source's size, key width and false-positive rate.
  breach verify [<file>]
      Check a corpus file (by default the configured one) against the SHA-256 digest in its
      header, reading the whole file. Exit 0 when it is intact, 1 when it is damaged.
  breach check
      Check one password against the configured breach sources. The password is read
      like admin create's, never from the command line. Exit 1 when it is breached.
`;

export async function breachCommand(
  command: string | undefined,
  args: string[],
  io: CommandIo,
): Promise<number> {
  let parsed: ReturnType<typeof parseBreachArguments>;
  try {
    parsed = parseBreachArguments(args);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${breachUsage}`);
    return 2;
  }
  if (command === "check" && parsed.positionals.length === 0) {
    return withDeps(io, (deps) => checkCommand(deps.breachSource, io));
  }
  if (command === "stats" && parsed.positionals.length === 0) {
    const config = loadCommandConfig(io);
    return config ? statsCommand(config, io) : 1;
  }
  if (command === "verify" && parsed.positionals.length <= 1) {
    const file = parsed.positionals[0] ?? loadCommandConfig(io)?.breachCorpusPath;
    return file === undefined ? 1 : verifyCommand(file, io);
  }
  if (command === "import" && parsed.positionals.length === 1) {
    const sourcePath = parsed.positionals[0] as string;
    const { format, replace } = parsed;
    return withDeps(io, (deps) => importSourceCommand(deps, io, { sourcePath, format, replace }));
  }
  if (command === "sources" && parsed.positionals.length === 0) {
    return withDeps(io, (deps) => listSourcesCommand(deps, io, { json: parsed.json }));
  }
  if (command === "remove" && parsed.positionals.length === 1) {
    const id = parsed.positionals[0] as string;
    return withDeps(io, (deps) => removeSourceCommand(deps, io, id));
  }
  io.stderr.write(`Usage:\n${breachUsage}`);
  return 2;
}

function parseBreachArguments(args: string[]): {
  positionals: string[];
  format?: ImportFormat;
  replace: boolean;
  json: boolean;
} {
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: "string" },
      replace: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const format = values.format;
  if (format !== undefined && !(importFormats as readonly string[]).includes(format)) {
    throw new TypeError(`--format must be one of ${importFormats.join(", ")}`);
  }
  return {
    positionals,
    format: format as ImportFormat | undefined,
    replace: values.replace === true,
    json: values.json === true,
  };
}

function statsCommand(config: Config, io: CommandIo): number {
  const path = config.breachCorpusPath;
  if (path !== ":memory:" && !existsSync(path) && !existsSync(baseRemovedMarkerPath(path))) {
    io.stderr.write(
      `No corpus at ${path} yet: the server builds the default one at its first start, ` +
        "or run rekey breach import.\n",
    );
    return 1;
  }
  io.stdout.write(describeCorpus(path));
  return 0;
}

function verifyCommand(file: string, io: CommandIo): number {
  if (file === ":memory:") {
    io.stderr.write("REKEY_BREACH_CORPUS is :memory:; name a corpus file to verify.\n");
    return 2;
  }
  const startedAt = Date.now();
  let reader: CorpusReader;
  try {
    reader = openCorpusFile(file);
  } catch (error) {
    io.stderr.write(`${file}: refused: ${describeOpenFailure(error as NodeJS.ErrnoException)}\n`);
    return 1;
  }
  try {
    reader.verifyDigest();
  } catch (error) {
    if (!(error instanceof CorpusFormatError)) throw error;
    io.stderr.write(
      `${file}: refused: ${error.message}.\nImport the corpus again (rekey breach import) or ` +
        "restore it from a backup.\n",
    );
    return 1;
  } finally {
    reader.close();
  }
  const seconds = (Date.now() - startedAt) / 1000;
  io.stdout.write(
    `${file}: intact, version ${reader.version}, ${reader.header.recordCount.toLocaleString("en-US")} ` +
      `hashes; SHA-256 of ${reader.fileBytes.toLocaleString("en-US")} bytes checked in ${formatDuration(seconds)}.\n`,
  );
  return 0;
}

function describeOpenFailure(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "the file does not exist";
  return error.message;
}

async function checkCommand(source: BreachSource, io: CommandIo): Promise<number> {
  const raw = await readPassword({
    input: io.stdin as never,
    output: io.stderr as never,
    prompt: "Password to check: ",
  });
  const input = normalizePasswordInput(raw);
  if (!input.ok) {
    io.stderr.write(`That is not a password rekey would accept (${input.problem}).\n`);
    return 2;
  }
  const version = source.version;
  try {
    const result = await source.isBreached(input.password);
    if (!result.breached) {
      io.stdout.write(`Not found in the breached-password corpus (version ${version}).\n`);
      return 0;
    }
    const seen = result.count === undefined ? "" : `: ${describeCount(result.count)}`;
    io.stdout.write(`Breached${seen} (corpus version ${version}).\n`);
    return 1;
  } catch (error) {
    if (!(error instanceof BreachSourceUnavailableError)) throw error;
    io.stderr.write("The online breach check did not answer and is set to fail closed.\n");
    return 1;
  }
}

/** Counts from 32,768 up are stored rounded down (within 0.1%), so they are lower bounds. */
function describeCount(count: number): string {
  if (count === 1) return "seen once";
  const times = `${count.toLocaleString("en-US")} times`;
  return count >= exactCountLimit ? `seen at least ${times}` : `seen ${times}`;
}
