import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { Member } from "../accounts/members";
import type { ApiKey } from "../admin/api-keys";
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
}

export type FormFields = ReadonlyMap<string, string>;

export interface AppEnv {
  Variables: AppVariables;
  // Present when served by @hono/node-server; absent under app.request() in tests.
  Bindings: { incoming?: IncomingMessage };
}

export type AppContext = Context<AppEnv>;
