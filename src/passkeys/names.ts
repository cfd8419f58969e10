import { describeDevice } from "../sessions/device";
import { hasBidiControls, hasUnsafeCharacters } from "../unsafe-text";

export const maximumPasskeyNameLength = 64;

/**
 * Passkey providers that identify themselves by AAGUID, from the community list at
 * github.com/passkeydeveloper/passkey-authenticator-aaguids. Only used to suggest a name.
 */
const providerNames: Record<string, string> = {
  "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4": "Google Password Manager",
  "adce0002-35bc-c60a-648b-0b25f1f05503": "Chrome on Mac",
  "fbfc3007-154e-4ecc-8c0b-6e020557d7bd": "iCloud Keychain",
  "dd4ec289-e01d-41c9-bb89-70fa845d4bf2": "iCloud Keychain (Managed)",
  "08987058-cadc-4b81-b6e1-30de50dcbe96": "Windows Hello",
  "9ddd1817-af5a-4672-a2b9-3e3dd95000a9": "Windows Hello",
  "6028b017-b1d4-4c02-b4b3-afcdafc96bb2": "Windows Hello",
  "bada5566-a7aa-401f-bd96-45619a55120d": "1Password",
  "d548826e-79b4-db40-a3d8-11116f7e8349": "Bitwarden",
  "531126d6-e717-415c-9320-3d9aa6981239": "Dashlane",
  "b84e4048-15dc-4dd0-8640-f4f60813c8af": "NordPass",
  "53414d53-554e-4700-0000-000000000000": "Samsung Pass",
};

/** A name the member will recognise: the provider's, else the browser and system it was made on. */
export function suggestPasskeyName(options: {
  aaguid: string;
  userAgent: string | null;
}): string | null {
  return providerNames[options.aaguid.toLowerCase()] ?? describeDevice(options.userAgent);
}

export type PasskeyNameProblem = "required" | "too-long" | "characters";

export function normalizePasskeyName(
  raw: string,
): { name: string } | { problem: PasskeyNameProblem } {
  const name = raw.trim().normalize("NFC");
  if (name === "") return { problem: "required" };
  if (hasUnsafeCharacters(name) || hasBidiControls(name)) return { problem: "characters" };
  if ([...name].length > maximumPasskeyNameLength) return { problem: "too-long" };
  return { name };
}
