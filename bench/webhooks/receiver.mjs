// The service's side of bench/webhooks, in its own process: an HTTP receiver on 127.0.0.1 that
// verifies every 50th signature with the standardwebhooks package and measures, per message,
// the delay from the event (the reset's batch, the body's `timestamp`) to its arrival here.
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

const [secret] = process.argv.slice(2);
const verifier = new Webhook(secret);
const delays = [];
const seen = new Set();
let duplicates = 0;
let verified = 0;
let firstAt = 0;
let lastAt = 0;

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const now = Date.now();
    const body = Buffer.concat(chunks).toString("utf8");
    const id = request.headers["webhook-id"];
    if (seen.has(id)) duplicates++;
    seen.add(id);
    if (seen.size % 50 === 1) {
      verifier.verify(body, request.headers);
      verified++;
    }
    const { timestamp } = JSON.parse(body);
    delays.push(now - Date.parse(timestamp));
    firstAt ||= now;
    lastAt = now;
    response.writeHead(204).end();
  });
});
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));

process.on("message", (message) => {
  if (message === "report") {
    process.send({ received: delays.length, unique: seen.size });
    return;
  }
  if (message !== "stop") return;
  delays.sort((a, b) => a - b);
  const at = (q) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] ?? 0;
  process.send({
    received: delays.length,
    unique: seen.size,
    duplicates,
    verified,
    firstAt,
    lastAt,
    p50: at(0.5),
    p99: at(0.99),
    max: delays.at(-1) ?? 0,
  });
  server.close();
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 100);
});
