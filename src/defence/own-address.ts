import { type CidrRange, ipAddressToBytes, rangeContains } from "./ip-address";

/**
 * The first of `ranges` that holds `ipAddress` (the administrator's own, as this request came
 * from it), or null. A block over it would refuse the administrator's next sign-in and every
 * form they send, so the attacks page asks before adding it.
 */
export function findRangeHoldingAddress(
  ranges: readonly CidrRange[],
  ipAddress: string | null,
): CidrRange | null {
  const bytes = ipAddress ? ipAddressToBytes(ipAddress) : null;
  if (!bytes) return null;
  return ranges.find((range) => rangeContains(range, bytes)) ?? null;
}
