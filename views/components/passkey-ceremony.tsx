import {
  ceremonyFlowOf,
  type PasskeyCeremonyKind,
  passkeyCeremonyEndpoints,
} from "../../src/passkeys/endpoints";
import type { PageContext } from "../page-context";
import { CsrfField } from "./form";

export interface PasskeyCeremonyProps {
  page: PageContext;
  csrfToken: string;
  ceremony: PasskeyCeremonyKind;
  label: string;
  next?: string | null;
  /** Also offer passkeys in the autofill of the field marked autocomplete="… webauthn". */
  autofill?: boolean;
}

/**
 * The hook for views/scripts/passkeys.ts. Without the script, or in a browser without
 * WebAuthn, the button stays hidden and the note says why; every password path works as before.
 */
export function PasskeyCeremony(props: PasskeyCeremonyProps) {
  const t = props.page.messages;
  return (
    <div
      class="passkey-ceremony"
      data-passkey-ceremony={props.ceremony}
      data-passkey-flow={ceremonyFlowOf(props.ceremony)}
      data-options-url={passkeyCeremonyEndpoints[props.ceremony].options}
      data-verify-url={passkeyCeremonyEndpoints[props.ceremony].verify}
      data-next={props.next ?? undefined}
      data-autofill={props.autofill ? "on" : undefined}
      data-message-cancelled={t.passkeyCancelled}
      data-message-failed={t.passkeyFailed}
      data-message-already-registered={t.passkeyAlreadyRegistered}
    >
      <CsrfField token={props.csrfToken} />
      <p class="hint" data-passkey-unsupported>
        {t.passkeysNeedsScript}
      </p>
      <button type="button" data-passkey-start hidden>
        {props.label}
      </button>
      <p class="error" role="status" aria-live="polite" data-passkey-status></p>
    </div>
  );
}
