import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { type Config, isSecureOrigin } from "../../config";

/**
 * A strict policy: scripts and styles only from our own fingerprinted files, no inline code,
 * no framing, no referrer (links carry tokens in their path).
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
    referrerPolicy: "no-referrer",
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
