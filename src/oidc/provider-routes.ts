import type { IncomingMessage, ServerResponse } from "node:http";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { Hono } from "hono";
import type Provider from "oidc-provider";
import type { AppContext, AppEnv } from "../web/context";
import { interactionPathPrefix, oidcPathPrefix } from "./provider";
import type { ProviderHolder } from "./provider-holder";

/** What @hono/node-server passes as the environment: the raw request and response. */
export interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

const handlers = new WeakMap<Provider, ReturnType<Provider["callback"]>>();

/** Koa composes its middleware on every callback() call: once per provider is enough. */
function handlerOf(provider: Provider): ReturnType<Provider["callback"]> {
  let handler = handlers.get(provider);
  if (!handler) {
    handler = provider.callback();
    handlers.set(provider, handler);
  }
  return handler;
}

/**
 * Hands the provider's endpoints (and discovery) to oidc-provider's own Koa app, on the same
 * server and origin. Mounted before the CSRF check and session loading: these endpoints are
 * called by relying parties (authenticated by client credentials and PKCE) or carry the
 * provider's own anti-CSRF values, and read no rekey session. The interaction pages under
 * /oidc/interaction/ are rekey's own and pass on to the rest of the app.
 */
export function oidcProviderRoutes(holder: ProviderHolder): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const forward = async (c: AppContext) => {
    const { incoming, outgoing } = c.env as NodeBindings;
    if (!incoming || !outgoing) {
      return c.text("The OpenID Connect provider answers on the HTTP server only.\n", 501);
    }
    const provider = await holder.current();
    // The provider answers for one member or one client: never stored by a shared cache.
    outgoing.setHeader("Cache-Control", "no-store, private");
    outgoing.setHeader("Vary", "Cookie");
    outgoing.setHeader("X-Content-Type-Options", "nosniff");
    outgoing.setHeader("Referrer-Policy", "no-referrer");
    outgoing.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
    await new Promise<void>((resolve) => {
      outgoing.once("finish", resolve);
      outgoing.once("close", resolve);
      handlerOf(provider)(incoming, outgoing);
    });
    // Tells @hono/node-server that the response was written to the socket already. The shared
    // object's headers may be touched by the middleware on the way out: they are never sent.
    return RESPONSE_ALREADY_SENT;
  };
  app.get("/.well-known/openid-configuration", forward);
  app.all(`${oidcPathPrefix}/*`, async (c, next) => {
    if (c.req.path.startsWith(`${interactionPathPrefix}/`)) return next();
    return forward(c);
  });
  return app;
}
