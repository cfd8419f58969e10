type WebAuthnLibrary = typeof import("@simplewebauthn/server");

let loading: Promise<WebAuthnLibrary> | undefined;

/**
 * @simplewebauthn/server, imported on first use rather than at start: its import alone took
 * 2 s of a 5.5 s start on a loaded two-core machine (bench/start, issue 24), and no health probe
 * or first page needs it. src/server.ts warms it once the portal is listening.
 */
export function loadWebAuthnLibrary(): Promise<WebAuthnLibrary> {
  loading ??= import("@simplewebauthn/server");
  return loading;
}
