import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";

/**
 * Prometheus metrics this process can feed today. Counters live per process, as Prometheus
 * expects (each instance is scraped). Resets, reminders and the outbox depth are added by
 * their own issues, not faked here.
 */
export interface DefenceMetrics {
  registry: Registry;
  signInAttempts: Counter<"method" | "result">;
  throttled: Counter<"action" | "scope">;
  blocked: Counter<"action">;
  alerts: Counter<"kind">;
  mailSent: Counter;
  mailDeliveryFailures: Counter<"code">;
}

export function createDefenceMetrics(options: { collectProcessMetrics: boolean }): DefenceMetrics {
  const registry = new Registry();
  if (options.collectProcessMetrics)
    collectDefaultMetrics({ register: registry, prefix: "rekey_" });
  return {
    registry,
    signInAttempts: new Counter({
      name: "rekey_sign_in_attempts_total",
      help: "Sign-in attempts by method and result (success, wrong-password, unknown-id, throttled, blocked, ...).",
      labelNames: ["method", "result"],
      registers: [registry],
    }),
    throttled: new Counter({
      name: "rekey_throttled_requests_total",
      help: "Requests turned away by a throttle before any password work, by action and scope.",
      labelNames: ["action", "scope"],
      registers: [registry],
    }),
    blocked: new Counter({
      name: "rekey_blocked_requests_total",
      help: "Requests refused because their source is on the blocklist, by action.",
      labelNames: ["action"],
      registers: [registry],
    }),
    alerts: new Counter({
      name: "rekey_defence_alerts_total",
      help: "Alerts raised by this process (spikes, a failing mail relay), by kind.",
      labelNames: ["kind"],
      registers: [registry],
    }),
    mailSent: new Counter({
      name: "rekey_mail_sent_total",
      help: "Messages this process handed to the mail relay.",
      registers: [registry],
    }),
    mailDeliveryFailures: new Counter({
      name: "rekey_mail_delivery_failures_total",
      help: "Failed delivery attempts by the relay's reply code (550, 421) or failure kind (ETLS, EAUTH, ETIMEDOUT, ECONNECTION).",
      labelNames: ["code"],
      registers: [registry],
    }),
  };
}

/** Gauges read from the database at scrape time, so every instance reports the shared state. */
export function registerStateGauges(
  metrics: DefenceMetrics,
  read: () => Promise<{ underAttack: boolean; activeBlocks: number }>,
): void {
  new Gauge({
    name: "rekey_under_attack",
    help: "1 while under-attack mode is on (manual or after an alert), else 0.",
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).underAttack ? 1 : 0);
    },
  });
  new Gauge({
    name: "rekey_source_blocks_active",
    help: "Blocklist entries in force (manual, imported and automatic).",
    registers: [metrics.registry],
    async collect() {
      this.set((await read()).activeBlocks);
    },
  });
}
