import { readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";

export interface ClientResult {
  latencies: number[];
  statuses: Record<string, number>;
  cpuSeconds: number;
}

export interface JobFigures {
  idCount: number;
  matched: number;
  unknown: number;
  status: string;
  creationInSeconds: number;
  elapsedInSeconds: number;
  cpuSeconds: number;
  mainThreadCpuSeconds: number | null;
  bytesWritten: number | null;
  longestStallInMilliseconds: number;
  loadAtStart: number[];
}

/** Bytes this process has had written to storage so far (Linux only; null elsewhere). */
export function readBytesWritten(): number | null {
  try {
    const match = /^write_bytes: (\d+)$/m.exec(readFileSync("/proc/self/io", "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * CPU seconds of the main thread alone (Linux only; null elsewhere): the event loop that runs
 * the job and serves the portal, without the checkpointer's thread. Clock ticks of 10 ms.
 */
export function readMainThreadCpuSeconds(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const formatLoad = (load: number[]) => load.map((value) => value.toFixed(2)).join(" ");
const count = (value: number) => Math.round(value).toLocaleString("en");

/** The figures the issue asks for, next to the machine's state: wall-clock rates are noisy. */
export function formatReport(job: JobFigures, client: ClientResult): string[] {
  const sorted = [...client.latencies].sort((a, b) => a - b);
  const percentile = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
  const rate = job.idCount / job.elapsedInSeconds;
  const p99 = percentile(0.99);
  const written =
    job.bytesWritten === null
      ? ""
      : `, ${(job.bytesWritten / 2 ** 20).toFixed(0)} MiB written (${(job.bytesWritten / job.idCount / 1024).toFixed(1)} KiB/ID)`;
  return [
    `job: ${count(job.matched)} reset, ${count(job.unknown)} unknown, status ${job.status}; list stored in ${job.creationInSeconds.toFixed(2)} s`,
    `end to end: ${count(job.idCount)} IDs in ${job.elapsedInSeconds.toFixed(2)} s = ${count(rate)} IDs/s (goal >= 20,000)`,
    `server process CPU during the job: ${job.cpuSeconds.toFixed(2)} s = ${((job.cpuSeconds * 1e6) / job.idCount).toFixed(1)} us/ID` +
      ` (= ${count(job.idCount / job.cpuSeconds)} IDs per CPU-second, /account serving and the checkpoint thread included)${written}`,
    ...(job.mainThreadCpuSeconds === null
      ? []
      : [
          `  of which the main thread (job and /account): ${job.mainThreadCpuSeconds.toFixed(2)} s = ${((job.mainThreadCpuSeconds * 1e6) / job.idCount).toFixed(1)} us/ID`,
        ]),
    `longest event-loop stall in the server: ${job.longestStallInMilliseconds.toFixed(0)} ms`,
    `/account during the job: ${sorted.length} requests, statuses ${JSON.stringify(client.statuses)}, median ${percentile(0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms (goal p99 < 100 ms)`,
    `machine: ${availableParallelism()} cores shared by the server, the /account client process (${client.cpuSeconds.toFixed(2)} s CPU) and anything else running;` +
      ` load average ${formatLoad(job.loadAtStart)} at the start, ${formatLoad(loadavg())} at the end`,
    `goals: IDs/s ${rate >= 20_000 ? "met" : "NOT met"}, p99 ${p99 < 100 ? "met" : "NOT met"}`,
  ];
}
