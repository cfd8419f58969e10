import { serve } from "@hono/node-server";
import { Hono } from "hono";

/**
 * bench/pages' first peer: a Hono hello-world on @hono/node-server, alone in its process, the
 * ceiling any page of rekey is held against. Reports its origin and, when asked, its CPU time.
 */
const app = new Hono();
app.get("/", (c) => c.text("Hello Hono!"));
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  process.send?.({ origin: `http://127.0.0.1:${info.port}` });
});
process.on("message", (message) => {
  if (message === "cpu") process.send?.({ cpu: process.cpuUsage() });
  if (message === "stop") server.close(() => process.exit(0));
});
