import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { webhookEndpoint } from "../../src/db/schema";
import type { WebhookTransport } from "../../src/webhooks/sender";
import { createHttpWebhookTransport } from "../../src/webhooks/sender";
import { createWebhookWorker, type WebhookWorker } from "../../src/webhooks/worker";
import type { TestBrowser } from "./browser";
import type { TestPortal } from "./harness";

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The status the next requests get (default 204); a function decides per request. */
  answer: (request: ReceivedWebhook, index: number) => number | "hang";
  close(): Promise<void>;
}

/** A local HTTP receiver on 127.0.0.1 that records every request it gets. */
export async function startReceiver(t: { after: (fn: () => Promise<void>) => void }) {
  const receiver: TestReceiver = {
    url: "",
    received: [],
    answer: () => 204,
    close: async () => {},
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const received = { headers: request.headers, body: Buffer.concat(chunks).toString("utf8") };
      receiver.received.push(received);
      const status = receiver.answer(received, receiver.received.length - 1);
      if (status === "hang") return;
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  t.after(() => receiver.close());
  return receiver;
}

/**
 * The receiving side as a service would write it, with the `standardwebhooks` package: answers
 * the parsed payload, or throws when the signature, ID or timestamp do not verify.
 */
export function verifyWebhook(secret: string, received: ReceivedWebhook) {
  return new Webhook(secret).verify(received.body, received.headers as Record<string, string>) as {
    type: string;
    timestamp: string;
    data: Record<string, unknown>;
  };
}

/** The real HTTP transport, with the operator's allowance for a receiver on this machine. */
export function loopbackTransport(timeoutInMilliseconds = 2000): WebhookTransport {
  return createHttpWebhookTransport({ allowPrivateAddresses: true, timeoutInMilliseconds });
}

export function testWorker(
  portal: TestPortal,
  t: { after: (fn: () => void) => void },
  transport = loopbackTransport(),
): WebhookWorker {
  t.after(() => transport.close());
  return createWebhookWorker(portal.deps, transport, { batchSize: 50 });
}

/** Runs the worker until nothing is due now. */
export async function drain(worker: WebhookWorker): Promise<void> {
  for (let round = 0; round < 100; round++) {
    if ((await worker.deliverBatch()) === 0) return;
  }
  throw new Error("the queue did not drain");
}

/** Adds an endpoint through the console and answers its secret (shown once, in that answer). */
export async function addEndpoint(
  administrator: TestBrowser,
  options: { url: string; events?: string[]; kind?: "standard" | "chat"; language?: string },
): Promise<{ secret: string | null; id: number; html: string }> {
  const fields: Record<string, string> = {
    kind: options.kind ?? "standard",
    url: options.url,
    description: "",
    language: options.language ?? "en",
  };
  for (const type of options.events ?? []) fields[`event-${type}`] = "on";
  const page = await administrator.post("/admin/webhooks", fields);
  if (page.status !== 200) throw new Error(`endpoint not created: ${page.status}`);
  const secret = /data-field="webhookSecret">([^<]+)</.exec(page.text)?.[1] ?? null;
  const id = Number(/data-endpoint-id="(\d+)"/.exec(page.text)?.[1]);
  return { secret, id, html: page.text };
}

export async function endpointRow(portal: TestPortal, id: number) {
  const rows = await portal.deps.database.select().from(webhookEndpoint);
  return rows.find((row) => row.id === id);
}
