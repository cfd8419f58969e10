/**
 * How an imported password hash was made, read from the hash itself (PHC strings, modular crypt,
 * Django and Werkzeug formats) or, for raw digests and Firebase, from the import's options.
 * A scheme holds everything needed to recompute the hash from a password; `hash` is the value
 * to compare with, in the scheme's own encoding.
 */
export type DigestAlgorithm = "md5" | "sha1" | "sha256" | "sha512";
export type Pbkdf2Digest = "sha1" | "sha256" | "sha512";

export type LegacyScheme =
  | { format: "bcrypt"; hash: string }
  | { format: "argon2"; hash: string }
  /** passlib's `$scrypt$ln=,r=,p=$salt$hash` (adapted base64). */
  | {
      format: "scrypt";
      logN: number;
      r: number;
      p: number;
      salt: string;
      hash: string;
      keyLengthInBytes: number;
    }
  /** `salt` base64 (of the salt's characters for Django and Werkzeug, which use them as is). */
  | {
      format: "pbkdf2";
      digest: Pbkdf2Digest;
      iterations: number;
      salt: string;
      hash: string;
      hashEncoding: "base64" | "hex";
      keyLengthInBytes: number;
    }
  | { format: "firebase-scrypt"; salt: string; hash: string; project: FirebaseProjectKey }
  | { format: "phpass"; hash: string }
  | { format: "md5-crypt"; hash: string }
  | { format: "sha-crypt"; hash: string }
  /** A plain digest of salt and password; `hash` lower-case hex. */
  | {
      format: "digest";
      algorithm: DigestAlgorithm;
      salt: string;
      saltPosition: "none" | "before" | "after";
      hash: string;
    };

/** Firebase's modified scrypt takes these from the project's "password hash parameters". */
export interface FirebaseProjectKey {
  signerKey: string;
  saltSeparator: string;
  rounds: number;
  memoryCost: number;
}

/** How a row's hash is read when it does not describe itself (`--hash-format`). */
export type HashFormatOption =
  | { kind: "auto" }
  | {
      kind: "digest";
      algorithm: DigestAlgorithm;
      encoding: "hex" | "base64";
      saltPosition: "before" | "after";
    }
  | { kind: "firebase-scrypt"; project: FirebaseProjectKey };

/**
 * The weakest to the strongest legacy hash: a stolen copy of an unsalted digest falls to lookup
 * tables, a salted one to one fast guess per hash, an iterated one to a few thousand times fewer
 * guesses, an adaptive one (memory-hard or >= 100,000 iterations) is as costly as argon2.
 */
export const legacyStrengths = ["unsalted", "salted", "iterated", "adaptive"] as const;
export type LegacyStrength = (typeof legacyStrengths)[number];

const adaptivePbkdf2Iterations = 100_000;

export function strengthOf(scheme: LegacyScheme): LegacyStrength {
  switch (scheme.format) {
    case "digest":
      return scheme.saltPosition === "none" ? "unsalted" : "salted";
    case "md5-crypt":
    case "phpass":
    case "sha-crypt":
      return "iterated";
    case "pbkdf2":
      return scheme.iterations >= adaptivePbkdf2Iterations ? "adaptive" : "iterated";
    default:
      return "adaptive";
  }
}

export function isWeakerThan(strength: LegacyStrength, threshold: LegacyStrength): boolean {
  return legacyStrengths.indexOf(strength) < legacyStrengths.indexOf(threshold);
}

/** A short name for summaries and the audit log: "bcrypt", "pbkdf2-sha256", "salted sha1". */
export function describeScheme(scheme: LegacyScheme): string {
  if (scheme.format === "pbkdf2") return `pbkdf2-${scheme.digest}`;
  if (scheme.format === "digest")
    return scheme.saltPosition === "none" ? scheme.algorithm : `salted ${scheme.algorithm}`;
  return scheme.format;
}
