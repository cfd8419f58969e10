import type { Logger } from "pino";
import { findStalledLoops } from "../background/polling-loop";
import type { BreachSource } from "../breach/source";
import type { Database } from "../db/connection";
import { probeDatabaseWrite } from "../db/write-probe";
import type { Clock } from "../deps";

export interface ReadinessReport {
  ready: boolean;
  /** The instance is draining for a shutdown. */
  shuttingDown: boolean;
  database: "ok" | "cannot-write";
  breachCorpus: "ok" | "unusable";
  /** Background loops without a good round for longer than they allow. */
  stalledLoops: string[];
  /** The corpus file at the configured path was refused or is gone (old version answering). */
  breachCorpusFileProblem: string | null;
}

/**
 * Whether this instance should get traffic (GET /readyz): its database takes writes, its
 * breach corpus answers, its background loops run. Reading it costs no I/O: the database is
 * probed by one small write every few seconds (and marked unwritable at once when a request's
 * write fails), so a load balancer probing every second adds nothing to the database.
 */
export interface Readiness {
  report(): ReadinessReport;
  /** Writes the probe row now and records the outcome. */
  probeDatabase(): Promise<boolean>;
  /** A request's write just failed with disk full, read-only or I/O error. */
  markDatabaseUnwritable(error: unknown): void;
  /** From now on not ready: the load balancer stops sending traffic before the listener closes. */
  beginShutdown(): void;
  start(options: { probeIntervalInMilliseconds: number }): void;
  stop(): void;
}

export function createReadiness(deps: {
  database: Database;
  clock: Clock;
  logger: Logger;
  breachSource: BreachSource;
}): Readiness {
  let databaseWritable = true;
  let shuttingDown = false;
  let timer: NodeJS.Timeout | undefined;
  let probing: Promise<boolean> | undefined;

  const record = (writable: boolean, error?: unknown) => {
    if (writable !== databaseWritable) {
      if (writable) deps.logger.info("the database takes writes again: ready");
      else deps.logger.error({ err: error }, "the database cannot take writes: not ready");
    }
    databaseWritable = writable;
  };

  const readiness: Readiness = {
    report() {
      const stalledLoops = findStalledLoops();
      const breachUsable = deps.breachSource.unusableReason == null;
      return {
        ready: !shuttingDown && databaseWritable && breachUsable && stalledLoops.length === 0,
        shuttingDown,
        database: databaseWritable ? "ok" : "cannot-write",
        breachCorpus: breachUsable ? "ok" : "unusable",
        stalledLoops,
        breachCorpusFileProblem: deps.breachSource.fileProblem ?? null,
      };
    },
    probeDatabase() {
      probing ??= probeDatabaseWrite(deps.database, deps.clock.now())
        .then(
          () => {
            record(true);
            return true;
          },
          (error) => {
            record(false, error);
            return false;
          },
        )
        .finally(() => {
          probing = undefined;
        });
      return probing;
    },
    beginShutdown() {
      shuttingDown = true;
    },
    markDatabaseUnwritable(error) {
      record(false, error);
    },
    start(options) {
      readiness.stop();
      void readiness.probeDatabase();
      timer = setInterval(
        () => void readiness.probeDatabase(),
        options.probeIntervalInMilliseconds,
      );
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
  return readiness;
}
