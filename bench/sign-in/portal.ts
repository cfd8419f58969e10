import { pino } from "pino";
import { registerMember } from "../../src/accounts/registration";
import { createDeps } from "../../src/bootstrap";
import { loadConfig } from "../../src/config";
import type { Deps } from "../../src/deps";
import type { StrengthEstimator } from "../../src/passwords/strength/estimator";
import { createApp } from "../../src/web/app";

export const benchOrigin = "http://localhost:3000";

export interface BenchMember {
  loginId: string;
  email: string;
  password: string;
}

/**
 * The real app on an in-memory database with the real argon2id parameters, the packaged
 * breach corpus and the given strength pool; `overrides` swap one dependency. Per-address
 * sign-in limits are raised, since every sign-in comes from the same address.
 */
export async function createBenchPortal(options: {
  strengthEstimator: StrengthEstimator;
  members: readonly BenchMember[];
  overrides?: Partial<Deps>;
}) {
  const config = loadConfig({
    REKEY_DB: ":memory:",
    REKEY_ORIGIN: benchOrigin,
    REKEY_SIGN_IN_PER_ADDRESS_PER_MINUTE: "10000",
    REKEY_SIGN_IN_PER_NETWORK_PER_MINUTE: "100000",
  });
  const deps = createDeps(config, {
    logger: pino({ level: "silent" }),
    strengthEstimator: options.strengthEstimator,
    ...options.overrides,
  });
  for (const member of options.members) await registerMember(deps, member);
  return { deps, app: createApp(deps) };
}

export type BenchPortal = Awaited<ReturnType<typeof createBenchPortal>>;

/** One browser of one member: its cookies (CSRF, device, session) kept between sign-ins. */
export function createBrowser(portal: BenchPortal, address: string) {
  const cookies = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await portal.app.request(
      new URL(path, benchOrigin).href,
      {
        ...init,
        headers,
      },
      { incoming: { socket: { remoteAddress: address } } } as never,
    );
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const separator = pair.indexOf("=");
      cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
    }
    await response.arrayBuffer();
    return response;
  };
  return {
    async signIn(member: BenchMember): Promise<Response> {
      if (!cookies.has("rekey_csrf")) await request("/login");
      return request("/login", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: benchOrigin,
          "sec-fetch-site": "same-origin",
        },
        body: new URLSearchParams({
          csrfToken: cookies.get("rekey_csrf") ?? "",
          loginId: member.loginId,
          password: member.password,
        }).toString(),
      });
    },
  };
}
