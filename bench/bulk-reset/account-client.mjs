// Runs in its own thread: members keep loading /account while the reset runs, and the latency
// of each request is measured here, outside the server's event loop. Plain JavaScript because
// worker threads on Node 20 do not inherit tsx's loader.
import { parentPort, workerData } from "node:worker_threads";

const { url, cookies, durationInMilliseconds } = workerData;
const latencies = [];
const statuses = {};
let stop = false;
parentPort?.on("message", (message) => {
  if (message === "stop") stop = true;
});
const deadline = performance.now() + durationInMilliseconds;
let next = 0;
while (!stop && performance.now() < deadline) {
  const cookie = cookies[next++ % cookies.length] ?? "";
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  await response.arrayBuffer();
  latencies.push(performance.now() - started);
  statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  await new Promise((resolve) => setTimeout(resolve, 5));
}
parentPort?.postMessage({ latencies, statuses });
