import { closeDeps, createDeps, createLogger } from "../bootstrap";
import { CorpusUnavailableError } from "../breach/create";
import { CorpusFormatError } from "../breach/header";
import { type Config, ConfigError, loadConfig } from "../config";
import { DatabaseStateError } from "../db/migration-state";
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
  let deps: Deps;
  try {
    // Logs go to standard error: standard output is the command's answer, which scripts capture.
    deps = createDeps(config, { logger: createLogger(config, io.stderr) });
  } catch (error) {
    if (!isOperatorProblem(error)) throw error;
    io.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  try {
    return await run(deps);
  } catch (error) {
    if (!isOperatorProblem(error)) throw error;
    const corpus = error instanceof CorpusFormatError ? `${config.breachCorpusPath}: ` : "";
    io.stderr.write(`${corpus}${(error as Error).message}\n`);
    return 1;
  } finally {
    await deps.strengthEstimator.close();
    await closeDeps(deps);
  }
}

/** Problems of the installation the operator must fix: a message, not a stack trace. */
export function isOperatorProblem(error: unknown): boolean {
  return (
    error instanceof DatabaseStateError ||
    error instanceof CorpusUnavailableError ||
    error instanceof CorpusFormatError
  );
}
