import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";

/**
 * Reads a password from a terminal without echoing it, or the first line of piped input.
 * Passwords never come from argv, where other users of the machine and shell history see them.
 */
export async function readPassword(options: {
  input: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => void };
  output: Writable;
  prompt: string;
}): Promise<string> {
  if (!options.input.isTTY) return readFirstLine(options.input);
  options.output.write(options.prompt);
  const muted = createInterface({ input: options.input, terminal: true, output: undefined });
  try {
    return await new Promise<string>((resolve) => muted.once("line", resolve));
  } finally {
    muted.close();
    options.output.write("\n");
  }
}

async function readFirstLine(input: Readable): Promise<string> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return "";
}
