import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context";

/**
 * Nothing the portal answers may be kept by a shared cache unless it is a fingerprinted static
 * asset: a CDN once served one shop's members each other's account pages (see README). Applied
 * after the handler, so errors, redirects and 404s are covered too.
 */
export function cachePolicy(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("publicAsset", false);
    await next();
    // A response that sets a cookie is never public, whoever marked it.
    const isPublic =
      c.get("publicAsset") && c.res.status === 200 && !c.res.headers.has("Set-Cookie");
    try {
      applyCachePolicy(c.res.headers, isPublic);
    } catch {
      // A response with immutable headers (Response.redirect, fetch) is copied, then marked.
      c.res = new Response(c.res.body, c.res);
      applyCachePolicy(c.res.headers, isPublic);
    }
  };
}

function applyCachePolicy(headers: Headers, isPublic: boolean): void {
  if (isPublic) {
    headers.set("Cache-Control", "public, max-age=31536000, immutable");
    return;
  }
  headers.set("Cache-Control", "no-store, private");
  headers.delete("Expires");
  headers.delete("ETag");
  headers.delete("Last-Modified");
  appendVary(headers, "Cookie");
}

export function appendVary(headers: Headers, field: string): void {
  const current = headers.get("Vary");
  const fields = current ? current.split(",").map((value) => value.trim().toLowerCase()) : [];
  if (!fields.includes(field.toLowerCase())) {
    headers.set("Vary", current ? `${current}, ${field}` : field);
  }
}
