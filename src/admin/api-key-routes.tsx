import { Hono } from "hono";
import { AdminApiKeysPage, type ApiKeyFormErrors } from "../../views/pages/admin-api-keys";
import { recordAuditEvent } from "../audit/audit-log";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { memberActor } from "../resets/admin-routes";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator } from "../web/guards";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import { apiKeyScopes, parseApiKeyLifetime, parseApiKeyScopes } from "./api-key-scopes";
import { createApiKey, isValidApiKeyName, listApiKeys, revokeApiKey } from "./api-keys";

/** API keys for incident tooling. */
export function apiKeyRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const path of ["/admin/api-keys", "/admin/api-keys/*"])
    app.use(path, requireAdministrator(deps));

  const render = async (c: AppContext, createdValue: string | null, errors: ApiKeyFormErrors) => {
    const keys = await listApiKeys(deps.database);
    const now = deps.clock.now();
    return c.html(
      <AdminApiKeysPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        createdValue={createdValue}
        errors={errors}
        keys={keys.map((key) => ({
          id: key.id,
          name: key.name,
          createdAt: key.createdAt,
          lastUsedAt: key.lastUsedAt,
          revoked: key.revokedAt !== null,
          scopes: parseApiKeyScopes(key.scopes),
          expiresAt: key.expiresAt,
          expired: key.expiresAt !== null && key.expiresAt <= now,
        }))}
      />,
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  };

  app.get("/admin/api-keys", (c) => render(c, null, {}));

  // The key is shown in the answer to this POST only: it is never stored, so no redirect can show it.
  app.post("/admin/api-keys", async (c) => {
    const form = c.get("form");
    const messages = c.get("messages");
    const name = formText(form, "name").trim();
    const scopes = apiKeyScopes.filter((scope) => formText(form, `scope-${scope}`) === "on");
    const lifetime = parseApiKeyLifetime(formText(form, "expiresInDays"));
    const errors: ApiKeyFormErrors = {};
    if (!isValidApiKeyName(name)) errors.name = messages.errorBadRequest;
    if (scopes.length === 0) errors.scopes = messages.adminApiKeysScopesError;
    if (!lifetime) errors.expiresInDays = messages.adminApiKeysExpiresInDaysError;
    if (!lifetime || Object.keys(errors).length > 0) return render(c, null, errors);
    const actor = memberActor(c);
    const created = await runInTransaction(deps.database, async (database) => {
      const result = await createApiKey(database, deps.clock, {
        name,
        createdByMemberId: actor.kind === "member" ? actor.memberId : null,
        scopes,
        expiresInDays: lifetime.days,
      });
      await recordAuditEvent(database, deps.clock, {
        actor,
        action: "api-key.created",
        details: {
          apiKeyId: result.key.id,
          name,
          scopes: result.key.scopes,
          expiresAt: result.key.expiresAt?.toISOString() ?? null,
        },
      });
      return result;
    });
    return render(c, created.value, {});
  });

  app.post("/admin/api-keys/:id/revoke", async (c) => {
    const actor = memberActor(c);
    await runInTransaction(deps.database, async (database) => {
      const key = await revokeApiKey(database, deps.clock, c.req.param("id"));
      if (key)
        await recordAuditEvent(database, deps.clock, {
          actor,
          action: "api-key.revoked",
          details: { apiKeyId: key.id, name: key.name },
        });
    });
    return c.redirect("/admin/api-keys", 303);
  });

  return app;
}
