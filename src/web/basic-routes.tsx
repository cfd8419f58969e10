import { Hono } from "hono";
import { HomePage } from "../../views/pages/home";
import { updateMemberLanguage } from "../accounts/members";
import type { Deps } from "../deps";
import { isLanguage } from "../i18n";
import type { AppEnv } from "./context";
import { writeCookie } from "./cookies";
import { formText } from "./form";
import { pageContext, safeNextPath } from "./page";
import { RequestProblem } from "./problems";
import type { StaticAssets } from "./static-assets";

const oneYearInSeconds = 365 * 24 * 3600;

/** The start page and the language switch (health checks: src/health/routes.ts). */
export function basicRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/", (c) => c.html(<HomePage page={pageContext(c, assets)} />));

  app.post("/language", async (c) => {
    const form = c.get("form");
    const language = formText(form, "language");
    if (!isLanguage(language)) throw new RequestProblem(400, "errorBadRequest");
    writeCookie(c, deps.config, "language", language, { maxAgeInSeconds: oneYearInSeconds });
    // E-mails follow the language the member reads the portal in.
    const signedIn = c.get("signedIn");
    if (signedIn) await updateMemberLanguage(deps.database, signedIn.member.id, language);
    return c.redirect(safeNextPath(formText(form, "next"), "/"), 303);
  });

  return app;
}
