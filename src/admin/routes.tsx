import { Hono } from "hono";
import { AdminOverviewPage } from "../../views/pages/admin-overview";
import { MessagePage } from "../../views/pages/error";
import { RegistrationPage } from "../../views/pages/register";
import { type FieldErrors, validateRegistrationForm } from "../accounts/registration-form";
import type { Deps } from "../deps";
import { maximumPasswordCharacters } from "../passwords/input";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator } from "../web/guards";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import { loadDashboard } from "./dashboard";
import { completeFirstAdminSetup, isFirstAdminSetupLinkUsable } from "./first-admin";

export function adminRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/admin", requireAdministrator(deps), async (c) => {
    const dashboard = await loadDashboard(deps, {
      messages: c.get("messages"),
      alerts: c.get("defenceAlerts") ?? [],
    });
    return c.html(<AdminOverviewPage page={pageContext(c, assets)} dashboard={dashboard} />);
  });

  const renderSetup = async (
    c: AppContext,
    values: { loginId: string; email: string },
    errors: FieldErrors,
    status: 200 | 400 | 409,
  ) => {
    const page = pageContext(c, assets);
    return c.html(
      <RegistrationPage
        page={page}
        csrfToken={c.get("csrfToken")}
        action={c.req.path}
        title={page.messages.setupTitle}
        intro={page.messages.setupIntro}
        submitLabel={page.messages.setupSubmit}
        values={values}
        errors={errors}
        minimumPasswordLength={await deps.passwordPolicy.readMinimumLength()}
        maximumPasswordLength={maximumPasswordCharacters}
        showSignInLink={false}
      />,
      status,
    );
  };

  // GET only shows the form; the link is spent by the POST that creates the administrator.
  app.get("/setup/:token", async (c) => {
    if (!(await isFirstAdminSetupLinkUsable(deps, c.req.param("token")))) {
      throw new RequestProblem(404, "errorLinkInvalid");
    }
    return renderSetup(c, { loginId: "", email: "" }, {}, 200);
  });

  app.post("/setup/:token", async (c) => {
    const token = c.req.param("token");
    if (!(await isFirstAdminSetupLinkUsable(deps, token)))
      throw new RequestProblem(404, "errorLinkInvalid");
    const form = c.get("form");
    const messages = c.get("messages");
    const input = await validateRegistrationForm(
      {
        loginId: formText(form, "loginId"),
        email: formText(form, "email"),
        password: formText(form, "password"),
      },
      messages,
      deps.passwordPolicy,
    );
    if (!input.ok) return renderSetup(c, input.values, input.errors, 400);

    const result = await completeFirstAdminSetup(deps, token, input);
    switch (result.outcome) {
      case "invalid-link":
        throw new RequestProblem(404, "errorLinkInvalid");
      case "login-id-taken":
        return renderSetup(c, input, { loginId: messages.errorLoginIdTaken }, 409);
      case "email-registered":
        return renderSetup(c, input, { email: messages.errorEmailTaken }, 409);
      case "created":
        deps.logger.info({ memberId: result.member.id }, "first administrator created");
        return c.html(
          <MessagePage
            page={pageContext(c, assets)}
            title={messages.setupTitle}
            message={messages.setupDone}
            link={{ href: "/login", label: messages.navSignIn }}
          />,
        );
    }
  });

  return app;
}
