import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { Member } from "../accounts/members";
import type { ApiKeyScope } from "../admin/api-key-scopes";
import type { ApiKey } from "../admin/api-keys";
import type { DefenceAlert } from "../defence/alerts";
import type { PasswordAttempt } from "../defence/sign-in-guard";
import type { Language, Messages } from "../i18n";
import type { Session } from "../sessions/sessions";

export interface SignedIn {
  session: Session;
  member: Member;
}

export interface AppVariables {
  requestId: string;
  language: Language;
  messages: Messages;
  /** The double-submit token that every form carries. */
  csrfToken: string;
  signedIn: SignedIn | null;
  /** The parsed fields of a form POST, read once by the CSRF check. */
  form: FormFields;
  /** The parsed body of a JSON POST from our page script (undefined for anything else). */
  json: unknown;
  /** Set only by the fingerprinted-asset handler; everything else is no-store. */
  publicAsset: boolean;
  /** The key that authenticated a request to the admin API. */
  apiKey: ApiKey;
  /** The scope of that key that admitted the request (recorded in the audit log). */
  apiKeyScope: ApiKeyScope;
  /** The client's address: the socket peer, or what a trusted proxy forwarded. */
  clientIp: string | null;
  /** Set by the sign-in guard once an attempt has passed every throttle. */
  passwordAttempt: PasswordAttempt;
  /** Set by a throttle that refused the request, for the 429's Retry-After. */
  retryAfterInSeconds: number;
  /** Extra fields for this request's log line, such as the sign-in result. */
  logFields: Record<string, unknown>;
  /** Open spike alerts, loaded for administrators on /admin pages (the banner). */
  defenceAlerts: DefenceAlert[];
  /** Set on admin pages for an administrator without a passkey: the layout shows a nudge. */
  adminPasskeyNudge: boolean;
}

export type FormFields = ReadonlyMap<string, string>;

export interface AppEnv {
  Variables: AppVariables;
  // Present when served by @hono/node-server; absent under app.request() in tests.
  Bindings: { incoming?: IncomingMessage };
}

export type AppContext = Context<AppEnv>;
