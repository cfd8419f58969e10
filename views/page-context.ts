import type { Language, Messages } from "../src/i18n";

/** What every page needs from the request; pages never query anything themselves. */
export interface PageContext {
  messages: Messages;
  language: Language;
  /** Absent on error pages rendered before the CSRF cookie was read. */
  csrfToken: string | undefined;
  /** `resetPending`: a forced reset waits (the layout shows a banner on every page). */
  member: { loginId: string; role: "member" | "admin"; resetPending?: boolean } | null;
  currentPath: string;
  stylesheetHref: string;
  /** The fingerprinted page script for passkeys, loaded by pages that offer them. */
  passkeyScriptHref: string;
  /** Open defence alerts, for administrators on /admin pages: shown as a banner. */
  alerts: string[];
  /** The mail relay has been failing (a "mail-relay" alert): a banner pointing to /admin/mail. */
  mailAlerts?: string[];
  /** A webhook endpoint was disabled after failing for a day: a banner pointing to /admin/webhooks. */
  webhookAlerts?: string[];
  /** An administrator without a passkey, on an admin page: "add a passkey". */
  adminPasskeyNudge: boolean;
  /** Show/hide buttons and passphrase suggestions on password fields. */
  passwordFieldsScriptHref: string;
  /** A fresh random passphrase for a new-password field (generated on call, never logged). */
  suggestPassphrase: () => string;
  /** The live strength meter's loader script and the engine it imports on first use. */
  strengthMeter: { scriptHref: string; engineHref: string };
}
