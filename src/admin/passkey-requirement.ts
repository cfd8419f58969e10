import type { Config } from "../config";

/**
 * The admin console: /admin and every page under it, but not the bearer-key API under
 * /admin/api/, which incident tooling calls without a browser session.
 */
export function isAdminConsolePath(path: string): boolean {
  return path === "/admin" || (path.startsWith("/admin/") && !path.startsWith("/admin/api/"));
}

/**
 * Whether returning to `next` (a same-site path, perhaps with a query) needs a passkey proof,
 * so the re-authentication page offers the passkey alone instead of a password that would
 * not be enough.
 */
export function needsAdminPasskeyFor(
  config: Pick<Config, "adminRequirePasskey">,
  next: string,
): boolean {
  return config.adminRequirePasskey && isAdminConsolePath(next.split(/[?#]/, 1)[0] ?? "");
}
