import { Hono } from "hono";
import { emailChangeLinkRoutes } from "../accounts/email-change-routes";
import { emailRoutes } from "../accounts/email-routes";
import { accountRoutes } from "../accounts/routes";
import { administratorRoutes } from "../admin/administrator-routes";
import { apiKeyRoutes } from "../admin/api-key-routes";
import { adminMemberRoutes } from "../admin/member-routes";
import { adminPasskeyPolicy } from "../admin/passkey-guard";
import { adminRoutes } from "../admin/routes";
import { auditExports } from "../audit/export-audit";
import { auditRoutes } from "../audit/routes";
import { adminComboScanRoutes } from "../combo-scans/admin-routes";
import { comboScanApiRoutes } from "../combo-scans/api-routes";
import { loadAdminAlerts } from "../defence/admin-alerts";
import { blocklistImportLimitInBytes } from "../defence/admin-block-routes";
import { attackRoutes } from "../defence/admin-routes";
import { metricsRoutes } from "../defence/metrics-routes";
import { defenceRoutes } from "../defence/routes";
import type { Deps } from "../deps";
import { healthRoutes } from "../health/routes";
import { adminMemberImportRoutes } from "../imports/admin-routes";
import { memberApiRoutes } from "../imports/api-routes";
import { investigationApiRoutes } from "../investigation/api-routes";
import { investigationRoutes } from "../investigation/routes";
import { waveInvestigationRoutes } from "../investigation/wave-routes";
import { adminMailRoutes } from "../mail/admin-routes";
import { devMailRoutes } from "../mail/dev-routes";
import { adminOidcRoutes } from "../oidc/admin-routes";
import { oidcInteractionRoutes } from "../oidc/interaction-routes";
import { providerHolderFor } from "../oidc/provider-holder";
import { oidcProviderRoutes } from "../oidc/provider-routes";
import { isPasskeyCeremonyPath } from "../passkeys/endpoints";
import { passkeyRoutes } from "../passkeys/routes";
import { passwordRoutes } from "../passwords/routes";
import { securityRoutes } from "../passwords/security-routes";
import { adminReminderRoutes } from "../reminders/admin-routes";
import { oneClickUnsubscribePrefix, reminderRoutes } from "../reminders/routes";
import { adminResetRoutes } from "../resets/admin-routes";
import { bulkResetApiRoutes } from "../resets/api-routes";
import { resetPasskeyRoutes } from "../resets/passkey-routes";
import { resetRoutes } from "../resets/routes";
import { sessionRoutes } from "../sessions/routes";
import { settingsRoutes } from "../settings/routes";
import { adminWebhookRoutes } from "../webhooks/admin-routes";
import { basicRoutes } from "./basic-routes";
import { clientAddressResolver } from "./client";
import type { AppEnv } from "./context";
import { handleError, handleNotFound } from "./errors";
import { cachePolicy } from "./middleware/cache-policy";
import { canonicalHost } from "./middleware/canonical-host";
import { csrfProtection } from "./middleware/csrf";
import { languageSelection } from "./middleware/language";
import { requestLog } from "./middleware/request-log";
import { refuseAmbiguousPaths } from "./middleware/request-target";
import { securityHeaders } from "./middleware/security-headers";
import { sessionLoader } from "./middleware/session";
import { loadStaticAssets } from "./static-assets";

/**
 * The whole portal as one Hono app. The order of the middleware is the security baseline that
 * every route inherits: cache policy and headers wrap everything, CSRF runs before any session
 * is looked at, and a route only adds its own guards.
 */
export function createApp(deps: Deps): Hono<AppEnv> {
  const assets = loadStaticAssets([
    "app.css",
    "passkeys.js",
    "proof-of-work.js",
    "blocklist-file.js",
    "strength-meter.js",
    "strength-engine.js",
    "password-fields.js",
  ]);
  const app = new Hono<AppEnv>();

  // Health checks and metrics first: a load balancer's probe and a scrape must not queue behind
  // session loading or anything else member traffic pays for (no database work on their path).
  app.use(cachePolicy());
  app.use(securityHeaders(deps.config));
  // Before anything routes: the raw path must mean what the router will see (web cache deception).
  app.use(refuseAmbiguousPaths());
  app.route("/", healthRoutes(deps));
  app.use(clientAddressResolver(deps.config));
  // A scraper needs no CSRF cookie, language or session lookup on every scrape.
  app.route("/", metricsRoutes(deps));
  app.use(requestLog(deps.logger));
  // Fingerprinted assets answer before any middleware that could set a cookie.
  assets.register(app);
  // OpenID Connect endpoints: called by relying parties, so before CSRF and sessions (src/oidc).
  const oidcProvider = providerHolderFor(deps, assets);
  app.route("/", oidcProviderRoutes(oidcProvider));
  app.use(languageSelection(deps.config));
  // Before the CSRF check, which a form sent from 127.0.0.1 to a localhost portal always fails.
  // Incident tooling may call the API by an internal address; a bearer key needs no origin.
  app.use(
    canonicalHost(deps.config, assets, { exemptPaths: (path) => path.startsWith("/admin/api/") }),
  );
  app.use(
    csrfProtection(deps.config, {
      // The admin API authenticates with bearer keys and never reads cookies. The one-click
      // unsubscribe URL is POSTed by mail providers without cookies or Origin (RFC 8058 s3.1);
      // the token in its path authenticates it, and unsubscribing is all it can do.
      exemptPaths: (path) =>
        path.startsWith("/admin/api/") || path.startsWith(oneClickUnsubscribePrefix),
      uploadPaths: (path) => path === "/admin/resets" || path === "/admin/members/import",
      streamPaths: (path) => path === "/admin/combo-scans",
      jsonPaths: isPasskeyCeremonyPath,
      formLimitInBytesFor: (path) =>
        path === "/admin/attacks/blocks/import" ? blocklistImportLimitInBytes : undefined,
    }),
  );
  app.use(sessionLoader(deps));
  app.use("/admin/*", loadAdminAlerts(deps));
  app.use("/admin/*", adminPasskeyPolicy(deps, assets));
  app.use("/admin/*", auditExports(deps));

  app.route("/", basicRoutes(deps, assets));
  app.route("/", accountRoutes(deps, assets));
  app.route("/", sessionRoutes(deps, assets));
  app.route("/", passkeyRoutes(deps, assets));
  app.route("/", passwordRoutes(deps, assets));
  app.route("/", securityRoutes(deps, assets));
  // Before the admin routes, whose /admin/members/:id would otherwise see "import".
  app.route("/", adminMemberImportRoutes(deps, assets));
  app.route("/", adminRoutes(deps, assets));
  app.route("/", emailRoutes(deps, assets));
  app.route("/", emailChangeLinkRoutes(deps, assets));
  // Before /reset/:token, which would otherwise take /reset/passkey-options as a token.
  app.route("/", resetPasskeyRoutes(deps));
  app.route("/", resetRoutes(deps, assets));
  // Before the bulk-reset API, whose catch-all answers 404 for every other /admin/api path.
  app.route("/", investigationApiRoutes(deps));
  app.route("/", memberApiRoutes(deps));
  app.route("/", comboScanApiRoutes(deps));
  app.route("/", bulkResetApiRoutes(deps));
  app.route("/", adminResetRoutes(deps, assets));
  app.route("/", adminComboScanRoutes(deps, assets));
  app.route("/", investigationRoutes(deps, assets));
  app.route("/", waveInvestigationRoutes(deps, assets));
  app.route("/", apiKeyRoutes(deps, assets));
  app.route("/", adminMemberRoutes(deps, assets));
  app.route("/", administratorRoutes(deps, assets));
  app.route("/", auditRoutes(deps, assets));
  app.route("/", adminMailRoutes(deps, assets));
  app.route("/", adminWebhookRoutes(deps, assets));
  app.route("/", reminderRoutes(deps, assets));
  app.route("/", adminReminderRoutes(deps, assets));
  app.route("/", settingsRoutes(deps, assets));
  if (deps.config.mail.devViewer) app.route("/", devMailRoutes(deps, assets));
  app.route("/", defenceRoutes(deps, assets));
  app.route("/", attackRoutes(deps, assets));
  app.route("/", oidcInteractionRoutes(deps, assets, oidcProvider));
  app.route("/", adminOidcRoutes(deps, assets));

  app.notFound(handleNotFound(assets));
  app.onError(handleError(assets, deps.logger, deps.readiness));
  return app;
}
