import type { MiddlewareHandler } from "hono";
import { MessagePage } from "../../../views/pages/error";
import type { Config } from "../../config";
import { createAddressMatcher, normalizeIpAddress } from "../../defence/ip-address";
import type { AppEnv } from "../context";
import { pageContext } from "../page";
import type { StaticAssets } from "../static-assets";

/**
 * Every page is served at REKEY_ORIGIN only. At another name for the same server (127.0.0.1 for
 * localhost, a bare IP address for a domain) the browser keeps a separate cookie jar and sends
 * another Origin: every form would fail the CSRF check, and a passkey made there would be bound
 * to the wrong relying party. A GET or HEAD is sent on with a 308 (RFC 9110 s15.4.9: method and
 * body kept); anything else gets 421 Misdirected Request (RFC 9110 s15.5.20) and a page naming
 * the right address, since replaying a form at another origin would fail the CSRF check anyway.
 * Health and metrics answer before this runs, so probes by IP address keep working; paths in
 * `exemptPaths` (the bearer-key API, which has no cookies or origin to keep) are not judged.
 */
export function canonicalHost(
  config: Config,
  assets: StaticAssets,
  options: { exemptPaths?: (path: string) => boolean } = {},
): MiddlewareHandler<AppEnv> {
  const trustedProxies = createAddressMatcher(config.defence.trustedProxies);
  const expectedHost = config.origin.host;
  return async (c, next) => {
    if (options.exemptPaths?.(c.req.path)) return next();
    const named = requestedHost({
      host: c.req.header("host"),
      forwardedHost: c.req.header("x-forwarded-host"),
      socketAddress: c.env?.incoming?.socket?.remoteAddress,
      isTrustedProxy: (address) => trustedProxies.matches(address),
    });
    if (named === null || sameHost(named, expectedHost, config.origin.protocol)) return next();

    const { pathname, search } = new URL(c.req.url);
    // Joined as text: resolving "//evil.example/" against the origin would leave this site.
    const target = `${config.origin.origin}${pathname}${search}`;
    if (c.req.method === "GET" || c.req.method === "HEAD") return c.redirect(target, 308);
    const page = pageContext(c, assets);
    const origin = config.origin.origin;
    return c.html(
      <MessagePage
        page={page}
        title={page.messages.wrongHostTitle}
        message={page.messages.wrongHostBody(origin)}
        link={{ href: target, label: page.messages.wrongHostLink(origin) }}
      />,
      421,
    );
  };
}

/**
 * The host the client asked for, or null when there is none to judge: no Host header (a
 * request built in-process), or a trusted proxy that sent no X-Forwarded-Host (it chose the
 * upstream's name itself; behind such a proxy only the proxy's own host matters).
 */
export function requestedHost(request: {
  host: string | undefined;
  forwardedHost: string | undefined;
  socketAddress: string | undefined;
  isTrustedProxy: (address: string) => boolean;
}): string | null {
  const peer = request.socketAddress ? normalizeIpAddress(request.socketAddress) : null;
  if (peer && request.isTrustedProxy(peer)) {
    // The last entry is the one our own (nearest) proxy appended.
    const entries = request.forwardedHost?.split(",").map((entry) => entry.trim()) ?? [];
    return entries.at(-1) || null;
  }
  return request.host?.trim() || null;
}

function sameHost(named: string, expected: string, protocol: string): boolean {
  try {
    const parsed = new URL(`${protocol}//${named}`);
    // A path or userinfo in the header means it was no bare host at all.
    return parsed.host === expected && !/[/@\\?#]/.test(named);
  } catch {
    return false;
  }
}
