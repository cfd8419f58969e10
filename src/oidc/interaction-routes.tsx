import { Hono } from "hono";
import type { InteractionResults } from "oidc-provider";
import { MessagePage } from "../../views/pages/error";
import {
  OidcConsentPage,
  OidcContinuePage,
  OidcStepUpPage,
} from "../../views/pages/oidc-interaction";
import type { Deps } from "../deps";
import { countUsablePasskeys } from "../passkeys/credentials";
import type { AppContext, AppEnv } from "../web/context";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import { describeSessionAuthentication } from "./authentication-method";
import { interactionPathPrefix, passkeyAcr } from "./provider";
import type { ProviderHolder } from "./provider-holder";
import type { NodeBindings } from "./provider-routes";
import { subjectForMember } from "./subjects";

/** How recent a passkey proof must be to satisfy a client's `acr_values=phr`. */
const stepUpWindowInMinutes = 5;

/**
 * rekey's own interaction pages. Signing in is rekey's sign-in (/login and /reauthenticate, with
 * every rule they have: throttles before hashing, the breach re-check, no session for an account
 * awaiting its reset, the same answer for unknown IDs, the weak-password warning): the provider
 * only learns the member once rekey has a session for them, from that session.
 */
export function oidcInteractionRoutes(
  deps: Deps,
  assets: StaticAssets,
  holder: ProviderHolder,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const expired = (c: AppContext) => {
    const t = c.get("messages");
    return c.html(
      <MessagePage
        page={pageContext(c, assets)}
        title={t.oidcErrorTitle}
        message={t.oidcInteractionExpired}
      />,
      400,
    );
  };

  const loadInteraction = async (c: AppContext) => {
    const { incoming, outgoing } = c.env as NodeBindings;
    if (!incoming || !outgoing) return null;
    const provider = await holder.current();
    try {
      // Reads the interaction cookie: the request must come from the browser that started it.
      const details = await provider.interactionDetails(incoming, outgoing);
      if (details.uid !== c.req.param("uid")) return null;
      const client = await provider.Client.find(String(details.params.client_id));
      if (!client) return null;
      return { provider, details, client, incoming, outgoing };
    } catch {
      return null;
    }
  };
  type Loaded = NonNullable<Awaited<ReturnType<typeof loadInteraction>>>;

  const finish = async (c: AppContext, loaded: Loaded, result: InteractionResults) => {
    const target = await loaded.provider.interactionResult(
      loaded.incoming,
      loaded.outgoing,
      result,
      { mergeWithLastSubmission: true },
    );
    // Same origin (the provider's resume endpoint), which then redirects to the service.
    c.header("Refresh", `0; url=${target}`);
    return c.html(
      <OidcContinuePage
        page={pageContext(c, assets)}
        clientName={loaded.client.clientName ?? loaded.client.clientId}
        target={target}
      />,
    );
  };

  app.get(`${interactionPathPrefix}/:uid`, async (c) => {
    const loaded = await loadInteraction(c);
    if (!loaded) return expired(c);
    const { details, client } = loaded;
    const here = `${interactionPathPrefix}/${details.uid}`;
    const signedIn = c.get("signedIn");
    const clientName = client.clientName ?? client.clientId;

    if (details.prompt.name === "login") {
      if (!signedIn) return c.redirect(`/login?next=${encodeURIComponent(here)}`, 303);
      // A kept (passkey) session of an account awaiting its reset still gets no code.
      if (signedIn.member.resetRequiredAt) {
        return finish(c, loaded, {
          error: "access_denied",
          error_description: "account unavailable",
        });
      }
      const now = deps.clock.now().getTime();
      const startedAtInMilliseconds = Number(details.iat ?? 0) * 1000;
      const maxAge = details.params.max_age === undefined ? null : Number(details.params.max_age);
      const staleForClient =
        (details.prompt.reasons.includes("login_prompt") &&
          signedIn.session.authenticatedAt.getTime() < startedAtInMilliseconds) ||
        (maxAge !== null && now - signedIn.session.authenticatedAt.getTime() > maxAge * 1000);
      const wantsPasskey = String(details.params.acr_values ?? "")
        .split(" ")
        .includes(passkeyAcr);
      const passkeyFresh =
        signedIn.session.passkeyAuthenticatedAt !== null &&
        now - signedIn.session.passkeyAuthenticatedAt.getTime() <= stepUpWindowInMinutes * 60_000;
      if (wantsPasskey && !passkeyFresh) {
        const hasPasskey = (await countUsablePasskeys(deps.database, signedIn.member.id)) > 0;
        return c.html(
          <OidcStepUpPage
            page={pageContext(c, assets)}
            csrfToken={c.get("csrfToken")}
            clientName={clientName}
            next={here}
            hasPasskey={hasPasskey}
          />,
        );
      }
      if (staleForClient)
        return c.redirect(`/reauthenticate?next=${encodeURIComponent(here)}`, 303);
      const proven = await describeSessionAuthentication(deps, signedIn.session);
      return finish(c, loaded, {
        login: {
          accountId: await subjectForMember(deps, signedIn.member),
          amr: proven.amr,
          ...(proven.acr ? { acr: proven.acr } : {}),
          ts: proven.authTimeInSeconds,
          remember: true,
        },
      });
    }

    if (details.prompt.name === "consent") {
      if (!signedIn) return c.redirect(`/login?next=${encodeURIComponent(here)}`, 303);
      // The operator's own service: no consent page, even when it asks (prompt=consent, which
      // OIDC Core s11 requires with offline_access).
      if (client.metadata().first_party === true) return grantConsent(c, loaded);
      return c.html(
        <OidcConsentPage
          page={pageContext(c, assets)}
          csrfToken={c.get("csrfToken")}
          uid={details.uid}
          clientName={clientName}
          loginId={signedIn.member.loginId}
          scopes={String(details.params.scope ?? "").split(" ")}
        />,
      );
    }
    return expired(c);
  });

  app.post(`${interactionPathPrefix}/:uid/consent`, async (c) => {
    const loaded = await loadInteraction(c);
    if (!loaded) return expired(c);
    if (loaded.details.prompt.name !== "consent") return expired(c);
    return grantConsent(c, loaded);
  });

  const grantConsent = async (c: AppContext, loaded: Loaded) => {
    const signedIn = c.get("signedIn");
    const { provider, details } = loaded;
    const accountId = details.session?.accountId;
    if (!signedIn || !accountId || accountId !== (await subjectForMember(deps, signedIn.member))) {
      return expired(c);
    }
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    if (!grant) return expired(c);
    const missing = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    return finish(c, loaded, { consent: { grantId } });
  };

  app.post(`${interactionPathPrefix}/:uid/abort`, async (c) => {
    const loaded = await loadInteraction(c);
    if (!loaded) return expired(c);
    return finish(c, loaded, { error: "access_denied", error_description: "the member declined" });
  });

  return app;
}
