import http from "node:http";
import https from "node:https";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";
import { Webhook } from "standardwebhooks";
import { describeAlert } from "../defence/alert-text";
import type { DefenceAlert } from "../defence/alerts";
import { messagesFor } from "../i18n";
import type { ClaimedDelivery } from "./deliveries";

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookResponse {
  /** Null when no answer came (refused address, timeout, connection error). */
  statusCode: number | null;
  error: string | null;
}

/** Sends one request; injected so tests and the benchmark can count or slow requests down. */
export interface WebhookTransport {
  send(request: WebhookRequest): Promise<WebhookResponse>;
  close(): void;
}

/**
 * The Standard Webhooks body: `{type, timestamp, data}`, `data` holding rekey's member ID, the
 * service's `externalId` and the event's own facts; never a password, token or link.
 */
export function webhookBody(event: ClaimedDelivery["event"]): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    data: {
      ...(JSON.parse(event.data) as object),
      ...(event.memberId === null
        ? {}
        : { memberId: event.memberId, externalId: event.externalId }),
    },
  });
}

/**
 * Signs with the `standardwebhooks` package (HMAC-SHA256 over `id.timestamp.body`). While a
 * rotated-out secret is still valid both sign, space-separated, so a receiver holding either
 * one verifies (the spec's rotation). `sentAt` is the attempt's wall time: receivers compare
 * it with their own clock to refuse replays.
 */
export function buildWebhookRequest(
  claimed: ClaimedDelivery,
  options: { sentAt: Date; now: Date; origin: URL },
): WebhookRequest {
  const { sentAt } = options;
  const { endpoint, event } = claimed;
  if (endpoint.kind === "chat") {
    return {
      url: endpoint.url,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: chatText(event, endpoint.language, options.origin) }),
    };
  }
  const body = webhookBody(event);
  const secrets = [endpoint.secret];
  if (
    endpoint.previousSecret &&
    (endpoint.previousSecretExpiresAt?.getTime() ?? 0) > options.now.getTime()
  ) {
    secrets.push(endpoint.previousSecret);
  }
  const signature = secrets
    .filter((secret): secret is string => secret !== null)
    .map((secret) => new Webhook(secret).sign(event.messageId, sentAt, body))
    .join(" ");
  return {
    url: endpoint.url,
    headers: {
      "content-type": "application/json",
      "webhook-id": event.messageId,
      "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
      "webhook-signature": signature,
    },
    body,
  };
}

/** One line for a chat channel, the same sentence as the admin banner's. */
export function chatText(
  event: ClaimedDelivery["event"],
  language: "en" | "ja",
  origin: URL,
): string {
  const messages = messagesFor(language);
  const facts = JSON.parse(event.data) as Record<string, unknown>;
  const alert = {
    kind: facts.kind as DefenceAlert["kind"],
    details: event.data,
  } as DefenceAlert;
  const link = new URL(facts.kind === "mail-relay" ? "/admin/mail" : "/admin/attacks", origin);
  return `${messages.webhookChatAlertPrefix} ${describeAlert(alert, messages)} ${link.href}`;
}

/**
 * Node's http(s) with request-filtering-agent, which checks the address each connection is
 * made to after DNS resolution (so a name that resolves to 127.0.0.1, or rebinds to it, is
 * refused too). Redirects are not followed: a 3xx is a failed attempt, since following one
 * would let an endpoint send rekey anywhere.
 */
export function createHttpWebhookTransport(options: {
  allowPrivateAddresses: boolean;
  timeoutInMilliseconds: number;
}): WebhookTransport {
  const agentOptions = {
    keepAlive: true,
    maxSockets: 64,
    allowPrivateIPAddress: options.allowPrivateAddresses,
  };
  const httpAgent = new RequestFilteringHttpAgent(agentOptions);
  const httpsAgent = new RequestFilteringHttpsAgent(agentOptions);
  return {
    send(request) {
      const url = new URL(request.url);
      const client = url.protocol === "https:" ? https : http;
      return new Promise((resolve) => {
        const outgoing = client.request(url, {
          method: "POST",
          agent: url.protocol === "https:" ? httpsAgent : httpAgent,
          headers: { ...request.headers, "user-agent": "rekey-webhooks" },
          // Bounds the whole exchange, connection to last byte.
          signal: AbortSignal.timeout(options.timeoutInMilliseconds),
        });
        outgoing.on("response", (response) => {
          // Drain and ignore the body: only the status counts, and a huge answer costs nothing.
          response.resume();
          response.on("end", () =>
            resolve({ statusCode: response.statusCode ?? null, error: null }),
          );
          response.on("error", (error) =>
            resolve({ statusCode: response.statusCode ?? null, error: error.message }),
          );
        });
        outgoing.on("error", (error) => resolve({ statusCode: null, error: describeError(error) }));
        outgoing.end(request.body);
      });
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function describeError(error: Error): string {
  if (error.name === "AbortError" || error.name === "TimeoutError") return "timed out";
  return error.message.slice(0, 200);
}
