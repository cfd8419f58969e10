import { PassThrough, Readable } from "node:stream";
import { runCommandLine } from "../../src/cli/main";

/** Runs the rekey command line with captured output and the given environment. */
export async function runCapturing(
  argv: string[],
  environment: Record<string, string>,
  stdinText = "",
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
    stdin: Readable.from([stdinText]),
    stdout,
    stderr,
    environment,
  });
  return { code, out, err };
}
