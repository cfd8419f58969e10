/**
 * The JSON endpoints of each passkey ceremony: the page component names them for the script,
 * the routes serve them, and the CSRF middleware lets only these take JSON.
 */
export const passkeyCeremonyEndpoints = {
  register: {
    options: "/account/passkeys/registration-options",
    verify: "/account/passkeys/registration",
  },
  "sign-in": { options: "/login/passkey-options", verify: "/login/passkey" },
  reauthenticate: { options: "/reauthenticate/passkey-options", verify: "/reauthenticate/passkey" },
  // A just-completed reset grants one enrolment, without a session (src/resets/passkey-grant.ts).
  "enrol-after-reset": { options: "/reset/passkey-options", verify: "/reset/passkey" },
} as const;

/** Which WebAuthn call a ceremony makes in the browser. */
export function ceremonyFlowOf(kind: PasskeyCeremonyKind): "registration" | "authentication" {
  return kind === "register" || kind === "enrol-after-reset" ? "registration" : "authentication";
}

export type PasskeyCeremonyKind = keyof typeof passkeyCeremonyEndpoints;

const ceremonyPaths = new Set<string>(
  Object.values(passkeyCeremonyEndpoints).flatMap(({ options, verify }) => [options, verify]),
);

/** The paths that accept JSON (with the CSRF token in a header) from the page script. */
export function isPasskeyCeremonyPath(path: string): boolean {
  return ceremonyPaths.has(path);
}
