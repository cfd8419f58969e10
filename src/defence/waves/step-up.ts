import type { Deps } from "../../deps";
import { isWaveOpen } from "./wave-detection";

/** Whether new-device password sign-ins must be confirmed now: the setting, and an open wave. */
export async function isWaveStepUpActive(
  deps: Pick<Deps, "database" | "settings">,
): Promise<boolean> {
  if (!(await deps.settings.current()).defence.waveStepUp) return false;
  return isWaveOpen(deps);
}
