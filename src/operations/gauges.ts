import { Gauge } from "prom-client";
import { readLoopHeartbeats } from "../background/polling-loop";
import { corpusSourceKinds } from "../breach/stack-layout";
import type { Deps } from "../deps";
import type { OperationalFiguresCache } from "./figures";

/**
 * Gauges an on-call pages on. Each `collect()` reads memory only: the figures cache (refreshed
 * by its own loop), the open corpus's header and the loops' heartbeats. A gauge whose figures
 * were never read yet reports nothing rather than a made-up zero.
 */
export function registerOperationsGauges(
  deps: Pick<Deps, "metrics" | "clock" | "breachSource">,
  cache: OperationalFiguresCache,
): void {
  const registers = [deps.metrics.registry];
  const secondsSince = (at: Date) =>
    Math.max(0, (deps.clock.now().getTime() - at.getTime()) / 1000);

  new Gauge({
    name: "rekey_outbox_messages",
    help: "Messages not yet sent, by status (pending, sending, failed).",
    labelNames: ["status"],
    registers,
    collect() {
      const figures = cache.latest();
      if (!figures) return;
      for (const [status, total] of Object.entries(figures.outbox)) this.set({ status }, total);
    },
  });
  new Gauge({
    name: "rekey_outbox_oldest_due_age_seconds",
    help: "How long the longest-waiting due message has waited to be sent (0 when none waits).",
    registers,
    collect() {
      const figures = cache.latest();
      if (!figures) return;
      const dueAt = figures.oldestPendingDueAt;
      this.set(dueAt ? secondsSince(dueAt) : 0);
    },
  });
  new Gauge({
    name: "rekey_bulk_reset_jobs",
    help: "Bulk resets (dry runs excluded) by status: preparing, pending, running, completed.",
    labelNames: ["status"],
    registers,
    collect() {
      const figures = cache.latest();
      if (!figures) return;
      for (const [status, total] of Object.entries(figures.bulkResetJobs)) {
        this.set({ status }, total);
      }
    },
  });
  new Gauge({
    name: "rekey_bulk_reset_items_remaining",
    help: "IDs not yet processed in bulk resets that have not completed.",
    registers,
    collect() {
      const figures = cache.latest();
      if (figures) this.set(figures.bulkResetItemsRemaining);
    },
  });
  new Gauge({
    name: "rekey_breach_corpus_info",
    help: "1, labelled with the version of the breached-password corpus answering checks.",
    labelNames: ["version"],
    registers,
    collect() {
      this.reset();
      this.set({ version: deps.breachSource.version }, 1);
    },
  });
  new Gauge({
    name: "rekey_breach_corpus_age_seconds",
    help: "Time since the breached-password corpus in use was built.",
    registers,
    collect() {
      const builtAt = deps.breachSource.builtAt;
      if (builtAt) this.set(secondsSince(builtAt));
    },
  });
  new Gauge({
    name: "rekey_breach_corpus_sources",
    help: "Sources of the breached-password corpus answering checks, by kind (packaged, file, combo-scan).",
    labelNames: ["kind"],
    registers,
    collect() {
      const corpus = deps.breachSource.corpus;
      if (!corpus) return;
      this.reset();
      for (const kind of corpusSourceKinds) this.set({ kind }, 0);
      for (const source of corpus.listSources()) this.inc({ kind: source.kind });
    },
  });
  new Gauge({
    name: "rekey_breach_corpus_hashes",
    help: "Hashes in all sources of the breached-password corpus (a hash in two sources counts twice).",
    registers,
    collect() {
      const corpus = deps.breachSource.corpus;
      if (!corpus) return;
      this.set(corpus.listSources().reduce((total, source) => total + source.hashes, 0));
    },
  });
  new Gauge({
    name: "rekey_background_loop_last_run_timestamp_seconds",
    help: "When each background loop of this process last finished a round (Unix time).",
    labelNames: ["loop"],
    registers,
    collect() {
      for (const [loop, at] of readLoopHeartbeats()) this.set({ loop }, at.getTime() / 1000);
    },
  });
}
