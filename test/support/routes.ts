import { prepareFirstAdminSetupLink } from "../../src/admin/first-admin";
import { memberPassword, registerAndSignIn, TestBrowser } from "./browser";
import type { TestPortal } from "./harness";

export interface RegisteredRoute {
  method: string;
  path: string;
}

/** Every concrete route the app registered (middleware excluded), so tests cannot miss one. */
export function registeredRoutes(portal: TestPortal): RegisteredRoute[] {
  const seen = new Map<string, RegisteredRoute>();
  for (const route of portal.app.routes) {
    if (route.method === "ALL") continue;
    seen.set(`${route.method} ${route.path}`, { method: route.method, path: route.path });
  }
  return [...seen.values()];
}

/** Fills path parameters with plausible values; the static file gets its real fingerprinted name. */
export async function concretePath(portal: TestPortal, path: string): Promise<string> {
  if (path.includes(":file")) {
    const home = await new TestBrowser(portal).get("/");
    const href = /href="(\/static\/[^"]+)"/.exec(home.text)?.[1];
    if (!href) throw new Error("no stylesheet link on the home page");
    return href;
  }
  return path
    .replace(/:token\b/g, `${"A".repeat(22)}.${"B".repeat(43)}`)
    .replace(/:[A-Za-z]+\{\[0-9\]\+\}/g, "1")
    .replace(/:[A-Za-z]+\{([a-z.-]+)[^}]*\}/g, "$1")
    .replace(/:[A-Za-z]+/g, "x");
}

export interface Personas {
  anonymous: TestBrowser;
  member: TestBrowser;
  administrator: TestBrowser;
}

/** An anonymous visitor, a signed-in member and an administrator who signed in just now. */
export async function createPersonas(portal: TestPortal): Promise<Personas> {
  const link = await prepareFirstAdminSetupLink(portal.deps);
  if (!link) throw new Error("expected no administrator yet");
  const administrator = new TestBrowser(portal);
  const created = await administrator.post(link.pathname, {
    loginId: "admin",
    email: "admin@example.jp",
    password: memberPassword,
  });
  if (created.status !== 200) throw new Error(`admin setup failed: ${created.status}`);
  await administrator.post("/login", { loginId: "admin", password: memberPassword });
  const member = await registerAndSignIn(portal, { loginId: "member" });
  return { anonymous: new TestBrowser(portal), member, administrator };
}
