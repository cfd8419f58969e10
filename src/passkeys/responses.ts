import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";

/**
 * The browser's answers arrive as untrusted JSON. These checks give the verifiers the shape they
 * expect (strings where strings belong) so bad input is a refusal, never a TypeError; the
 * cryptographic checks are the verifiers' job.
 */

// A credential ID is at most 1023 bytes (WebAuthn L3 s5.8.3), 1364 characters of base64url.
const credentialIdPattern = /^[A-Za-z0-9_-]{16,1364}$/;
const base64UrlPattern = /^[A-Za-z0-9_-]*$/;

export function parseRegistrationResponse(value: unknown): RegistrationResponseJSON | null {
  const credential = parseCredential(value);
  if (!credential) return null;
  const { response } = credential;
  if (!isBase64Url(response.clientDataJSON) || !isBase64Url(response.attestationObject)) {
    return null;
  }
  const transports = Array.isArray(response.transports)
    ? response.transports.filter((item): item is string => typeof item === "string").slice(0, 8)
    : undefined;
  return publicKeyCredential(credential.id, {
    clientDataJSON: response.clientDataJSON,
    attestationObject: response.attestationObject,
    ...(transports ? { transports: transports as never } : {}),
  });
}

export function parseAuthenticationResponse(value: unknown): AuthenticationResponseJSON | null {
  const credential = parseCredential(value);
  if (!credential) return null;
  const { response } = credential;
  if (
    !isBase64Url(response.clientDataJSON) ||
    !isBase64Url(response.authenticatorData) ||
    !isBase64Url(response.signature) ||
    (response.userHandle !== undefined &&
      response.userHandle !== null &&
      !isBase64Url(response.userHandle))
  ) {
    return null;
  }
  return publicKeyCredential(credential.id, {
    clientDataJSON: response.clientDataJSON,
    authenticatorData: response.authenticatorData,
    signature: response.signature,
    ...(typeof response.userHandle === "string" ? { userHandle: response.userHandle } : {}),
  });
}

/** Only the fields we checked are passed on; extension results are not used here. */
function publicKeyCredential<Response>(id: string, response: Response) {
  return { id, rawId: id, type: "public-key" as const, clientExtensionResults: {}, response };
}

function parseCredential(
  value: unknown,
): { id: string; rawId: string; response: Record<string, unknown> } | null {
  if (!isRecord(value) || value.type !== "public-key" || !isRecord(value.response)) return null;
  if (typeof value.id !== "string" || !credentialIdPattern.test(value.id)) return null;
  if (value.rawId !== value.id) return null;
  return { id: value.id, rawId: value.id, response: value.response };
}

function isBase64Url(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && base64UrlPattern.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
