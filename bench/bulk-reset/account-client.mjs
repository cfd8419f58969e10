// Members loading /account while the reset runs, in a process of their own: the latency of
// each request is measured outside the server's event loop, and this client's CPU time is not
// counted in the server's. Both still share the machine's cores, which the report says.
const [url, durationInMilliseconds] = [process.argv[2], Number(process.argv[3])];
const latencies = [];
const statuses = {};
let stop = false;
let cookies = [];
process.on("message", (message) => {
  if (message.cookies) cookies = message.cookies;
  if (message === "stop") stop = true;
});
while (cookies.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
process.send("ready");
const deadline = performance.now() + durationInMilliseconds;
let next = 0;
while (!stop && performance.now() < deadline) {
  const cookie = cookies[next++ % cookies.length];
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  await response.arrayBuffer();
  latencies.push(performance.now() - started);
  statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  await new Promise((resolve) => setTimeout(resolve, 5));
}
const cpu = process.cpuUsage();
process.send({ latencies, statuses, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
process.disconnect();
