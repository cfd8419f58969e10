import { Hono } from "hono";
import { HomePage } from "../../views/pages/home";
import { updateMemberLanguage } from "../accounts/members";
import { pingDatabase } from "../db/connection";
import type { Deps } from "../deps";
import { isLanguage } from "../i18n";
import type { AppEnv } from "./context";
import { writeCookie } from "./cookies";
import { formText } from "./form";
import { pageContext, safeNextPath } from "./page";
import { RequestProblem } from "./problems";
import type { StaticAssets } from "./static-assets";

const oneYearInSeconds = 365 * 24 * 3600;

/** The start page, the language switch and the health check. */
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

  app.get("/healthz", async (c) => {
    const databaseAnswers = await pingDatabase(deps.database);
    return c.json(
      {
        status: databaseAnswers ? "ok" : "unavailable",
        database: databaseAnswers ? "ok" : "unavailable",
      },
      databaseAnswers ? 200 : 503,
    );
  });

  return app;
}
