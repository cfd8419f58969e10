/**
 * The portal's only script: passkey enrolment, sign-in (button and autofill) and
 * re-authentication, on elements rendered by views/components/passkey-ceremony.tsx.
 * Bundled by `npm run build:client` into views/static/passkeys.js (CSP: script-src 'self').
 */
import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
  WebAuthnError,
} from "@simplewebauthn/browser";

interface Answer {
  location?: string;
  message?: string;
}

class CeremonyRefused extends Error {}

for (const panel of document.querySelectorAll<HTMLElement>("[data-passkey-ceremony]")) {
  setUp(panel);
}

function setUp(panel: HTMLElement): void {
  // Without WebAuthn the button stays hidden and the note explaining why stays visible.
  if (!browserSupportsWebAuthn()) return;
  const button = panel.querySelector<HTMLButtonElement>("[data-passkey-start]");
  const note = panel.querySelector<HTMLElement>("[data-passkey-unsupported]");
  if (!button) return;
  if (note) note.hidden = true;
  button.hidden = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    const succeeded = await runCeremony(panel, { autofill: false });
    button.disabled = false;
    // The click cancelled the autofill offer; after a failure, offer it again.
    if (!succeeded && panel.dataset.autofill) void offerInAutofill(panel);
  });
  if (panel.dataset.autofill) void offerInAutofill(panel);
}

async function offerInAutofill(panel: HTMLElement): Promise<void> {
  if (await browserSupportsWebAuthnAutofill()) await runCeremony(panel, { autofill: true });
}

/** Runs one ceremony; true once the server accepted it and the page is moving on. */
async function runCeremony(panel: HTMLElement, options: { autofill: boolean }): Promise<boolean> {
  const { optionsUrl, verifyUrl, next } = panel.dataset;
  if (!optionsUrl || !verifyUrl) return false;
  showStatus(panel, "");
  try {
    const optionsJSON = await postJson(panel, optionsUrl, {});
    const response =
      panel.dataset.passkeyFlow === "registration"
        ? await startRegistration({
            optionsJSON: optionsJSON as PublicKeyCredentialCreationOptionsJSON,
          })
        : await startAuthentication({
            optionsJSON: optionsJSON as PublicKeyCredentialRequestOptionsJSON,
            useBrowserAutofill: options.autofill,
          });
    const answer = (await postJson(panel, verifyUrl, { response, next })) as Answer;
    if (answer.location) window.location.assign(answer.location);
    return true;
  } catch (error) {
    // The button cancels a waiting autofill request; that is not a failure to report.
    const aborted = error instanceof WebAuthnError && error.code === "ERROR_CEREMONY_ABORTED";
    if (!(options.autofill && aborted)) showStatus(panel, describeFailure(panel, error));
    return false;
  }
}

async function postJson(panel: HTMLElement, url: string, body: unknown): Promise<unknown> {
  const reply = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: {
      "Content-Type": "application/json",
      "X-CSRF-Token": panel.querySelector<HTMLInputElement>("input[name=csrfToken]")?.value ?? "",
    },
    body: JSON.stringify(body),
  });
  const answer = (await reply.json().catch(() => ({}))) as Answer;
  if (reply.ok) return answer;
  if (answer.location) window.location.assign(answer.location);
  throw new CeremonyRefused(answer.message ?? panel.dataset.messageFailed ?? "");
}

function describeFailure(panel: HTMLElement, error: unknown): string {
  const messages = panel.dataset;
  if (error instanceof CeremonyRefused) return error.message;
  if (error instanceof WebAuthnError) {
    if (error.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") {
      return messages.messageAlreadyRegistered ?? "";
    }
    if (error.name === "NotAllowedError" || error.name === "AbortError") {
      return messages.messageCancelled ?? "";
    }
  }
  return messages.messageFailed ?? "";
}

function showStatus(panel: HTMLElement, message: string): void {
  const status = panel.querySelector<HTMLElement>("[data-passkey-status]");
  if (status) status.textContent = message;
}
