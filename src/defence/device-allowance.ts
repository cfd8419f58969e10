import type { Deps } from "../deps";
import type { findBlockCovering } from "./blocklist-match";

type Block = NonNullable<Awaited<ReturnType<typeof findBlockCovering>>>;

/** The allowance refills over this window: a few sign-ins, not a way around the block. */
export const blockedDeviceWindowInMinutes = 15;

/**
 * Whether an attempt from a blocked source may go on. An automatic block judges an address,
 * and behind one address (a carrier's NAT, an office) sit members who did nothing: a browser
 * with a valid device cookie, left by an earlier successful sign-in to the ID it is signing
 * in to (OWASP device cookies), gets a small allowance of its own before the block applies
 * to it too. The cookie is a MAC an attacker cannot forge; one who stole it has it for one ID.
 * Blocks an operator made by hand or by import apply to everyone: they mean the range.
 * An administrator's recognised device always gets through an automatic block (issue 24): the
 * block is the system's guess, and refusing the one person who can lift it mid-incident turns
 * a guess into an outage. The per-account delay still applies to it after this.
 */
export async function admitDeviceThroughBlock(
  deps: Pick<Deps, "settings" | "clock" | "throttleStore">,
  options: { block: Block; deviceKey: Buffer | null; administratorDevice?: boolean },
): Promise<boolean> {
  if (options.block.origin !== "automatic" || !options.deviceKey) return false;
  if (options.administratorDevice) return true;
  const { blockedDeviceAttempts } = (await deps.settings.current()).defence;
  if (blockedDeviceAttempts === 0) return false;
  const admission = await deps.throttleStore.takeToken(
    `sign-in:blocked-device:${options.deviceKey.toString("base64url")}`,
    {
      perMinute: blockedDeviceAttempts / blockedDeviceWindowInMinutes,
      burst: blockedDeviceAttempts,
    },
    deps.clock.now(),
  );
  return admission.admitted;
}
