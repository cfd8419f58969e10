import { type AddressMatcher, normalizeIpAddress } from "./ip-address";

/**
 * The address of the client that sent a request. X-Forwarded-For is believed only when the
 * socket peer is one of our own proxies (TRUSTED_PROXIES): each trusted proxy appends the
 * address it received the request from, so the list is walked from the right, skipping our
 * own hops, and the first address not in TRUSTED_PROXIES is the client. Everything to its
 * left was written by the client and is ignored, or a forged header would choose the address
 * that throttles and blocks apply to.
 */
export function resolveClientAddress(options: {
  socketAddress: string | null | undefined;
  forwardedFor: string | null | undefined;
  trustedProxies: AddressMatcher;
}): string | null {
  const peer = options.socketAddress ? normalizeIpAddress(options.socketAddress) : null;
  if (!peer || !options.trustedProxies.matches(peer) || !options.forwardedFor) return peer;

  let client = peer;
  const hops = options.forwardedFor.split(",").reverse();
  for (const hop of hops) {
    const address = normalizeIpAddress(stripPort(hop.trim()));
    // An entry that is no address ends the walk: the last trusted hop is the best we know.
    if (!address) return client;
    client = address;
    if (!options.trustedProxies.matches(address)) return address;
  }
  return client;
}

// Some proxies append "192.0.2.1:1234" or "[2001:db8::1]:1234".
function stripPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed?.[1]) return bracketed[1];
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return withPort?.[1] ?? hop;
}
