import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import type { Deps } from "../deps";
import { workerEntryFor } from "../runtime-paths";
import type {
  OperationsPublication,
  OperationsWorkerData,
  OperationsWorkerReport,
} from "./operations-protocol";
import { describeReadiness } from "./routes";

const workerEntry = workerEntryFor("src/health/operations-worker");

export interface OperationsThreadOptions {
  port: number;
  host: string;
  /** How often the metrics exposition (and readiness, changed or not) is published. */
  publishIntervalInMilliseconds?: number;
  /** How often readiness is compared with what was published, to publish a change at once. */
  readinessCheckIntervalInMilliseconds?: number;
  livenessLimitInMilliseconds?: number;
  readinessLimitInMilliseconds?: number;
}

export interface OperationsThread {
  address: AddressInfo;
  /** Publishes readiness now (a shutdown began, a probe failed). */
  publishReadiness(): void;
  stop(): Promise<void>;
}

/**
 * Starts the operations listener in a worker thread (operations-worker.ts) and keeps it fed
 * from this thread: readiness when it changes (checked every 250 ms, no I/O) and at least
 * every second, the metrics exposition every second. The thread answers probes from those
 * publications while this loop is busy; if they stop for `livenessLimitInMilliseconds` (30 s)
 * its /healthz answers 503, since a wedged main loop is what a liveness check must catch.
 */
export async function startOperationsThread(
  deps: Pick<Deps, "config" | "logger" | "readiness" | "metrics">,
  options: OperationsThreadOptions,
): Promise<OperationsThread> {
  const publishIntervalInMilliseconds = options.publishIntervalInMilliseconds ?? 1000;
  const { defence } = deps.config;
  const workerData: OperationsWorkerData = {
    port: options.port,
    host: options.host,
    metricsToken: defence.metricsToken,
    metricsAllowedSources: defence.metricsAllowedSources.map((range) => range.cidr),
    trustedProxies: defence.trustedProxies.map((range) => range.cidr),
    livenessLimitInMilliseconds: options.livenessLimitInMilliseconds ?? 30_000,
    readinessLimitInMilliseconds: options.readinessLimitInMilliseconds ?? 5000,
  };
  const worker = new Worker(workerEntry, { workerData });
  let stopped = false;
  const publish = (publication: OperationsPublication) => {
    if (!stopped) worker.postMessage(publication);
  };

  let lastReadiness: { json: string; atMs: number } | null = null;
  const publishReadiness = (onlyIfChanged = false) => {
    const answer = describeReadiness(deps.readiness.report());
    const json = JSON.stringify(answer.body);
    const now = performance.now();
    if (
      onlyIfChanged &&
      lastReadiness?.json === json &&
      now - lastReadiness.atMs < publishIntervalInMilliseconds
    ) {
      return;
    }
    lastReadiness = { json, atMs: now };
    publish({ type: "readiness", status: answer.status, json });
  };

  let collecting = false;
  const publishMetrics = async () => {
    // A slow collection is skipped rather than stacked: the thread keeps the last snapshot
    // and its rekey_metrics_snapshot_age_seconds shows the delay.
    if (collecting) return;
    collecting = true;
    try {
      const registry = deps.metrics.registry;
      const text = await registry.metrics();
      publish({ type: "metrics", text, contentType: registry.contentType });
    } catch (error) {
      deps.logger.error({ err: error }, "collecting metrics for the operations thread failed");
    } finally {
      collecting = false;
    }
  };

  const listening = new Promise<AddressInfo>((resolve, reject) => {
    worker.on("message", (report: OperationsWorkerReport) => {
      if (report.type === "listening") {
        resolve({ address: report.address, family: report.family, port: report.port });
      } else {
        reject(new Error(`the operations listener failed: ${report.message}`));
        deps.logger.error({ error: report.message }, "the operations listener failed");
      }
    });
    worker.on("error", (error) => {
      reject(error);
      deps.logger.error({ err: error }, "the operations thread failed");
    });
    worker.once("exit", (code) => {
      if (!stopped) {
        const error = new Error(`the operations thread exited with code ${code}`);
        reject(error);
        deps.logger.error({ err: error }, "the operations thread exited");
      }
    });
  });

  publishReadiness();
  await publishMetrics();
  let address: AddressInfo;
  try {
    address = await listening;
  } catch (error) {
    stopped = true;
    await worker.terminate();
    throw error;
  }
  const readinessTimer = setInterval(
    () => publishReadiness(true),
    options.readinessCheckIntervalInMilliseconds ?? 250,
  );
  const metricsTimer = setInterval(() => void publishMetrics(), publishIntervalInMilliseconds);

  return {
    address,
    publishReadiness: () => publishReadiness(),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(readinessTimer);
      clearInterval(metricsTimer);
      await worker.terminate();
    },
  };
}
