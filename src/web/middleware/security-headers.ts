import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { type Config, isSecureOrigin } from "../../config";

/**
 * A strict policy: scripts and styles only from our own fingerprinted files, no inline code,
 * no framing. The referrer goes only to this origin (links carry tokens in their path, which
 * must never reach another site). Not "no-referrer": under it browsers send `Origin: null` on
 * every POST (Fetch standard, "append a request Origin header"), which the CSRF check refuses.
 */
export function securityHeaders(config: Config): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      manifestSrc: ["'self'"],
    },
    strictTransportSecurity: isSecureOrigin(config.origin)
      ? "max-age=63072000; includeSubDomains"
      : false,
    xFrameOptions: "DENY",
    referrerPolicy: "same-origin",
    crossOriginOpenerPolicy: "same-origin",
    crossOriginResourcePolicy: "same-origin",
    xContentTypeOptions: "nosniff",
    permissionsPolicy: {
      camera: [],
      microphone: [],
      geolocation: [],
      payment: [],
      usb: [],
    },
  });
}
