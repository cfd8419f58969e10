import { Hono } from "hono";
import { EmailChangePage, VerifyEmailPage } from "../../views/pages/email";
import { MessagePage } from "../../views/pages/error";
import { runInTransaction } from "../db/transaction";
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
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import { requestEmailChangeApproval } from "./email-change-approval";
import {
  confirmEmailVerification,
  describeEmailVerification,
  queueEmailVerification,
  requestEmailChange,
} from "./email-verification";
import { normalizeEmail } from "./identifiers";

export function emailRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Opening the link only shows a button: mail scanners fetch links, and a GET changes nothing.
  app.get("/verify-email/:token", async (c) => {
    const pending = await describeEmailVerification(deps, c.req.param("token"));
    if (!pending) throw new RequestProblem(404, "errorLinkInvalid");
    return c.html(
      <VerifyEmailPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        action={c.req.path}
        address={pending.address}
      />,
    );
  });

  app.post("/verify-email/:token", async (c) => {
    // The browser that confirms stays signed in; every other session of the member ends.
    const outcome = await confirmEmailVerification(deps, c.req.param("token"), {
      keepSessionId: c.get("signedIn")?.session.id,
    });
    if (outcome === "invalid") throw new RequestProblem(404, "errorLinkInvalid");
    const messages = c.get("messages");
    const message =
      outcome === "verified"
        ? messages.verifyDone
        : outcome === "changed"
          ? messages.verifyChanged
          : messages.verifyAddressTaken;
    const destination = c.get("signedIn")
      ? { href: "/account", label: messages.navAccount }
      : { href: "/login", label: messages.navSignIn };
    return c.html(
      <MessagePage
        page={pageContext(c, assets)}
        title={messages.verifyTitle}
        message={message}
        link={destination}
      />,
      outcome === "address-taken" ? 409 : 200,
    );
  });

  app.post("/account/email/resend", requireMember(), async (c) => {
    const { member } = signedInOf(c);
    if (member.emailVerifiedAt === null) {
      await runInTransaction(deps.database, (database) =>
        queueEmailVerification(database, deps, member, {
          address: member.email,
          language: c.get("language"),
        }),
      );
    }
    return c.redirect("/account?notice=verification-sent", 303);
  });

  const renderChange = (c: AppContext, value: string, error: string | undefined) =>
    c.html(
      <EmailChangePage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        currentAddress={signedInOf(c).member.email}
        value={value}
        error={error}
      />,
      error ? 400 : 200,
    );

  app.get("/account/email", requireRecentAuthentication(deps), (c) =>
    renderChange(c, "", undefined),
  );

  app.post("/account/email", requireRecentAuthentication(deps), async (c) => {
    const messages = c.get("messages");
    const raw = formText(c.get("form"), "email");
    const address = normalizeEmail(raw);
    if ("problem" in address) {
      const error =
        address.problem === "required"
          ? messages.errorRequired
          : address.problem === "too-long"
            ? messages.errorEmailTooLong
            : messages.errorEmailFormat;
      return renderChange(c, raw.slice(0, 300), error);
    }
    const { member, session } = signedInOf(c);
    if (address.email === member.email) return c.redirect("/account?notice=email-change-sent", 303);
    const request = { newAddress: address.email, language: c.get("language") };
    // A password may be the attacker's (a stuffed ID): only a recent passkey proof skips the
    // current address's approval, and only when that address was ever confirmed, since an
    // unconfirmed address's mailbox is the one channel its owner may still have.
    const passkeyProven = isRecentlyAuthenticated(session, deps.clock.now(), {
      maximumAgeInMinutes: recentAuthenticationInMinutes,
      method: "passkey",
    });
    if (passkeyProven && member.emailVerifiedAt !== null) {
      await requestEmailChange(deps, member, request);
      return c.redirect("/account?notice=email-change-sent", 303);
    }
    await requestEmailChangeApproval(deps, member, request);
    return c.redirect("/account?notice=email-change-approval-sent", 303);
  });

  return app;
}
