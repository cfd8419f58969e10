import { PassThrough, Readable } from "node:stream";
import { runCommandLine } from "../../src/cli/main";

/** Runs the rekey command in-process with piped standard input, collecting what it writes. */
export async function runRekey(
  argv: string[],
  options: { stdin?: string; environment: Record<string, string> },
): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => {
    out += chunk;
  });
  stderr.on("data", (chunk) => {
    err += chunk;
  });
  const code = await runCommandLine(argv, {
    stdin: Readable.from([options.stdin ?? ""]),
    stdout,
    stderr,
    environment: { NODE_ENV: "test", ...options.environment },
  });
  return { code, out, err };
}
