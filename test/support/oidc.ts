import * as client from "openid-client";
import { insertMember, type Member } from "../../src/accounts/members";
import type { Deps } from "../../src/deps";
import { type NewClient, registerClient } from "../../src/oidc/clients";

/** A password rekey's policy accepts as strong and that no breach corpus holds. */
export const strongPassword = "Quartz-lantern-Orbit-1729-tundra";

/** A member written through the domain module, with a real argon2id hash of their password. */
export async function createPasswordMember(
  deps: Deps,
  facts: { loginId: string } & Partial<Omit<Member, "id">>,
): Promise<Member> {
  const now = deps.clock.now();
  const created = await insertMember(deps.database, {
    email: `${facts.loginId}@example.jp`,
    passwordHash: await deps.passwordHasher.hashPassword(strongPassword),
    passwordChangedAt: now,
    emailVerifiedAt: now,
    emailProvenAt: now,
    createdAt: now,
    language: "en",
    ...facts,
  });
  if (!created) throw new Error(`member ${facts.loginId} not inserted`);
  return created;
}

export interface HttpResponse {
  status: number;
  url: string;
  location: string | null;
  text: string;
  headers: Headers;
}

/**
 * A browser over real HTTP: a cookie jar, same-origin form posts with rekey's CSRF token, and
 * redirects followed by hand only while they stay on rekey's origin (the relying party's
 * callback is where it stops).
 */
export class HttpBrowser {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly origin: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async request(url: string, init: RequestInit = {}): Promise<HttpResponse> {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(this.headers)) headers.set(name, value);
    if (this.cookies.size > 0) {
      headers.set(
        "cookie",
        [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
      );
    }
    const response = await fetch(new URL(url, this.origin), {
      ...init,
      headers,
      redirect: "manual",
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const location = response.headers.get("location");
    return {
      status: response.status,
      url: new URL(url, this.origin).href,
      location: location ? new URL(location, new URL(url, this.origin)).href : null,
      text: await response.text(),
      headers: response.headers,
    };
  }

  /**
   * GETs `url` and follows redirects on rekey's origin, and a `Refresh: 0; url=...` header as a
   * browser does (rekey's last page before the service); answers the last response.
   */
  async follow(url: string): Promise<HttpResponse> {
    return this.followFrom(await this.request(url));
  }

  private async followFrom(first: HttpResponse): Promise<HttpResponse> {
    let response = first;
    for (let hop = 0; hop < 20; hop++) {
      const refresh = /^0;\s*url=(.+)$/.exec(response.headers.get("refresh") ?? "")?.[1];
      const next =
        response.status >= 300 && response.status < 400
          ? response.location
          : refresh
            ? new URL(refresh, response.url).href
            : null;
      if (!next || new URL(next).origin !== this.origin) return response;
      response = await this.request(next);
    }
    throw new Error("too many redirects");
  }

  csrfToken(): string {
    return this.cookies.get("rekey_csrf") ?? this.cookies.get("__Host-rekey_csrf") ?? "";
  }

  /** A form POST as rekey's own pages send it, then the redirects after it. */
  async submit(path: string, fields: Record<string, string>): Promise<HttpResponse> {
    if (!this.csrfToken()) await this.request("/login");
    const response = await this.request(path, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: this.origin,
        "sec-fetch-site": "same-origin",
      },
      body: new URLSearchParams({ ...fields, csrfToken: this.csrfToken() }).toString(),
    });
    return this.followFrom(response);
  }
}

export interface RelyingParty {
  config: client.Configuration;
  clientId: string;
  clientSecret: string | null;
  redirectUri: string;
}

/** Registers a client in rekey and discovers rekey with openid-client, as a service would. */
export async function createRelyingParty(
  deps: Deps,
  origin: string,
  options: Partial<NewClient> & { redirectUri?: string } = {},
): Promise<RelyingParty> {
  const redirectUri = options.redirectUri ?? "http://127.0.0.1:4999/callback";
  const registered = await registerClient(deps, {
    name: "Example shop",
    redirectUris: [redirectUri],
    firstParty: true,
    ...options,
  });
  if (!registered.ok) throw new Error(`client refused: ${registered.problem}`);
  const config = await client.discovery(
    new URL(origin),
    registered.clientId,
    registered.clientSecret ? { client_secret: registered.clientSecret } : undefined,
    registered.clientSecret ? undefined : client.None(),
    { execute: [client.allowInsecureRequests] },
  );
  // Verify the ID token's signature against rekey's JWKS, not only its claims.
  client.enableNonRepudiationChecks(config);
  return {
    config,
    clientId: registered.clientId,
    clientSecret: registered.clientSecret,
    redirectUri,
  };
}

export interface AuthorizationRequest {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

export async function buildAuthorizationRequest(
  party: RelyingParty,
  parameters: Record<string, string> = {},
): Promise<AuthorizationRequest> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(party.config, {
    redirect_uri: party.redirectUri,
    scope: "openid email profile offline_access",
    // OIDC Core s11: offline_access needs prompt=consent (skipped for first-party clients).
    prompt: "consent",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...parameters,
  });
  return { url, verifier, state, nonce };
}

/** Signs in on rekey's form when asked to, and answers where rekey finally sends the browser. */
export async function signInThroughRekey(
  browser: HttpBrowser,
  request: AuthorizationRequest,
  credentials: { loginId: string; password: string },
): Promise<HttpResponse> {
  const landed = await browser.follow(request.url.href);
  if (!landed.url.includes("/login")) return landed;
  const next = new URL(landed.url).searchParams.get("next") ?? "";
  return browser.submit("/login", {
    loginId: credentials.loginId,
    password: credentials.password,
    next,
  });
}

export async function redeemCode(
  party: RelyingParty,
  request: AuthorizationRequest,
  callbackUrl: string,
) {
  return client.authorizationCodeGrant(party.config, new URL(callbackUrl), {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
    idTokenExpected: true,
  });
}
