import type { MiddlewareHandler } from "hono";
import type { Config } from "../config";
import { resolveClientAddress } from "../defence/client-address";
import { createAddressMatcher } from "../defence/ip-address";
import type { AppContext, AppEnv } from "./context";

/**
 * Resolves the client's address once per request: the socket peer, or the X-Forwarded-For
 * entry our own proxies vouch for (TRUSTED_PROXIES). See defence/client-address.ts.
 */
export function clientAddressResolver(config: Config): MiddlewareHandler<AppEnv> {
  const trustedProxies = createAddressMatcher(config.defence.trustedProxies);
  return async (c, next) => {
    c.set(
      "clientIp",
      resolveClientAddress({
        socketAddress: c.env?.incoming?.socket?.remoteAddress,
        forwardedFor: c.req.header("x-forwarded-for"),
        trustedProxies,
      }),
    );
    await next();
  };
}

export function clientIpAddress(c: AppContext): string | null {
  return c.get("clientIp") ?? null;
}

export function clientUserAgent(c: AppContext): string | null {
  return c.req.header("user-agent") ?? null;
}
