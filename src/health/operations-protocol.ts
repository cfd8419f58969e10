/** What the main thread and the operations thread (operations-worker.ts) tell each other. */

export interface OperationsWorkerData {
  port: number;
  host: string;
  metricsToken: string | null;
  /** CIDR text ("10.0.0.0/8"): parsed again in the thread, as structured clone drops Buffer. */
  metricsAllowedSources: string[];
  trustedProxies: string[];
  /** /healthz answers 503 once the main thread has been silent this long: it is wedged. */
  livenessLimitInMilliseconds: number;
  /** /readyz answers 503 once the last readiness it published is this old. */
  readinessLimitInMilliseconds: number;
}

/** Main thread -> operations thread. */
export type OperationsPublication =
  | { type: "readiness"; status: 200 | 503; json: string }
  | { type: "metrics"; text: string; contentType: string };

/** Operations thread -> main thread. */
export type OperationsWorkerReport =
  | { type: "listening"; address: string; family: string; port: number }
  | { type: "failed"; message: string };
