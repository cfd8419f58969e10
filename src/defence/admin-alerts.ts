import type { MiddlewareHandler } from "hono";
import type { Deps } from "../deps";
import type { AppEnv } from "../web/context";
import { listCurrentAlerts } from "./alerts";

/** Loads open alerts for administrators on /admin pages, where the layout shows a banner. */
export function loadAdminAlerts(deps: Pick<Deps, "database" | "clock">): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("defenceAlerts", []);
    if (c.get("signedIn")?.member.role === "admin") {
      c.set("defenceAlerts", await listCurrentAlerts(deps));
    }
    await next();
  };
}
