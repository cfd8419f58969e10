import { Hono } from "hono";
import { emailRoutes } from "../accounts/email-routes";
import { accountRoutes } from "../accounts/routes";
import { apiKeyRoutes } from "../admin/api-key-routes";
import { adminRoutes } from "../admin/routes";
import type { Deps } from "../deps";
import { adminMailRoutes } from "../mail/admin-routes";
import { devMailRoutes } from "../mail/dev-routes";
import { adminResetRoutes } from "../resets/admin-routes";
import { bulkResetApiRoutes } from "../resets/api-routes";
import { resetRoutes } from "../resets/routes";
import { sessionRoutes } from "../sessions/routes";
import { basicRoutes } from "./basic-routes";
import type { AppEnv } from "./context";
import { handleError, handleNotFound } from "./errors";
import { cachePolicy } from "./middleware/cache-policy";
import { csrfProtection } from "./middleware/csrf";
import { languageSelection } from "./middleware/language";
import { requestLog } from "./middleware/request-log";
import { securityHeaders } from "./middleware/security-headers";
import { sessionLoader } from "./middleware/session";
import { loadStaticAssets } from "./static-assets";

/**
 * The whole portal as one Hono app. The order of the middleware is the security baseline that
 * every route inherits: cache policy and headers wrap everything, CSRF runs before any session
 * is looked at, and a route only adds its own guards.
 */
export function createApp(deps: Deps): Hono<AppEnv> {
  const assets = loadStaticAssets(["app.css", "strength-meter.js", "strength-engine.js"]);
  const app = new Hono<AppEnv>();

  app.use(requestLog(deps.logger));
  app.use(cachePolicy());
  app.use(securityHeaders(deps.config));
  // Fingerprinted assets answer before any middleware that could set a cookie.
  assets.register(app);
  app.use(languageSelection(deps.config));
  app.use(
    csrfProtection(deps.config, {
      // The admin API authenticates with bearer keys and never reads cookies.
      exemptPaths: (path) => path.startsWith("/admin/api/"),
      uploadPaths: (path) => path === "/admin/resets",
    }),
  );
  app.use(sessionLoader(deps));

  app.route("/", basicRoutes(deps, assets));
  app.route("/", accountRoutes(deps, assets));
  app.route("/", sessionRoutes(deps, assets));
  app.route("/", adminRoutes(deps, assets));
  app.route("/", emailRoutes(deps, assets));
  app.route("/", resetRoutes(deps, assets));
  app.route("/", bulkResetApiRoutes(deps));
  app.route("/", adminResetRoutes(deps, assets));
  app.route("/", apiKeyRoutes(deps, assets));
  app.route("/", adminMailRoutes(deps, assets));
  if (deps.config.environment !== "production") app.route("/", devMailRoutes(deps, assets));

  app.notFound(handleNotFound(assets));
  app.onError(handleError(assets, deps.logger));
  return app;
}
