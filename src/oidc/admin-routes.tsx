import { Hono } from "hono";
import { AdminOidcPage, type OidcClientFormValues } from "../../views/pages/admin-oidc";
import { recordAuditEvent } from "../audit/audit-log";
import type { Deps } from "../deps";
import { memberActor } from "../resets/admin-routes";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator } from "../web/guards";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import { deleteClient, listClients, registerClient, supportedScopes } from "./clients";

const emptyForm: OidcClientFormValues = {
  name: "",
  redirectUris: "",
  postLogoutRedirectUris: "",
  backchannelLogoutUri: "",
};

function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** /admin/oidc: the services that sign their members in through rekey. */
export function adminOidcRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const path of ["/admin/oidc", "/admin/oidc/*"]) app.use(path, requireAdministrator(deps));

  const render = async (
    c: AppContext,
    options: {
      created?: { clientId: string; clientSecret: string | null };
      problemField?: string;
      values?: OidcClientFormValues;
    } = {},
  ) => {
    const clients = await listClients(deps);
    return c.html(
      <AdminOidcPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        discoveryUrl={`${deps.config.origin.origin}/.well-known/openid-configuration`}
        clients={clients.map((client) => ({
          id: client.id,
          name: client.name,
          publicClient: client.secretHash === null,
          firstParty: client.firstParty,
          redirectUris: JSON.parse(client.redirectUris) as string[],
          backchannelLogoutUri: client.backchannelLogoutUri,
          scopes: client.allowedScopes,
          createdAt: client.createdAt,
        }))}
        created={options.created ?? null}
        problemField={options.problemField ?? null}
        values={options.values ?? emptyForm}
      />,
      options.problemField ? 400 : 200,
    );
  };

  app.get("/admin/oidc", (c) => render(c));

  // The secret is in the answer to this POST only: it is never stored, so no redirect could show it.
  app.post("/admin/oidc", async (c) => {
    const form = c.get("form");
    const values: OidcClientFormValues = {
      name: formText(form, "name").slice(0, 200),
      redirectUris: formText(form, "redirectUris").slice(0, 4000),
      postLogoutRedirectUris: formText(form, "postLogoutRedirectUris").slice(0, 4000),
      backchannelLogoutUri: formText(form, "backchannelLogoutUri").trim().slice(0, 600),
    };
    const registered = await registerClient(deps, {
      name: values.name,
      redirectUris: lines(values.redirectUris),
      postLogoutRedirectUris: lines(values.postLogoutRedirectUris),
      backchannelLogoutUri: values.backchannelLogoutUri || null,
      scopes: supportedScopes.filter(
        (scope) => scope === "openid" || formText(form, `scope-${scope}`) === "on",
      ),
      publicClient: formText(form, "publicClient") === "on",
      firstParty: formText(form, "firstParty") === "on",
    });
    if (!registered.ok) return render(c, { problemField: registered.problem, values });
    await recordAuditEvent(deps.database, deps.clock, {
      actor: memberActor(c),
      action: "oidc-client.created",
      details: { clientId: registered.clientId, name: values.name.trim() },
    });
    return render(c, {
      created: { clientId: registered.clientId, clientSecret: registered.clientSecret },
    });
  });

  app.post("/admin/oidc/:clientId/delete", async (c) => {
    const clientId = c.req.param("clientId");
    if (await deleteClient(deps, clientId)) {
      await recordAuditEvent(deps.database, deps.clock, {
        actor: memberActor(c),
        action: "oidc-client.deleted",
        details: { clientId },
      });
    }
    return c.redirect("/admin/oidc", 303);
  });

  return app;
}
