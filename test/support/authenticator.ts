import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { type CborValue, encodeCbor } from "./cbor";
import { testOrigin } from "./harness";

/** What a browser would tell the authenticator, and what a test may falsify. */
export interface CeremonyOverrides {
  origin?: string;
  rpId?: string;
  challenge?: string;
  userVerified?: boolean;
  counter?: number;
  userHandle?: string;
}

const flags = { userPresent: 0x01, userVerified: 0x04, backupEligible: 0x08, backedUp: 0x10 };
const attestedCredentialData = 0x40;

/**
 * A software passkey: an ES256 key pair that answers WebAuthn ceremonies the way a platform
 * authenticator does ("none" attestation), so tests exercise the real verification code.
 */
export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(32);
  private readonly keys = generateKeyPairSync("ec", { namedCurve: "P-256" });
  private counter: number;
  private userHandle = "";

  constructor(
    private readonly options: { aaguid?: string; synced?: boolean; counterStep?: number } = {},
  ) {
    this.counter = 0;
  }

  get id(): string {
    return this.credentialId.toString("base64url");
  }

  /** Answers navigator.credentials.create() for the options the portal sent. */
  createCredential(
    creationOptions: { challenge: string; rp: { id?: string }; user: { id: string } },
    overrides: CeremonyOverrides = {},
  ) {
    this.userHandle = creationOptions.user.id;
    const jwk = this.keys.publicKey.export({ format: "jwk" });
    const publicKey = new Map<CborValue, CborValue>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x ?? "", "base64url")],
      [-3, Buffer.from(jwk.y ?? "", "base64url")],
    ]);
    const credentialIdLength = Buffer.alloc(2);
    credentialIdLength.writeUInt16BE(this.credentialId.length);
    const authenticatorData = Buffer.concat([
      this.authenticatorDataHeader(overrides.rpId ?? creationOptions.rp.id ?? "", overrides, {
        attested: true,
        counter: overrides.counter ?? this.counter,
      }),
      Buffer.from(
        (this.options.aaguid ?? "00000000-0000-0000-0000-000000000000").replaceAll("-", ""),
        "hex",
      ),
      credentialIdLength,
      this.credentialId,
      encodeCbor(publicKey),
    ]);
    const attestationObject = encodeCbor(
      new Map<CborValue, CborValue>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authenticatorData],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: clientData("webauthn.create", creationOptions.challenge, overrides),
        attestationObject: attestationObject.toString("base64url"),
        transports: ["internal", "hybrid"],
      },
    };
  }

  /** Answers navigator.credentials.get(); each answer counts up unless counterStep is 0. */
  getAssertion(
    requestOptions: { challenge: string; rpId?: string },
    overrides: CeremonyOverrides = {},
  ) {
    this.counter += this.options.counterStep ?? 1;
    const authenticatorData = this.authenticatorDataHeader(
      overrides.rpId ?? requestOptions.rpId ?? "",
      overrides,
      { attested: false, counter: overrides.counter ?? this.counter },
    );
    const clientDataJSON = clientData("webauthn.get", requestOptions.challenge, overrides);
    const signature = sign(
      "sha256",
      Buffer.concat([
        authenticatorData,
        createHash("sha256").update(Buffer.from(clientDataJSON, "base64url")).digest(),
      ]),
      this.keys.privateKey,
    );
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON,
        authenticatorData: authenticatorData.toString("base64url"),
        signature: signature.toString("base64url"),
        userHandle: overrides.userHandle ?? this.userHandle,
      },
    };
  }

  private authenticatorDataHeader(
    rpId: string,
    overrides: CeremonyOverrides,
    options: { attested: boolean; counter: number },
  ): Buffer {
    let value = flags.userPresent;
    if (overrides.userVerified !== false) value |= flags.userVerified;
    if (this.options.synced) value |= flags.backupEligible | flags.backedUp;
    if (options.attested) value |= attestedCredentialData;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(options.counter);
    return Buffer.concat([
      createHash("sha256").update(rpId).digest(),
      Buffer.from([value]),
      counter,
    ]);
  }
}

function clientData(type: string, challenge: string, overrides: CeremonyOverrides): string {
  return Buffer.from(
    JSON.stringify({
      type,
      challenge: overrides.challenge ?? challenge,
      origin: overrides.origin ?? testOrigin,
      crossOrigin: false,
    }),
  ).toString("base64url");
}
