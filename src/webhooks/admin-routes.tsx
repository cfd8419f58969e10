import { Hono } from "hono";
import {
  AdminWebhookEndpointPage,
  AdminWebhooksPage,
  type EndpointFormErrors,
  type EndpointView,
} from "../../views/pages/admin-webhooks";
import { recordAuditEvent } from "../audit/audit-log";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { isLanguage } from "../i18n";
import { memberActor } from "../resets/admin-routes";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator } from "../web/guards";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import { listEndpointDeliveries, resendDelivery } from "./deliveries";
import {
  createEndpoint,
  deleteEndpoint,
  displayedUrl,
  findEndpoint,
  listEndpoints,
  parseEndpointUrl,
  rotateEndpointSecret,
  setEndpointEnabled,
  subscribedEvents,
  updateEndpointEvents,
  type WebhookEndpoint,
} from "./endpoints";
import { webhookEventTypes } from "./events";

const deliveryLogLength = 50;

function viewOf(endpoint: WebhookEndpoint): EndpointView {
  return { endpoint, displayedUrl: displayedUrl(endpoint), events: subscribedEvents(endpoint) };
}

function chosenEvents(c: AppContext): string[] {
  const form = c.get("form");
  return webhookEventTypes.filter((type) => formText(form, `event-${type}`) === "on");
}

/** The console's webhook endpoints: every change is audited (src/webhooks/endpoints.ts). */
export function adminWebhookRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const path of ["/admin/webhooks", "/admin/webhooks/*"]) {
    app.use(path, requireAdministrator(deps));
  }

  const renderList = async (
    c: AppContext,
    createdSecret: string | null,
    errors: EndpointFormErrors,
  ) => {
    const endpoints = await listEndpoints(deps.database);
    return c.html(
      <AdminWebhooksPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        endpoints={endpoints.map(viewOf)}
        createdSecret={createdSecret}
        errors={errors}
      />,
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  };

  const endpointOf = async (c: AppContext) => {
    const id = Number(c.req.param("id"));
    const endpoint = Number.isSafeInteger(id) ? await findEndpoint(deps.database, id) : undefined;
    if (!endpoint) throw new RequestProblem(404, "errorNotFound");
    return endpoint;
  };

  const renderEndpoint = async (
    c: AppContext,
    endpoint: WebhookEndpoint,
    options: { rotatedSecret?: string; notice?: string } = {},
  ) =>
    c.html(
      <AdminWebhookEndpointPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        view={viewOf(endpoint)}
        deliveries={await listEndpointDeliveries(deps.database, endpoint.id, deliveryLogLength)}
        rotatedSecret={options.rotatedSecret ?? null}
        notice={options.notice ?? null}
      />,
    );

  app.get("/admin/webhooks", (c) => renderList(c, null, {}));

  // The secret is shown in the answer to this POST only, like a new API key.
  app.post("/admin/webhooks", async (c) => {
    const form = c.get("form");
    const messages = c.get("messages");
    const kind = formText(form, "kind") === "chat" ? "chat" : "standard";
    const url = parseEndpointUrl(formText(form, "url"));
    const events = chosenEvents(c);
    const language = formText(form, "language");
    const errors: EndpointFormErrors = {};
    if (!url) errors.url = messages.webhooksUrlError;
    if (kind === "standard" && events.length === 0) errors.events = messages.webhooksEventsError;
    if (!url || Object.keys(errors).length > 0) return renderList(c, null, errors);
    const created = await createEndpoint(
      deps,
      {
        kind,
        url,
        description: formText(form, "description").trim(),
        events,
        language: isLanguage(language) ? language : "en",
      },
      memberActor(c),
    );
    return renderList(c, created.secret, {});
  });

  app.get("/admin/webhooks/:id", async (c) => {
    const endpoint = await endpointOf(c);
    const notice = c.req.query("resent") ? c.get("messages").webhooksResent : undefined;
    return renderEndpoint(c, endpoint, { notice });
  });

  app.post("/admin/webhooks/:id/events", async (c) => {
    const endpoint = await endpointOf(c);
    await updateEndpointEvents(deps, endpoint, chosenEvents(c), memberActor(c));
    return c.redirect(`/admin/webhooks/${endpoint.id}`, 303);
  });

  app.post("/admin/webhooks/:id/rotate", async (c) => {
    const endpoint = await endpointOf(c);
    if (endpoint.kind !== "standard") throw new RequestProblem(404, "errorNotFound");
    const secret = await rotateEndpointSecret(deps, endpoint, memberActor(c));
    const rotated = (await findEndpoint(deps.database, endpoint.id)) ?? endpoint;
    return renderEndpoint(c, rotated, { rotatedSecret: secret });
  });

  for (const action of ["enable", "disable"] as const) {
    app.post(`/admin/webhooks/:id/${action}`, async (c) => {
      const endpoint = await endpointOf(c);
      await setEndpointEnabled(deps, endpoint, action === "enable", memberActor(c));
      return c.redirect(`/admin/webhooks/${endpoint.id}`, 303);
    });
  }

  app.post("/admin/webhooks/:id/delete", async (c) => {
    const endpoint = await endpointOf(c);
    await deleteEndpoint(deps, endpoint, memberActor(c));
    return c.redirect("/admin/webhooks", 303);
  });

  app.post("/admin/webhooks/:id/deliveries/:deliveryId/resend", async (c) => {
    const endpoint = await endpointOf(c);
    const deliveryId = Number(c.req.param("deliveryId"));
    const actor = memberActor(c);
    const resent =
      Number.isSafeInteger(deliveryId) &&
      (await runInTransaction(deps.database, async (database) => {
        const done = await resendDelivery(database, {
          endpointId: endpoint.id,
          deliveryId,
          now: deps.clock.now(),
        });
        if (done) {
          await recordAuditEvent(database, deps.clock, {
            actor,
            action: "webhook.delivery-resent",
            details: { endpointId: endpoint.id, deliveryId },
          });
        }
        return done;
      }));
    if (!resent) throw new RequestProblem(404, "errorNotFound");
    return c.redirect(`/admin/webhooks/${endpoint.id}?resent=1`, 303);
  });

  return app;
}
