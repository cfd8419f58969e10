// oidc-provider 8.x, not 9.x: 9 declares Node >= 22 and prints "Unsupported runtime" on Node 20,
// which rekey supports (package.json engines); 8.x is the same OpenID Certified code base on
// Node 20, still maintained for security fixes. Move to 9 when rekey requires Node 22.
import Provider, {
  type Configuration,
  interactionPolicy,
  type KoaContextWithOIDC,
} from "oidc-provider";
import { isSecureOrigin } from "../config";
import type { Deps } from "../deps";
import { invalidateSession, validateSessionToken } from "../sessions/sessions";
import type { StaticAssets } from "../web/static-assets";
import { createStoredObjectAdapter } from "./adapter";
import { clientMetadataOf, clientSecretMatches, findClient } from "./clients";
import type { OidcKeyMaterial } from "./keys";
import { providerPages } from "./provider-pages";
import { findMemberBySubject } from "./subjects";

/** The `acr` of a passkey sign-in: "phishing-resistant" (OpenID EAP ACR Values 1.0). */
export const passkeyAcr = "phr";

/** Where the provider's endpoints live on rekey's origin; discovery stays at the issuer root. */
export const oidcPathPrefix = "/oidc";
export const interactionPathPrefix = `${oidcPathPrefix}/interaction`;

const lifetimesInSeconds = {
  AccessToken: 3600,
  AuthorizationCode: 60,
  IdToken: 3600,
  Interaction: 3600,
  RefreshToken: 14 * 24 * 3600,
  Grant: 14 * 24 * 3600,
  Session: 14 * 24 * 3600,
};

function isFirstParty(client: { metadata(): Record<string, unknown> }): boolean {
  return client.metadata().first_party === true;
}

/** A client asking `acr_values=phr` gets a passkey sign-in, whatever session the member has. */
function loginPolicy(): ReturnType<typeof interactionPolicy.base> {
  const policy = interactionPolicy.base();
  const login = policy.get("login");
  login?.checks.add(
    new interactionPolicy.Check("passkey_required", "A passkey sign-in is required", (ctx) => {
      const wanted = String(ctx.oidc.params?.acr_values ?? "").split(" ");
      if (!wanted.includes(passkeyAcr)) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      return ctx.oidc.session?.acr === passkeyAcr
        ? interactionPolicy.Check.NO_NEED_TO_PROMPT
        : interactionPolicy.Check.REQUEST_PROMPT;
    }),
  );
  return policy;
}

/** Builds the provider for one set of keys (provider-holder.ts rebuilds it when they change). */
export function buildProvider(deps: Deps, assets: StaticAssets, keys: OidcKeyMaterial): Provider {
  const pages = providerPages(assets);
  const clientAdapter = {
    async find(id: string) {
      const client = await findClient(deps, id);
      return client ? clientMetadataOf(client) : undefined;
    },
  };
  const configuration: Configuration = {
    adapter: (name: string) =>
      (name === "Client" ? clientAdapter : createStoredObjectAdapter(deps, name)) as never,
    clients: [],
    findAccount: async (_ctx, subject) => {
      const found = await findMemberBySubject(deps, subject);
      // A member waiting for a forced reset has no account here: no code, no token, no userinfo.
      if (!found || found.resetRequiredAt) return undefined;
      return {
        accountId: subject,
        claims: async () => ({
          sub: subject,
          email: found.email,
          email_verified: found.emailVerifiedAt !== null,
          ...(found.displayName ? { name: found.displayName } : {}),
          ...(found.language ? { locale: found.language } : {}),
        }),
      };
    },
    claims: {
      // amr, acr and auth_time ride with the openid scope: oidc-provider only releases claims that a
      // scope or the request names, and every client should see how the member signed in.
      openid: ["sub", "amr", "acr", "auth_time"],
      email: ["email", "email_verified"],
      profile: ["name", "locale"],
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
    },
    acrValues: [passkeyAcr],
    // Scope claims in the ID token as well as at userinfo: most relying parties read them there.
    conformIdTokenClaims: false,
    jwks: { keys: keys.signingKeys as never },
    cookies: {
      keys: keys.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: "lax" },
      short: { signed: true, httpOnly: true, sameSite: "lax" },
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      introspection: {
        enabled: true,
        // Only a confidential client may introspect, and only its own tokens.
        allowedPolicy: async (_ctx, client, token) =>
          client.tokenEndpointAuthMethod !== "none" &&
          (!token.clientId || token.clientId === client.clientId),
      },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: pages.logoutSource,
        postLogoutSuccessSource: pages.postLogoutSuccessSource,
      },
      backchannelLogout: { enabled: true },
      claimsParameter: { enabled: false },
      resourceIndicators: { enabled: false },
    },
    pkce: {
      methods: ["S256"],
      // A public client has no secret: PKCE is what binds the code to it (RFC 9700 s2.1.1).
      required: (_ctx, client) => client.tokenEndpointAuthMethod === "none",
    },
    clientAuthMethods: ["client_secret_basic", "client_secret_post", "none"],
    enabledJWA: {
      // No HS*: the stored "client_secret" is a hash and must never become a signing key.
      idTokenSigningAlgValues: ["RS256"],
      userinfoSigningAlgValues: ["RS256"],
      introspectionSigningAlgValues: ["RS256"],
      authorizationSigningAlgValues: ["RS256"],
      requestObjectSigningAlgValues: ["RS256", "ES256", "PS256", "EdDSA"],
      clientAuthSigningAlgValues: ["RS256", "ES256", "PS256", "EdDSA"],
    },
    extraClientMetadata: { properties: ["first_party"] },
    responseTypes: ["code"],
    routes: {
      authorization: `${oidcPathPrefix}/auth`,
      token: `${oidcPathPrefix}/token`,
      userinfo: `${oidcPathPrefix}/me`,
      jwks: `${oidcPathPrefix}/jwks`,
      revocation: `${oidcPathPrefix}/token/revocation`,
      introspection: `${oidcPathPrefix}/token/introspection`,
      end_session: `${oidcPathPrefix}/session/end`,
      pushed_authorization_request: `${oidcPathPrefix}/request`,
      code_verification: `${oidcPathPrefix}/device`,
      device_authorization: `${oidcPathPrefix}/device/auth`,
      backchannel_authentication: `${oidcPathPrefix}/backchannel`,
      registration: `${oidcPathPrefix}/reg`,
      challenge: `${oidcPathPrefix}/challenge`,
    } as Configuration["routes"],
    interactions: {
      policy: loginPolicy(),
      url: (_ctx, interaction) => `${interactionPathPrefix}/${interaction.uid}`,
    },
    ttl: lifetimesInSeconds,
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed("refresh_token") && code.scopes.has("offline_access"),
    // The operator's own services skip the consent page: the grant is made here.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      if (!oidc.client || !oidc.session?.accountId) return undefined;
      const grantId =
        oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      if (!isFirstParty(oidc.client)) return undefined;
      const grant = new oidc.provider.Grant({
        clientId: oidc.client.clientId,
        accountId: oidc.session.accountId,
      });
      grant.addOIDCScope([...(oidc.requestParamScopes ?? [])].join(" "));
      await grant.save();
      return grant;
    },
    renderError: pages.renderError,
  };
  const provider = new Provider(deps.config.origin.origin, configuration);
  // Behind the TLS-terminating proxy that an https origin implies, X-Forwarded-Proto tells koa
  // the request was secure (the provider sets Secure cookies only then).
  provider.proxy = isSecureOrigin(deps.config.origin);
  // Client secrets are stored hashed (clients.ts): compare hashes, in constant time.
  provider.Client.prototype.compareClientSecret = function compare(
    this: { clientSecret?: string },
    actual: string,
  ) {
    return clientSecretMatches(this.clientSecret ?? "", actual);
  } as never;
  // "Yes, sign out" on the RP-initiated logout page signs the member out of rekey as well (the
  // provider has just ended its own session and told the other services by back-channel).
  provider.on("end_session.success", (ctx: KoaContextWithOIDC) => {
    if (!ctx.oidc.params?.logout) return;
    const cookie = ctx.cookies.get("__Host-rekey_session") ?? ctx.cookies.get("rekey_session");
    // The whole token is checked (secret included) before the session it names is ended.
    validateSessionToken(deps, cookie)
      .then((signedIn) => signedIn && invalidateSession(deps.database, signedIn.session.id))
      .catch((error) =>
        deps.logger.error({ err: error }, "rekey session not ended after RP-initiated logout"),
      );
  });
  provider.on("server_error", (_ctx, error) =>
    deps.logger.error({ err: error }, "OpenID Connect provider error"),
  );
  return provider;
}
