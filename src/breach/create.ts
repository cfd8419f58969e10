import { existsSync } from "node:fs";
import type { Logger } from "pino";
import type { Config } from "../config";
import { CorpusSource } from "./corpus-source";
import { openDefaultCorpusInMemory, writeDefaultCorpusFile } from "./default-corpus";
import { HibpRangeSource, LayeredBreachSource } from "./online";
import type { BreachSource } from "./source";

/** How often a running server looks for a corpus renamed into place by `rekey breach import`. */
export const corpusRefreshIntervalInMilliseconds = 10_000;

/**
 * The breach source the configuration asks for: the local corpus (built from the packaged
 * default lists on first start), optionally followed by the HIBP range API.
 */
export function createBreachSource(config: Config, logger: Logger): BreachSource {
  const local = openLocalCorpus(config.breachCorpusPath, logger);
  if (config.breachOnlineMode === "off") return local;
  const online = new HibpRangeSource({
    rangeUrl: config.breachOnlineRangeUrl,
    timeoutInMilliseconds: config.breachOnlineTimeoutInMilliseconds,
    failureMode: config.breachOnlineMode,
    onFailure: (error) =>
      logger.warn(
        { err: error, failureMode: config.breachOnlineMode },
        "breached-password API did not answer",
      ),
  });
  return new LayeredBreachSource(local, online);
}

function openLocalCorpus(path: string, logger: Logger): CorpusSource {
  if (path === ":memory:") return CorpusSource.fromReader(openDefaultCorpusInMemory);
  if (!existsSync(path)) {
    const header = writeDefaultCorpusFile(path);
    logger.info(
      { path, hashes: header.recordCount },
      "built the default breached-password corpus from the packaged lists",
    );
  }
  let source: CorpusSource;
  try {
    source = CorpusSource.openFile(path, {
      onSwap: (version) => logger.info({ path, version }, "breached-password corpus swapped in"),
      onRefreshFailure: (error) =>
        logger.error({ err: error, path }, "cannot open the new breached-password corpus"),
    });
  } catch (error) {
    throw new Error(
      `REKEY_BREACH_CORPUS ${path}: ${(error as Error).message}. Import a corpus again ` +
        "(rekey breach import) or delete the file to rebuild the default.",
      { cause: error },
    );
  }
  logger.info(
    { path, version: source.version, hashes: source.reader.header.recordCount },
    "breached-password corpus open",
  );
  source.startRefreshing(corpusRefreshIntervalInMilliseconds);
  return source;
}
