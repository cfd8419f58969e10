import { isLoopbackOrigin } from "../config";
import { normalizeIpAddress } from "../defence/ip-address";

/**
 * Whether one request may read the development mail viewer. The configuration already limits
 * the viewer to a loopback origin without SMTP (src/config.ts), but the listener may still be
 * on 0.0.0.0, so the request itself must come from this machine:
 * - the socket peer is a loopback address, and no proxy header says it was relayed for
 *   someone else (a reverse proxy on this host would otherwise make everyone local);
 * - the host the request was sent to (the Host header, from which the server builds the URL)
 *   is a loopback name, which stops DNS rebinding: a page on an attacker's name that resolves
 *   to 127.0.0.1 sends its own name as Host.
 */
export function isLocalDevMailRequest(request: {
  socketAddress: string | null | undefined;
  headers: Headers;
  url: URL;
}): boolean {
  const peer = request.socketAddress ? normalizeIpAddress(request.socketAddress) : null;
  if (!peer || !isLoopbackAddress(peer)) return false;
  for (const relayed of ["forwarded", "x-forwarded-for", "x-real-ip"]) {
    if (request.headers.has(relayed)) return false;
  }
  return isLoopbackOrigin(request.url);
}

function isLoopbackAddress(address: string): boolean {
  return address === "::1" || /^127\./.test(address);
}
