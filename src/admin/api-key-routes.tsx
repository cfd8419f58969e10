import { Hono } from "hono";
import { AdminApiKeysPage } from "../../views/pages/admin-api-keys";
import { recordAuditEvent } from "../audit/audit-log";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { memberActor } from "../resets/admin-routes";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator } from "../web/guards";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import { createApiKey, isValidApiKeyName, listApiKeys, revokeApiKey } from "./api-keys";

/** API keys for incident tooling. */
export function apiKeyRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const path of ["/admin/api-keys", "/admin/api-keys/*"])
    app.use(path, requireAdministrator(deps));

  const render = async (c: AppContext, createdValue: string | null, nameError: string | null) => {
    const keys = await listApiKeys(deps.database);
    return c.html(
      <AdminApiKeysPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        createdValue={createdValue}
        nameError={nameError}
        keys={keys.map((key) => ({
          id: key.id,
          name: key.name,
          createdAt: key.createdAt,
          lastUsedAt: key.lastUsedAt,
          revoked: key.revokedAt !== null,
        }))}
      />,
      nameError ? 400 : 200,
    );
  };

  app.get("/admin/api-keys", (c) => render(c, null, null));

  // The key is shown in the answer to this POST only: it is never stored, so no redirect can show it.
  app.post("/admin/api-keys", async (c) => {
    const name = formText(c.get("form"), "name").trim();
    if (!isValidApiKeyName(name)) return render(c, null, c.get("messages").errorBadRequest);
    const actor = memberActor(c);
    const created = await runInTransaction(deps.database, async (database) => {
      const result = await createApiKey(database, deps.clock, {
        name,
        createdByMemberId: actor.kind === "member" ? actor.memberId : null,
      });
      await recordAuditEvent(database, deps.clock, {
        actor,
        action: "api-key.created",
        details: { apiKeyId: result.key.id, name },
      });
      return result;
    });
    return render(c, created.value, null);
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
