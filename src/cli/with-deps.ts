import { closeDeps, createDeps, createLogger } from "../bootstrap";
import { type Config, ConfigError, loadConfig } from "../config";
import type { Deps } from "../deps";
import type { CommandIo } from "./main";

/** Loads the configuration as the server does; a bad value ends the command with its message. */
export function loadCommandConfig(io: CommandIo): Config | null {
  try {
    return loadConfig({ LOG_LEVEL: "warn", ...io.environment });
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return null;
    }
    throw error;
  }
}

/** Runs a command with the same dependencies as the server, and closes them after. */
export async function withDeps(
  io: CommandIo,
  run: (deps: Deps) => Promise<number>,
): Promise<number> {
  const config = loadCommandConfig(io);
  if (!config) return 1;
  // Logs go to standard error: standard output is the command's answer, which scripts capture.
  const deps = createDeps(config, { logger: createLogger(config, io.stderr) });
  try {
    return await run(deps);
  } finally {
    await deps.strengthEstimator.close();
    await closeDeps(deps);
  }
}
