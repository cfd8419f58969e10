import type { Deps } from "../deps";
import { deleteExpiredSourceBlocks } from "./blocklist";
import { deleteExpiredProofOfWorkUses } from "./proof-of-work";
import { deleteOldSignInEvents } from "./sign-in-events";
import { accountDelayPolicy } from "./throttles";
import { deleteOldWaveData } from "./waves/retention";

/** Retention and expiry for the defence's tables; idempotent, so any instance may run it. */
export async function cleanUpDefenceData(deps: Deps): Promise<void> {
  await deleteOldSignInEvents(deps);
  await deleteOldWaveData(deps);
  await deleteExpiredSourceBlocks(deps);
  await deleteExpiredProofOfWorkUses(deps);
  await deps.throttleStore.deleteStaleEntries(deps.clock.now(), {
    forgetAfterInSeconds: accountDelayPolicy((await deps.settings.current()).defence, false)
      .forgetAfterInSeconds,
  });
}
