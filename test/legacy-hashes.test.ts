import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hash } from "@node-rs/argon2";
import { computeLegacyHash, verifyLegacyHash } from "../src/imports/legacy-hashes/compute";
import { parseLegacyHash } from "../src/imports/legacy-hashes/parse";
import {
  type HashFormatOption,
  type LegacyScheme,
  strengthOf,
} from "../src/imports/legacy-hashes/schemes";

const auto: HashFormatOption = { kind: "auto" };

function parsed(hash: string, salt?: string, option: HashFormatOption = auto): LegacyScheme {
  const result = parseLegacyHash(hash, salt, option);
  assert.ok(result.ok, `${hash} should parse: ${result.ok ? "" : result.error}`);
  return result.scheme;
}

/** A known-answer vector: the hash verifies its password and refuses a near miss. */
async function assertVector(scheme: LegacyScheme, password: string, format: string) {
  assert.equal(scheme.format, format);
  assert.equal(await verifyLegacyHash(scheme, password), true, `${password} should match`);
  assert.equal(await verifyLegacyHash(scheme, `${password}x`), false);
}

describe("legacy hash formats (known-answer vectors from each format's reference)", () => {
  test("bcrypt $2a$, $2b$ and $2y$ (OpenBSD / crypt_blowfish vectors)", async () => {
    const vector = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
    await assertVector(parsed(vector), "U*U", "bcrypt");
    await assertVector(parsed(vector.replace("$2a$", "$2b$")), "U*U", "bcrypt");
    await assertVector(parsed(vector.replace("$2a$", "$2y$")), "U*U", "bcrypt");
  });

  test("argon2i and argon2id PHC strings (phc-winner-argon2 src/test.c vectors), and argon2d", async () => {
    await assertVector(
      parsed(
        "$argon2i$v=19$m=65536,t=2,p=1$ZGlmZnNhbHQ$sDV8zPvvkfOGCw26RHsjSMvv7K2vmQq/6cxAcmxSEnE",
      ),
      "password",
      "argon2",
    );
    await assertVector(
      parsed(
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      ),
      "password",
      "argon2",
    );
    // test.c encodes no argon2d string; this one is made by the same library that verifies it.
    const argon2d = await hash("password", { algorithm: 0, memoryCost: 1024, timeCost: 1 });
    assert.match(argon2d, /^\$argon2d\$/);
    await assertVector(parsed(argon2d), "password", "argon2");
  });

  test("scrypt in passlib's PHC form", async () => {
    await assertVector(
      parsed(
        "$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E",
      ),
      "password",
      "scrypt",
    );
  });

  test("PBKDF2-SHA1 and -SHA256 (RFC 6070 and RFC 7914 vectors, in Werkzeug's form)", async () => {
    await assertVector(
      parsed("pbkdf2:sha1:4096$salt$4b007901b765489abead49d926f721d065a429c1"),
      "password",
      "pbkdf2",
    );
    await assertVector(
      parsed(
        "pbkdf2:sha256:1$salt$55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
      ),
      "passwd",
      "pbkdf2",
    );
  });

  test("PBKDF2 in passlib's form (value from Python's hashlib) and Django's (its test-suite vectors)", async () => {
    await assertVector(
      parsed(
        "$pbkdf2-sha256$29000$N2YMIWQsBWBMae09x1jrPQ$lEjTD4tvq5SOB5ctjdSxvnbzU5PQEfMComvCIxNEqq8",
      ),
      "password",
      "pbkdf2",
    );
    await assertVector(
      parsed("pbkdf2_sha256$10000$seasalt$CWWFdHOWwPnki7HvkcqN9iA2T3KLW1cf2uZ5kvArtVY="),
      "lètmein",
      "pbkdf2",
    );
    await assertVector(
      parsed("pbkdf2_sha1$10000$seasalt$oAfF6vgs95ncksAhGXOWf4Okq7o="),
      "lètmein",
      "pbkdf2",
    );
  });

  test("PBKDF2-SHA512 in passlib's form (the published P=password S=salt c=1 vector 867f70cf...)", async () => {
    const scheme = parsed(
      "$pbkdf2-sha512$1$c2FsdA$hn9wzxreAs/zdSWZo6U9xK80x6ZpgVrl1RNVThyM8lLALUcKKFoFAbrZmb/pQ8CPBQI119aLHaVeY/c7YKV/zg",
    );
    assert.equal(strengthOf(scheme), "iterated");
    await assertVector(scheme, "password", "pbkdf2");
  });

  test("Firebase's modified scrypt with the project's key parameters (firebase/scrypt README)", async () => {
    const option: HashFormatOption = {
      kind: "firebase-scrypt",
      project: {
        signerKey:
          "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==",
        saltSeparator: "Bw==",
        rounds: 8,
        memoryCost: 14,
      },
    };
    await assertVector(
      parsed(
        "lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==",
        "42xEC+ixf3L2lw==",
        option,
      ),
      "user1password",
      "firebase-scrypt",
    );
  });

  test("phpass portable $P$ and $H$ (Openwall's test.php vector)", async () => {
    await assertVector(parsed("$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0"), "test12345", "phpass");
    await assertVector(parsed("$H$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0"), "test12345", "phpass");
  });

  test("md5-crypt, sha256-crypt and sha512-crypt (glibc and Drepper's specification vectors)", async () => {
    await assertVector(parsed("$1$saltstri$YMyguxXMBpd2TEZ.vS/3q1"), "Hello world!", "md5-crypt");
    await assertVector(
      parsed("$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5"),
      "Hello world!",
      "sha-crypt",
    );
    await assertVector(
      parsed("$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA"),
      "Hello world!",
      "sha-crypt",
    );
    await assertVector(
      parsed(
        "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
      ),
      "Hello world!",
      "sha-crypt",
    );
  });

  test("unsalted MD5, SHA-1, SHA-256, SHA-512 told apart by length (RFC 1321, FIPS 180 'abc')", async () => {
    const vectors = {
      md5: "900150983cd24fb0d6963f7d28e17f72",
      sha1: "a9993e364706816aba3e25717850c26c9cd0d89d",
      sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      sha512:
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    };
    for (const [algorithm, hash] of Object.entries(vectors)) {
      const scheme = parsed(hash.toUpperCase());
      assert.deepEqual(
        { algorithm: scheme.format === "digest" && scheme.algorithm, strength: strengthOf(scheme) },
        { algorithm, strength: "unsalted" },
      );
      await assertVector(scheme, "abc", "digest");
    }
  });

  test("salted digests with the salt's position and encoding stated by --hash-format", async () => {
    const sha1Abc = "a9993e364706816aba3e25717850c26c9cd0d89d";
    const before = parsed(sha1Abc, "a", {
      kind: "digest",
      algorithm: "sha1",
      encoding: "hex",
      saltPosition: "before",
    });
    await assertVector(before, "bc", "digest");
    assert.equal(strengthOf(before), "salted");
    const after = parsed(Buffer.from(sha1Abc, "hex").toString("base64"), "c", {
      kind: "digest",
      algorithm: "sha1",
      encoding: "base64",
      saltPosition: "after",
    });
    await assertVector(after, "ab", "digest");
    // Django's salted digests say so themselves: md5$salt$hex is md5(salt + password).
    await assertVector(parsed("md5$a$900150983cd24fb0d6963f7d28e17f72"), "bc", "digest");
  });

  test("a hash in no known format, or one that does not fit the stated format, is refused", () => {
    assert.equal(parseLegacyHash("not-a-hash", undefined, auto).ok, false);
    assert.equal(parseLegacyHash("abcd", undefined, auto).ok, false);
    assert.equal(
      parseLegacyHash("a9993e36", undefined, {
        kind: "digest",
        algorithm: "sha1",
        encoding: "hex",
        saltPosition: "before",
      }).ok,
      false,
    );
  });

  test("a computed value is stable, so a wrapped value can be checked later", async () => {
    const scheme = parsed("$1$saltstri$YMyguxXMBpd2TEZ.vS/3q1");
    if (scheme.format !== "md5-crypt") throw new Error("unexpected");
    assert.equal(await computeLegacyHash(scheme, "Hello world!"), scheme.hash);
  });
});
