import { randomUUID } from "node:crypto";
import { createPollingLoop } from "../../background/polling-loop";
import { claimLease, releaseLease } from "../../jobs/lease";
import { runWavePass, type WavePass } from "./wave-detection";

const leaseName = "wave-detection";
const holder = randomUUID();

type MonitorDeps = Parameters<typeof runWavePass>[0];

/**
 * One slow-wave pass if no other process holds the lease (time from the shared clock, the
 * progress cursor in the database): answers null when another instance is running it.
 */
export async function runWavePassNow(deps: MonitorDeps): Promise<WavePass | null> {
  const claim = () => claimLease(deps, { name: leaseName, holder, durationInSeconds: 120 });
  if (!(await claim())) return null;
  try {
    return await runWavePass(deps, { renewLease: claim });
  } finally {
    await releaseLease(deps, { name: leaseName, holder });
  }
}

/** The background loop of server.ts; a bucket completes every five minutes. */
export function startWaveMonitor(
  deps: MonitorDeps,
  options: { intervalInSeconds: number },
): { stop(): Promise<void> } {
  const loop = createPollingLoop({
    name: "slow-wave detection",
    logger: deps.logger,
    idleInMilliseconds: options.intervalInSeconds * 1000,
    round: async () => {
      const pass = await runWavePassNow(deps);
      return { moreWork: pass?.outcome === "catching-up" };
    },
  });
  loop.start();
  return loop;
}
