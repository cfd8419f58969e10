import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { resolveClientAddress } from "../defence/client-address";
import { type CidrRange, createAddressMatcher, parseCidr } from "../defence/ip-address";
import { decideMetricsAccess } from "../defence/metrics-access";
import type {
  OperationsPublication,
  OperationsWorkerData,
  OperationsWorkerReport,
} from "./operations-protocol";

/**
 * The operations listener (REKEY_OPERATIONS_PORT) in a thread of its own: /healthz, /readyz and
 * /metrics answer from what the main thread last published (operations-thread.ts), so they never
 * wait for the main event loop, however busy argon2 sign-ins and page rendering keep it
 * (issue 17 finding 4: 4 to 9 s p99 on a listener that shared the loop).
 *
 * Plain node:http rather than hono: three fixed GET routes with no cookies, sessions, forms or
 * views need no router or middleware, and a thread that loads nothing else starts in
 * milliseconds and keeps its own heap small.
 *
 * Ages are measured with this thread's monotonic clock (performance.now) from when a
 * publication arrived, not with a time the main thread wrote: what matters is when this thread
 * last heard from the main loop, and wall-clock steps must not make a live loop look wedged.
 */
const settings = workerData as OperationsWorkerData;
const port = parentPort;
if (!port) throw new Error("operations-worker.ts runs only as a worker thread");

const parseRanges = (values: string[]) =>
  values.map((value) => parseCidr(value)).filter((range): range is CidrRange => range !== null);
const metricsAllowedSources = createAddressMatcher(parseRanges(settings.metricsAllowedSources));
const trustedProxies = createAddressMatcher(parseRanges(settings.trustedProxies));

let lastHeardAtMs: number | null = null;
let readiness: { status: 200 | 503; json: string; atMs: number } | null = null;
let metrics: { text: string; contentType: string; atMs: number } | null = null;

port.on("message", (publication: OperationsPublication) => {
  const atMs = performance.now();
  lastHeardAtMs = atMs;
  if (publication.type === "readiness") {
    readiness = { status: publication.status, json: publication.json, atMs };
  } else {
    metrics = { text: publication.text, contentType: publication.contentType, atMs };
  }
});

const ageInMilliseconds = (atMs: number | null) =>
  atMs === null ? Number.POSITIVE_INFINITY : performance.now() - atMs;

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  extraHeaders: Record<string, string> = {},
): void {
  response.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(body),
    // The same rule as every answer of the portal (src/web/middleware/cache-policy.ts).
    "Cache-Control": "no-store, private",
    Vary: "Cookie",
    "X-Content-Type-Options": "nosniff",
    ...extraHeaders,
  });
  response.end(response.req.method === "HEAD" ? undefined : body);
}

const sendJson = (response: ServerResponse, status: number, body: unknown) =>
  send(response, status, "application/json", JSON.stringify(body));

function answerLiveness(response: ServerResponse): void {
  const silentForMs = ageInMilliseconds(lastHeardAtMs);
  if (silentForMs > settings.livenessLimitInMilliseconds) {
    // A wedged main loop serves no member: exactly what a liveness check is there to catch.
    sendJson(response, 503, {
      status: "main-thread-unresponsive",
      mainThreadSilentForSeconds: Number.isFinite(silentForMs)
        ? Math.round(silentForMs / 1000)
        : null,
    });
    return;
  }
  sendJson(response, 200, { status: "ok" });
}

function answerReadiness(response: ServerResponse): void {
  if (!readiness || ageInMilliseconds(readiness.atMs) > settings.readinessLimitInMilliseconds) {
    sendJson(response, 503, { status: "not-ready", reason: "main-thread-unresponsive" });
    return;
  }
  send(response, readiness.status, "application/json", readiness.json);
}

function answerMetrics(request: IncomingMessage, response: ServerResponse) {
  const access = decideMetricsAccess({
    token: settings.metricsToken,
    allowedSources: metricsAllowedSources,
    hasAllowedSources: settings.metricsAllowedSources.length > 0,
    clientIp: resolveClientAddress({
      socketAddress: request.socket.remoteAddress,
      forwardedFor: request.headers["x-forwarded-for"]?.toString(),
      trustedProxies,
    }),
    authorization: request.headers.authorization,
  });
  if (access === "not-found") return send(response, 404, "text/plain", "Not found\n");
  if (access === "forbidden") return send(response, 403, "text/plain", "Forbidden\n");
  if (access === "unauthorized") {
    return send(response, 401, "text/plain", "Unauthorized\n", {
      "WWW-Authenticate": 'Bearer realm="metrics"',
    });
  }
  if (!metrics) return send(response, 503, "text/plain", "No metrics published yet\n");
  const ageInSeconds = ageInMilliseconds(metrics.atMs) / 1000;
  // The snapshot is as old as the main thread's last publication: say so, so a scraper can
  // alert on a main loop that stopped publishing rather than graph frozen values.
  const age = [
    "# HELP rekey_metrics_snapshot_age_seconds Seconds since the main thread published these metrics.",
    "# TYPE rekey_metrics_snapshot_age_seconds gauge",
    `rekey_metrics_snapshot_age_seconds ${ageInSeconds.toFixed(3)}`,
    "",
  ].join("\n");
  send(response, 200, metrics.contentType, `${metrics.text}${age}`);
}

const server = createServer((request, response) => {
  const path = (request.url ?? "/").split("?")[0];
  if (request.method !== "GET" && request.method !== "HEAD") {
    return send(response, 405, "text/plain", "Method not allowed\n", { Allow: "GET, HEAD" });
  }
  if (path === "/healthz") return answerLiveness(response);
  if (path === "/readyz") return answerReadiness(response);
  if (path === "/metrics") return answerMetrics(request, response);
  send(response, 404, "text/plain", "Not found\n");
});

server.on("error", (error) => {
  port.postMessage({ type: "failed", message: error.message } satisfies OperationsWorkerReport);
});
server.listen(settings.port, settings.host, () => {
  const address = server.address() as AddressInfo;
  port.postMessage({
    type: "listening",
    address: address.address,
    family: address.family,
    port: address.port,
  } satisfies OperationsWorkerReport);
});
