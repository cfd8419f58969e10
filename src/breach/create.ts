import { existsSync } from "node:fs";
import type { Logger } from "pino";
import type { Config } from "../config";
import { CorpusSource } from "./corpus-source";
import { openDefaultCorpusInMemory, writeDefaultCorpusFile } from "./default-corpus";
import { HibpRangeSource, LayeredBreachSource } from "./online";
import type { BreachSource } from "./source";
import { CorpusStack } from "./stack";
import { baseRemovedMarkerPath } from "./stack-layout";

/** How often a running server looks for a corpus renamed into place by `rekey breach import`. */
export const corpusRefreshIntervalInMilliseconds = 10_000;

/** The configured corpus cannot be used; the message says why and what to do. */
export class CorpusUnavailableError extends Error {
  override name = "CorpusUnavailableError";
}

/**
 * The breach source the configuration asks for: the local corpus (built from the packaged
 * default lists on first start), optionally followed by the HIBP range API.
 */
export function createBreachSource(config: Config, logger: Logger): BreachSource {
  const local = openLocalCorpus(config, logger);
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

function openLocalCorpus(config: Config, logger: Logger): CorpusStack {
  const path = config.breachCorpusPath;
  if (path === ":memory:") {
    return CorpusStack.inMemory(CorpusSource.fromReader(openDefaultCorpusInMemory));
  }
  if (!existsSync(path) && !existsSync(baseRemovedMarkerPath(path))) {
    // An imported corpus that went missing must not be replaced by the small default in
    // silence: only the path rekey chose itself is seeded with the default lists.
    if (config.breachCorpusPathConfigured) {
      throw new CorpusUnavailableError(
        `REKEY_BREACH_CORPUS ${path}: the file does not exist. Restore it from a backup, import ` +
          "a corpus there (rekey breach import <list>), or unset REKEY_BREACH_CORPUS to use the " +
          "packaged default beside the database.",
      );
    }
    const header = writeDefaultCorpusFile(path);
    logger.warn(
      { path, hashes: header.recordCount },
      "no breached-password corpus at the default path: built the default from the packaged lists (if a corpus was imported here before, it is gone: import it again)",
    );
  }
  let source: CorpusStack;
  try {
    source = CorpusStack.openFiles(path, {
      onSwap: (version) => logger.info({ path, version }, "breached-password corpus swapped in"),
      onRefreshFailure: (error) =>
        logger.error(
          { err: error, path },
          "breached-password corpus at the configured path refused; the loaded version keeps answering",
        ),
      onRefreshRecovered: () =>
        logger.info({ path }, "breached-password corpus file is usable again"),
    });
  } catch (error) {
    throw new CorpusUnavailableError(
      `REKEY_BREACH_CORPUS ${path}: ${(error as Error).message}. Import a corpus again ` +
        "(rekey breach import) or restore it from a backup.",
      { cause: error },
    );
  }
  source.startRefreshing(corpusRefreshIntervalInMilliseconds);
  return source;
}

/**
 * Checks the corpus digest before a server serves a lookup from it (seconds for a 7 GB file);
 * a damaged corpus stops the start with a message instead of calling every password clean.
 */
export function checkBreachCorpusBeforeUse(source: BreachSource, config: Config): void {
  try {
    source.checkIntegrity?.();
  } catch (error) {
    throw new CorpusUnavailableError(
      `REKEY_BREACH_CORPUS ${config.breachCorpusPath}: ${(error as Error).message}. Import the ` +
        "corpus again (rekey breach import) or restore it from a backup; check it with " +
        "rekey breach verify <file>.",
      { cause: error },
    );
  }
}
