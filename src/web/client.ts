import type { AppContext } from "./context";

/** The peer's socket address. Proxy headers are not trusted here. */
export function clientIpAddress(c: AppContext): string | null {
  return c.env?.incoming?.socket?.remoteAddress ?? null;
}

export function clientUserAgent(c: AppContext): string | null {
  return c.req.header("user-agent") ?? null;
}
