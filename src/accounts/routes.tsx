import { Hono } from "hono";
import { AccountPage } from "../../views/pages/account";
import { RegistrationPage, RegistrationSentPage } from "../../views/pages/register";
import { guardSourceRequests } from "../defence/source-guard";
import type { Deps } from "../deps";
import { shouldOfferPasskey } from "../passkeys/nudges";
import { maximumPasswordCharacters } from "../passwords/input";
import { describeMemberReminders } from "../reminders/member-reminders";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireMember, signedInOf } from "../web/guards";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import { registerMember } from "./registration";
import { type FieldErrors, validateRegistrationForm } from "./registration-form";

export function accountRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const renderRegistration = async (
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
        action="/register"
        title={page.messages.registerTitle}
        submitLabel={page.messages.registerSubmit}
        values={values}
        errors={errors}
        minimumPasswordLength={await deps.passwordPolicy.readMinimumLength()}
        maximumPasswordLength={maximumPasswordCharacters}
        showSignInLink
      />,
      status,
    );
  };

  app.get("/register", (c) => renderRegistration(c, { loginId: "", email: "" }, {}, 200));

  // Per-source throttles and the blocklist run before the password policy or argon2.
  app.post("/register", guardSourceRequests(deps, assets, "registration"), async (c) => {
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
    if (!input.ok) return renderRegistration(c, input.values, input.errors, 400);

    const result = await registerMember(deps, { ...input, language: c.get("language") });
    if (result.outcome === "login-id-taken") {
      return renderRegistration(c, input, { loginId: messages.errorLoginIdTaken }, 409);
    }
    // "created" and "email-registered" must look the same: the address's owner is told by
    // e-mail, never the person filling in the form.
    deps.logger.info({ outcome: result.outcome, memberId: result.member.id }, "registration");
    return c.redirect("/register/sent", 303);
  });

  app.get("/register/sent", (c) => c.html(<RegistrationSentPage page={pageContext(c, assets)} />));

  app.get("/account", requireMember(), async (c) => {
    const { member } = signedInOf(c);
    const messages = c.get("messages");
    const notices: Record<string, string> = {
      "verification-sent": messages.verifyResent,
      "email-change-sent": messages.emailChangeSent,
      "email-change-approval-sent": messages.emailChangeApprovalSent,
      "password-changed": messages.changePasswordDone,
      "reminders-on": messages.remindersAccountTurnedOn,
      "reminders-off": messages.remindersAccountTurnedOff,
    };
    return c.html(
      <AccountPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        notice={notices[c.req.query("notice") ?? ""] ?? null}
        offerPasskey={await shouldOfferPasskey(deps, member.id)}
        account={{
          loginId: member.loginId,
          email: member.email,
          emailVerified: member.emailVerifiedAt !== null,
          createdAt: member.createdAt,
          passwordChangedAt: member.passwordChangedAt,
          hasPassword: member.passwordHash !== null,
        }}
        reminders={{
          ...(await describeMemberReminders(deps, member.id)),
          timeZone: deps.config.timeZone,
        }}
      />,
    );
  });

  return app;
}
