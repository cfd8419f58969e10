import type { DigestAlgorithm, HashFormatOption, LegacyScheme, Pbkdf2Digest } from "./schemes";

export type ParsedHash = { ok: true; scheme: LegacyScheme } | { ok: false; error: string };

const hexLengths: Record<number, DigestAlgorithm> = {
  32: "md5",
  40: "sha1",
  64: "sha256",
  128: "sha512",
};
const pbkdf2Digests: Record<string, Pbkdf2Digest> = {
  sha1: "sha1",
  sha256: "sha256",
  sha512: "sha512",
};
const maximumHashLength = 1024;

/**
 * Recognises a hash from its own text, or reads it as `option` says. Raw hex without a stated
 * format is taken as an unsalted digest of the length's algorithm (32 md5, 40 sha1, ...).
 */
export function parseLegacyHash(
  hash: string,
  salt: string | undefined,
  option: HashFormatOption,
): ParsedHash {
  if (hash.length === 0 || hash.length > maximumHashLength)
    return { ok: false, error: "passwordHash is empty or too long" };
  if (option.kind === "digest") return parseRawDigest(hash, salt, option);
  if (option.kind === "firebase-scrypt") {
    if (!salt || !isBase64(salt) || !isBase64(hash))
      return { ok: false, error: "firebase-scrypt needs a base64 passwordHash and passwordSalt" };
    return { ok: true, scheme: { format: "firebase-scrypt", salt, hash, project: option.project } };
  }
  return parseSelfDescribing(hash);
}

function parseSelfDescribing(hash: string): ParsedHash {
  if (/^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(hash)) return ok({ format: "bcrypt", hash });
  if (/^\$argon2(i|d|id)\$/.test(hash)) return ok({ format: "argon2", hash });
  if (/^\$[PH]\$[./0-9A-Za-z]{31}$/.test(hash)) return ok({ format: "phpass", hash });
  if (/^\$1\$[^$]{1,8}\$[./0-9A-Za-z]{22}$/.test(hash)) return ok({ format: "md5-crypt", hash });
  if (/^\$[56]\$(rounds=\d+\$)?[^$]{1,16}\$[./0-9A-Za-z]{43,86}$/.test(hash))
    return ok({ format: "sha-crypt", hash });
  const scrypt = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$/.exec(hash);
  if (scrypt) {
    const [, logN, r, p, salt, digest] = scrypt as unknown as string[];
    const hashBase64 = fromAdaptedBase64(digest ?? "");
    return ok({
      format: "scrypt",
      logN: Number(logN),
      r: Number(r),
      p: Number(p),
      salt: fromAdaptedBase64(salt ?? ""),
      hash: hashBase64,
      keyLengthInBytes: Buffer.from(hashBase64, "base64").length,
    });
  }
  // passlib and PHC: $pbkdf2-sha256$29000$salt$hash or $pbkdf2-sha256$i=29000$salt$hash; $pbkdf2$ is SHA-1.
  const phc = /^\$pbkdf2(?:-(sha1|sha256|sha512))?\$(?:i=)?(\d+)\$([^$]*)\$([^$]+)$/.exec(hash);
  if (phc) {
    return pbkdf2(
      phc[1] ?? "sha1",
      phc[2],
      fromAdaptedBase64(phc[3] ?? ""),
      fromAdaptedBase64(phc[4] ?? ""),
      "base64",
    );
  }
  // Django: pbkdf2_sha256$870000$salt$base64; the salt's characters are the salt.
  const django = /^pbkdf2_(sha1|sha256)\$(\d+)\$([^$]+)\$([A-Za-z0-9+/=]+)$/.exec(hash);
  if (django)
    return pbkdf2(
      django[1] ?? "",
      django[2],
      textToBase64(django[3] ?? ""),
      django[4] ?? "",
      "base64",
    );
  // Werkzeug (Flask): pbkdf2:sha256:600000$salt$hex.
  const werkzeug = /^pbkdf2:(sha1|sha256|sha512)(?::(\d+))?\$([^$]+)\$([0-9a-f]+)$/.exec(hash);
  if (werkzeug)
    return pbkdf2(
      werkzeug[1] ?? "",
      werkzeug[2] ?? "150000",
      textToBase64(werkzeug[3] ?? ""),
      werkzeug[4] ?? "",
      "hex",
    );
  // Django's salted digests: md5$salt$hex and sha1$salt$hex, hashed as salt + password.
  const djangoDigest = /^(md5|sha1)\$([^$]*)\$([0-9a-f]+)$/.exec(hash);
  if (djangoDigest) {
    const algorithm = djangoDigest[1] as DigestAlgorithm;
    return digest(algorithm, djangoDigest[3] ?? "", djangoDigest[2] ?? "", "before");
  }
  const unsalted = /^(?:unsalted_(?:md5|sha1)\$\$?)?([0-9a-fA-F]+)$/.exec(hash);
  const algorithm = unsalted ? hexLengths[unsalted[1]?.length ?? 0] : undefined;
  if (unsalted && algorithm)
    return digest(algorithm, (unsalted[1] ?? "").toLowerCase(), "", "none");
  return { ok: false, error: "passwordHash is in no recognised format (see --hash-format)" };
}

function parseRawDigest(
  hash: string,
  salt: string | undefined,
  option: Extract<HashFormatOption, { kind: "digest" }>,
): ParsedHash {
  const hex = option.encoding === "hex" ? hash.toLowerCase() : base64ToHex(hash);
  const expectedLength = { md5: 32, sha1: 40, sha256: 64, sha512: 128 }[option.algorithm];
  if (!hex || !/^[0-9a-f]+$/.test(hex) || hex.length !== expectedLength)
    return {
      ok: false,
      error: `passwordHash is not a ${option.encoding} ${option.algorithm} digest`,
    };
  return digest(option.algorithm, hex, salt ?? "", salt ? option.saltPosition : "none");
}

function pbkdf2(
  digestName: string,
  iterations: string | undefined,
  salt: string,
  hash: string,
  hashEncoding: "base64" | "hex",
): ParsedHash {
  const digestAlgorithm = pbkdf2Digests[digestName];
  const count = Number(iterations);
  if (!digestAlgorithm || !Number.isSafeInteger(count) || count < 1 || count > 10_000_000)
    return { ok: false, error: "passwordHash has PBKDF2 parameters out of range" };
  const keyLengthInBytes = Buffer.from(hash, hashEncoding).length;
  if (keyLengthInBytes < 16)
    return { ok: false, error: "passwordHash has a PBKDF2 key under 16 bytes" };
  return ok({
    format: "pbkdf2",
    digest: digestAlgorithm,
    iterations: count,
    salt,
    hash,
    hashEncoding,
    keyLengthInBytes,
  });
}

function digest(
  algorithm: DigestAlgorithm,
  hash: string,
  salt: string,
  saltPosition: "none" | "before" | "after",
): ParsedHash {
  return ok({ format: "digest", algorithm, hash, salt, saltPosition });
}

function ok(scheme: LegacyScheme): ParsedHash {
  return { ok: true, scheme };
}

/** passlib's "adapted base64": `.` for `+`, no padding; answered as standard base64. */
function fromAdaptedBase64(value: string): string {
  return Buffer.from(value.replaceAll(".", "+"), "base64").toString("base64");
}

function textToBase64(value: string): string {
  return Buffer.from(value, "utf8").toString("base64");
}

function isBase64(value: string): boolean {
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(value);
}

function base64ToHex(value: string): string | null {
  return isBase64(value) ? Buffer.from(value, "base64").toString("hex") : null;
}
