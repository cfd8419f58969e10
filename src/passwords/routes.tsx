import { Hono } from "hono";
import { ChangePasswordPage } from "../../views/pages/change-password";
import { completePasswordAttempt } from "../defence/sign-in-completion";
import { guardPasswordAttempt } from "../defence/sign-in-guard";
import type { Deps } from "../deps";
import { isRecentlyAuthenticated } from "../sessions/sessions";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import {
  recentAuthenticationInMinutes,
  requireMember,
  requireRecentAuthentication,
  signedInOf,
} from "../web/guards";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";
import { changeMemberPassword } from "./change-password";
import { describeBlockingFindings, describePasswordInputProblem } from "./describe";
import { maximumPasswordCharacters, normalizePasswordInput } from "./input";
import { verifyMemberPassword } from "./member-password";

/**
 * Changing a password needs the current one (that is the re-authentication); a passwordless
 * member setting one needs a recent sign-in with their passkey instead.
 */
export function passwordRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const recentForPasswordless = requireRecentAuthentication(deps);
  app.use("/account/password", requireMember(), async (c, next) =>
    signedInOf(c).member.passwordHash === null ? recentForPasswordless(c, next) : next(),
  );

  const render = async (c: AppContext, errors: { currentPassword?: string; password?: string }) => {
    const { member } = signedInOf(c);
    return c.html(
      <ChangePasswordPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        loginId={member.loginId}
        hasPassword={member.passwordHash !== null}
        errors={errors}
        minimumPasswordLength={await deps.passwordPolicy.readMinimumLength()}
        maximumPasswordLength={maximumPasswordCharacters}
      />,
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  };

  app.get("/account/password", (c) => render(c, {}));

  // The current password is a re-authentication: a stolen session must not turn this form into a
  // password oracle, so the same throttles and account delay apply (ASVS 6.3.1).
  const guardCurrentPassword = guardPasswordAttempt(deps, assets, {
    method: "reauthentication",
    identifierOf: (c) => signedInOf(c).member.loginId,
    onChallengeFailed: (c) =>
      render(c, { currentPassword: c.get("messages").changePasswordCurrentWrong }),
  });

  // While a forced reset waits, the current password is the one presumed leaked: a session it
  // opened (one a reset left open, perhaps the attacker's) must not use it to end the reset and
  // withdraw the owner's link. Only the e-mailed link, or a recent passkey in good standing
  // (the same rule as passkey sign-in on such an account), replaces it.
  const refuseLeakedPasswordAsProof: typeof guardCurrentPassword = async (c, next) => {
    const { member, session } = signedInOf(c);
    const provenWithPasskey = isRecentlyAuthenticated(session, deps.clock.now(), {
      maximumAgeInMinutes: recentAuthenticationInMinutes,
      method: "passkey",
    });
    if (member.resetRequiredAt && member.passwordHash && !provenWithPasskey) {
      return render(c, { currentPassword: c.get("messages").changePasswordResetWaiting });
    }
    return next();
  };

  app.post(
    "/account/password",
    refuseLeakedPasswordAsProof,
    (c, next) => (signedInOf(c).member.passwordHash ? guardCurrentPassword(c, next) : next()),
    async (c) => {
      const { member, session } = signedInOf(c);
      const form = c.get("form");
      const messages = c.get("messages");
      const candidate = normalizePasswordInput(formText(form, "password"));
      if (!candidate.ok)
        return render(c, { password: describePasswordInputProblem(candidate.problem, messages) });
      if (member.passwordHash) {
        const current = normalizePasswordInput(formText(form, "currentPassword"));
        const matches =
          current.ok &&
          (await verifyMemberPassword(deps.passwordHasher, member.passwordHash, current.password));
        await completePasswordAttempt(
          deps,
          c,
          matches
            ? { result: "success", member }
            : { result: current.ok ? "wrong-password" : "invalid-input", memberId: member.id },
        );
        if (!matches) return render(c, { currentPassword: messages.changePasswordCurrentWrong });
      }
      const findings = await deps.passwordPolicy.evaluatePassword(candidate.password, {
        loginId: member.loginId,
        email: member.email,
        memberId: member.id,
        currentPasswordHash: member.passwordHash,
      });
      const refusal = describeBlockingFindings(findings, messages);
      if (refusal) return render(c, { password: refusal });
      await changeMemberPassword(deps, member, {
        newPassword: candidate.password,
        keepSessionId: session.id,
        signOutOtherSessions: form.get("signOutOthers") === "on",
      });
      deps.logger.info({ memberId: member.id }, "password changed");
      return c.redirect("/account?notice=password-changed", 303);
    },
  );

  return app;
}
