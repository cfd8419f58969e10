import {
  type DigestAlgorithm,
  type HashFormatOption,
  type LegacyStrength,
  legacyStrengths,
} from "./legacy-hashes/schemes";
import type { MemberImportOptions } from "./member-import";

/**
 * The import's options as the CLI flags and the API's query parameters spell them (the same
 * names, without the dashes for the API): one parser, one set of error messages.
 */
export type ImportOptionValues = Partial<Record<ImportOptionName, string | boolean | undefined>>;

export const importOptionNames = [
  "hash-format",
  "hash-encoding",
  "salt-position",
  "firebase-signer-key",
  "firebase-salt-separator",
  "firebase-rounds",
  "firebase-mem-cost",
  "reset-required",
  "reset-weaker-than",
  "send-set-password-links",
] as const;
export type ImportOptionName = (typeof importOptionNames)[number];

const digestAlgorithms: readonly DigestAlgorithm[] = ["md5", "sha1", "sha256", "sha512"];

export function parseImportOptions(
  values: ImportOptionValues,
): { ok: true; options: MemberImportOptions } | { ok: false; message: string } {
  const hashFormat = parseHashFormat(values);
  if (typeof hashFormat === "string") return { ok: false, message: hashFormat };
  const weaker = text(values["reset-weaker-than"]);
  if (weaker !== undefined && !(legacyStrengths as readonly string[]).includes(weaker))
    return {
      ok: false,
      message: `--reset-weaker-than must be one of ${legacyStrengths.join(", ")}.`,
    };
  return {
    ok: true,
    options: {
      hashFormat,
      resetRequired: flag(values["reset-required"]),
      resetWeakerThan: (weaker as LegacyStrength | undefined) ?? null,
      sendSetPasswordLinks: flag(values["send-set-password-links"]),
    },
  };
}

function parseHashFormat(values: ImportOptionValues): HashFormatOption | string {
  const format = text(values["hash-format"]) ?? "auto";
  if (format === "auto") return { kind: "auto" };
  if ((digestAlgorithms as readonly string[]).includes(format)) {
    const encoding = text(values["hash-encoding"]) ?? "hex";
    const saltPosition = text(values["salt-position"]) ?? "before";
    if (encoding !== "hex" && encoding !== "base64")
      return "--hash-encoding must be hex or base64.";
    if (saltPosition !== "before" && saltPosition !== "after")
      return "--salt-position must be before or after (the password).";
    return { kind: "digest", algorithm: format as DigestAlgorithm, encoding, saltPosition };
  }
  if (format === "firebase-scrypt") {
    const signerKey = text(values["firebase-signer-key"]);
    const saltSeparator = text(values["firebase-salt-separator"]);
    const rounds = Number(text(values["firebase-rounds"]));
    const memoryCost = Number(text(values["firebase-mem-cost"]));
    if (!signerKey || !saltSeparator)
      return "firebase-scrypt needs --firebase-signer-key and --firebase-salt-separator (the project's password hash parameters).";
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > 32)
      return "--firebase-rounds must be a whole number from 1 to 32.";
    if (!Number.isInteger(memoryCost) || memoryCost < 1 || memoryCost > 20)
      return "--firebase-mem-cost must be a whole number from 1 to 20.";
    return { kind: "firebase-scrypt", project: { signerKey, saltSeparator, rounds, memoryCost } };
  }
  return `--hash-format must be auto, ${digestAlgorithms.join(", ")} or firebase-scrypt.`;
}

function text(value: string | boolean | undefined): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function flag(value: string | boolean | undefined): boolean {
  return value === true || value === "true" || value === "1" || value === "";
}
