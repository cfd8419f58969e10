import type { WebhookDelivery, WebhookEventRow } from "../../src/webhooks/deliveries";
import type { WebhookEndpoint } from "../../src/webhooks/endpoints";
import { type WebhookEventType, webhookEventTypes } from "../../src/webhooks/events";
import { AdminNav } from "../components/admin-nav";
import { CsrfField } from "../components/form";
import { formatDateTime } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface EndpointView {
  endpoint: WebhookEndpoint;
  displayedUrl: string;
  events: WebhookEventType[];
}

export interface EndpointFormErrors {
  url?: string;
  events?: string;
}

type Messages = PageContext["messages"];

function statusText(t: Messages, endpoint: WebhookEndpoint, language: PageContext["language"]) {
  if (endpoint.status === "disabled") {
    return endpoint.disabledReason === "failing"
      ? t.webhooksDisabledFailing
      : t.webhooksDisabledByAdministrator;
  }
  return endpoint.failingSince
    ? t.webhooksFailingSince(formatDateTime(endpoint.failingSince, language))
    : t.webhooksEnabled;
}

function EventChoices(props: { t: Messages; chosen: readonly string[]; error?: string }) {
  return (
    <fieldset class={props.error ? "options field-error" : "options"}>
      <legend>{props.t.webhooksEvents}</legend>
      {props.error && <p class="error">{props.error}</p>}
      {webhookEventTypes.map((type) => (
        <div class="checkbox">
          <input
            id={`event-${type}`}
            name={`event-${type}`}
            type="checkbox"
            value="on"
            checked={props.chosen.includes(type)}
          />
          <label for={`event-${type}`}>
            <code>{type}</code>
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** The endpoints, with a form to add one; a new secret is shown here once. */
export function AdminWebhooksPage(props: {
  page: PageContext;
  csrfToken: string;
  endpoints: EndpointView[];
  createdSecret: string | null;
  errors: EndpointFormErrors;
}) {
  const t = props.page.messages;
  const language = props.page.language;
  return (
    <Layout page={props.page} title={t.webhooksTitle}>
      <AdminNav page={props.page} />
      <h1>{t.webhooksTitle}</h1>
      <p>{t.webhooksIntro}</p>
      {props.createdSecret && (
        <div class="notice" role="status">
          <p>{t.webhooksSecretShown}</p>
          <pre class="mail-text" data-field="webhookSecret">
            {props.createdSecret}
          </pre>
        </div>
      )}
      {props.endpoints.length === 0 ? (
        <p>{t.webhooksNone}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.webhooksUrl}</th>
                <th scope="col">{t.webhooksKind}</th>
                <th scope="col">{t.webhooksEvents}</th>
                <th scope="col">{t.webhooksStatus}</th>
              </tr>
            </thead>
            <tbody>
              {props.endpoints.map((view) => (
                <tr data-endpoint-id={String(view.endpoint.id)}>
                  <td>
                    <a href={`/admin/webhooks/${view.endpoint.id}`}>{view.displayedUrl}</a>
                    {view.endpoint.description && <div>{view.endpoint.description}</div>}
                  </td>
                  <td>
                    {view.endpoint.kind === "chat" ? t.webhooksKindChat : t.webhooksKindStandard}
                  </td>
                  <td>{view.events.join(", ")}</td>
                  <td data-field="endpointStatus">{statusText(t, view.endpoint, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t.webhooksAdd}</h2>
      <form method="post" action="/admin/webhooks">
        <CsrfField token={props.csrfToken} />
        <fieldset class="options">
          <legend>{t.webhooksKind}</legend>
          <div class="checkbox">
            <input id="kind-standard" name="kind" type="radio" value="standard" checked />
            <label for="kind-standard">{t.webhooksKindStandard}</label>
          </div>
          <div class="checkbox">
            <input id="kind-chat" name="kind" type="radio" value="chat" />
            <label for="kind-chat">{t.webhooksKindChat}</label>
          </div>
        </fieldset>
        <div class={props.errors.url ? "field field-error" : "field"}>
          <label for="url">{t.webhooksUrl}</label>
          {props.errors.url && <p class="error">{props.errors.url}</p>}
          <input id="url" name="url" type="url" maxlength={2000} required />
        </div>
        <div class="field">
          <label for="description">{t.webhooksDescription}</label>
          <input id="description" name="description" type="text" maxlength={200} />
        </div>
        <div class="field">
          <label for="language">{t.webhooksLanguage}</label>
          <select id="language" name="language">
            <option value="en">English</option>
            <option value="ja">日本語</option>
          </select>
        </div>
        <EventChoices t={t} chosen={[]} error={props.errors.events} />
        <button type="submit">{t.webhooksCreate}</button>
      </form>
    </Layout>
  );
}

function deliveryStatusText(t: Messages, status: WebhookDelivery["status"]): string {
  if (status === "delivered") return t.webhooksDeliveryDelivered;
  if (status === "failed") return t.webhooksDeliveryFailed;
  if (status === "sending") return t.webhooksDeliverySending;
  return t.webhooksDeliveryPending;
}

/** One endpoint: its settings, secret rotation and its delivery log with "resend". */
export function AdminWebhookEndpointPage(props: {
  page: PageContext;
  csrfToken: string;
  view: EndpointView;
  deliveries: { delivery: WebhookDelivery; event: WebhookEventRow }[];
  rotatedSecret: string | null;
  notice: string | null;
}) {
  const t = props.page.messages;
  const language = props.page.language;
  const { endpoint } = props.view;
  const base = `/admin/webhooks/${endpoint.id}`;
  return (
    <Layout page={props.page} title={t.webhooksEndpointTitle(props.view.displayedUrl)}>
      <AdminNav page={props.page} />
      <h1>{t.webhooksEndpointTitle(props.view.displayedUrl)}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.rotatedSecret && (
        <div class="notice" role="status">
          <p>{t.webhooksSecretShown}</p>
          <pre class="mail-text" data-field="webhookSecret">
            {props.rotatedSecret}
          </pre>
        </div>
      )}
      <p data-field="endpointStatus">
        {t.webhooksStatus}: {statusText(t, endpoint, language)}
      </p>
      <form
        method="post"
        action={`${base}/${endpoint.status === "enabled" ? "disable" : "enable"}`}
      >
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="secondary">
          {endpoint.status === "enabled" ? t.webhooksDisable : t.webhooksEnable}
        </button>
      </form>
      {endpoint.kind === "standard" && (
        <form method="post" action={`${base}/events`}>
          <CsrfField token={props.csrfToken} />
          <EventChoices t={t} chosen={props.view.events} />
          <button type="submit">{t.webhooksSaveEvents}</button>
        </form>
      )}
      {endpoint.kind === "standard" && (
        <form method="post" action={`${base}/rotate`}>
          <CsrfField token={props.csrfToken} />
          <p>{t.webhooksRotateHint}</p>
          <button type="submit" class="secondary">
            {t.webhooksRotate}
          </button>
        </form>
      )}
      <h2>{t.webhooksLog}</h2>
      {props.deliveries.length === 0 ? (
        <p>{t.webhooksLogEmpty}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.webhooksEvent}</th>
                <th scope="col">{t.webhooksMessageId}</th>
                <th scope="col">{t.webhooksStatus}</th>
                <th scope="col">{t.webhooksResponse}</th>
                <th scope="col">{t.webhooksAttempts}</th>
                <th scope="col">{t.webhooksWhen}</th>
                <th scope="col">{t.webhooksResend}</th>
              </tr>
            </thead>
            <tbody>
              {props.deliveries.map(({ delivery, event }) => (
                <tr data-delivery-id={String(delivery.id)}>
                  <td>
                    <code>{event.type}</code>
                  </td>
                  <td>
                    <code>{event.messageId}</code>
                  </td>
                  <td data-field="deliveryStatus">{deliveryStatusText(t, delivery.status)}</td>
                  <td data-field="responseCode">
                    {delivery.lastStatusCode ?? t.webhooksNoResponse}
                    {delivery.lastError && <div>{delivery.lastError}</div>}
                  </td>
                  <td>{delivery.attempts}</td>
                  <td>
                    {delivery.lastAttemptAt ? formatDateTime(delivery.lastAttemptAt, language) : ""}
                  </td>
                  <td>
                    {delivery.status !== "sending" && (
                      <form
                        method="post"
                        action={`${base}/deliveries/${delivery.id}/resend`}
                        class="inline-form"
                      >
                        <CsrfField token={props.csrfToken} />
                        <button type="submit" class="secondary">
                          {t.webhooksResend}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form method="post" action={`${base}/delete`}>
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="secondary">
          {t.webhooksDelete}
        </button>
      </form>
    </Layout>
  );
}
