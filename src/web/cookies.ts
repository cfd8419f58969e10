import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { type Config, isSecureOrigin } from "../config";

/**
 * Every cookie of the portal: HttpOnly, SameSite=Lax, and on an https origin Secure with the
 * __Host- prefix, which pins it to this host and path "/" so a sibling subdomain cannot plant one.
 */
export type CookieName = "session" | "csrf" | "language" | "passkey" | "passkeyGrant" | "device";

const baseNames: Record<CookieName, string> = {
  session: "rekey_session",
  csrf: "rekey_csrf",
  language: "rekey_language",
  // Binds a passkey sign-in challenge to the browser that asked for it (src/passkeys).
  passkey: "rekey_passkey",
  // The one enrolment a just-completed reset allows (src/resets/passkey-grant.ts).
  passkeyGrant: "rekey_passkey_grant",
  device: "rekey_device",
};

export function readCookie(c: Context, config: Config, name: CookieName): string | undefined {
  return isSecureOrigin(config.origin)
    ? getCookie(c, baseNames[name], "host")
    : getCookie(c, baseNames[name]);
}

export function writeCookie(
  c: Context,
  config: Config,
  name: CookieName,
  value: string,
  options: { maxAgeInSeconds?: number } = {},
): void {
  const common = {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    ...(options.maxAgeInSeconds === undefined ? {} : { maxAge: options.maxAgeInSeconds }),
  } as const;
  if (isSecureOrigin(config.origin)) {
    setCookie(c, baseNames[name], value, { ...common, secure: true, prefix: "host" });
  } else {
    setCookie(c, baseNames[name], value, common);
  }
}

export function clearCookie(c: Context, config: Config, name: CookieName): void {
  if (isSecureOrigin(config.origin)) {
    deleteCookie(c, baseNames[name], { path: "/", secure: true, prefix: "host" });
  } else {
    deleteCookie(c, baseNames[name], { path: "/" });
  }
}
