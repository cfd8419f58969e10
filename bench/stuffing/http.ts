import { Agent, request } from "node:http";

/** Keep-alive HTTP to the portal on 127.0.0.1 only; the bench never sends traffic elsewhere. */
export const benchHost = "127.0.0.1";

export interface BenchResponse {
  status: number;
  setCookies: string[];
  latencyInMilliseconds: number;
  body: string;
}

export function createClient(
  port: number,
  options: { maximumSockets: number; keepAlive: boolean },
) {
  const agent = new Agent({ keepAlive: options.keepAlive, maxSockets: options.maximumSockets });
  return function send(
    method: "GET" | "POST",
    path: string,
    options: {
      headers?: Record<string, string>;
      form?: Record<string, string>;
      keepBody?: boolean;
    } = {},
  ): Promise<BenchResponse> {
    const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers["content-length"] = String(Buffer.byteLength(body));
    }
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const outgoing = request(
        { host: benchHost, port, method, path, headers, agent },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => {
            if (options.keepBody) chunks.push(chunk);
          });
          incoming.on("end", () =>
            resolve({
              status: incoming.statusCode ?? 0,
              setCookies: ([] as string[]).concat(incoming.headers["set-cookie"] ?? []),
              latencyInMilliseconds: performance.now() - started,
              body: Buffer.concat(chunks).toString("utf8"),
            }),
          );
          incoming.on("error", reject);
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  };
}

export type Send = ReturnType<typeof createClient>;

/** A browser's cookies for one member: the CSRF cookie, the device cookie, the session. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  remember(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = ""] = line.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

export const sleep = (milliseconds: number) =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));
