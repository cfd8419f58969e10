import { percentile } from "./http";

export interface LegitResult {
  duringWave: boolean;
  ok: boolean;
  status: number;
  latencyInMilliseconds: number;
}

export interface WaveResult {
  statuses: Map<number, number>;
  sent: number;
  seconds: number;
  alertAfterInSeconds: number | null;
}

/** The figures the issue asks for, against its goals. */
export function formatReport(run: {
  /** argon2 verifications per second before and after the wave. */
  capacity: { before: number; after: number };
  attack: WaveResult;
  legit: LegitResult[];
  sourceCount: number;
  concurrency: number;
  instanceCount: number;
  /** CPU time used during the wave by the portal process and by this load generator. */
  cpu: { portalInMilliseconds: number; loadGeneratorInMilliseconds: number };
  loadAverage: string;
}): string[] {
  const { attack, legit, sourceCount, concurrency, instanceCount, cpu } = run;
  // The higher figure makes the ratio harder to meet: a busy moment during one measurement
  // must not flatter it.
  const capacity = Math.max(run.capacity.before, run.capacity.after);
  const count = (status: number) => attack.statuses.get(status) ?? 0;
  const rejected = count(429) + count(403) + count(400);
  const rejectedPerSecond = rejected / attack.seconds;
  const during = legit.filter((result) => result.duringWave);
  const successRate = during.filter((result) => result.ok).length / Math.max(1, during.length);
  const latencies = during.map((result) => result.latencyInMilliseconds);
  const p50 = percentile(latencies, 0.5);
  const p99 = percentile(latencies, 0.99);
  const failures = new Map<number, number>();
  for (const result of during.filter((entry) => !entry.ok)) {
    failures.set(result.status, (failures.get(result.status) ?? 0) + 1);
  }
  const failureText = [...failures].map(([status, total]) => `${total} x ${status}`).join(", ");
  const lines = [
    `wave: ${attack.seconds.toFixed(1)} s, ${sourceCount} source addresses over 256 /24 networks, ${concurrency} connections to ${instanceCount} portal process${instanceCount === 1 ? "" : "es"}`,
    `  attempts sent: ${attack.sent} (${(attack.sent / attack.seconds).toFixed(0)}/s, ${(attack.sent / attack.seconds / capacity).toFixed(1)}x argon2 capacity)`,
    `  rejected before argon2: ${rejected} = ${rejectedPerSecond.toFixed(0)}/s = ${(rejectedPerSecond / capacity).toFixed(1)}x argon2 capacity` +
      ` (429 throttled ${count(429)}, 403 blocked ${count(403)}, 400 no proof of work ${count(400)})`,
    `  reached argon2: ${count(401)} wrong passwords, ${count(303)} successes`,
    `  CPU during the wave: portal${instanceCount === 1 ? "" : "s"} ${(cpu.portalInMilliseconds / 1000).toFixed(1)} s = ${(cpu.portalInMilliseconds / attack.sent).toFixed(3)} ms per attempt; load generator ${(cpu.loadGeneratorInMilliseconds / 1000).toFixed(1)} s = ${(cpu.loadGeneratorInMilliseconds / attack.sent).toFixed(3)} ms per attempt (same cores)`,
    `argon2 capacity: ${run.capacity.before.toFixed(1)} before and ${run.capacity.after.toFixed(1)} after the wave; ratios use ${capacity.toFixed(1)} verifications/s`,
    `load average (1 min) at the end of the wave: ${run.loadAverage}`,
    `real members: ${during.length} sign-ins during the wave, ${(successRate * 100).toFixed(2)}% succeeded${failureText ? ` (failed: ${failureText})` : ""}, p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`,
    `alert raised ${attack.alertAfterInSeconds === null ? "not within the wave" : `${attack.alertAfterInSeconds.toFixed(1)} s after the wave started`}`,
    "goals:",
    `  rejections >= 20x argon2 capacity: ${rejectedPerSecond >= 20 * capacity ? "met" : "NOT met"}`,
    `  real members >= 99% success with p99 <= 500 ms: ${successRate >= 0.99 && p99 <= 500 ? "met" : "NOT met"}`,
    `  alert <= 60 s: ${attack.alertAfterInSeconds !== null && attack.alertAfterInSeconds <= 60 ? "met" : "NOT met"}`,
  ];
  return lines;
}
