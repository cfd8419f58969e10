import { Hono } from "hono";
import { AdminMailPage } from "../../views/pages/admin-mail";
import { recordAuditEvent } from "../audit/audit-log";
import type { Deps } from "../deps";
import { memberActor } from "../resets/admin-routes";
import type { AppEnv } from "../web/context";
import { requireAdministrator } from "../web/guards";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import {
  countMessagesByStatus,
  listFailedMessages,
  listRetryingMessages,
  retryFailedMessages,
} from "./outbox";

export function adminMailRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/admin/mail", requireAdministrator(deps));
  app.use("/admin/mail/*", requireAdministrator(deps));

  app.get("/admin/mail", async (c) => {
    const retried = Number(c.req.query("retried"));
    const failures = await listFailedMessages(deps.database, 20);
    return c.html(
      <AdminMailPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        notice={
          Number.isInteger(retried) && retried >= 0 && c.req.query("retried")
            ? c.get("messages").adminMailRetried(retried)
            : null
        }
        view={{
          counts: await countMessagesByStatus(deps.database),
          deliveryConfigured: deps.mailTransport !== null,
          failures,
          retrying: await listRetryingMessages(deps.database, 20),
        }}
      />,
    );
  });

  app.post("/admin/mail/retry", async (c) => {
    const count = await retryFailedMessages(deps.database, deps.clock.now());
    await recordAuditEvent(deps.database, deps.clock, {
      actor: memberActor(c),
      action: "mail.requeued",
      details: { count },
    });
    deps.logger.info(
      { count, administratorId: c.get("signedIn")?.member.id },
      "failed mail re-queued",
    );
    return c.redirect(`/admin/mail?retried=${count}`, 303);
  });

  return app;
}
