import { Hono } from "hono";
import { MessagePage } from "../../views/pages/error";
import { LoginPage, ReauthenticatePage } from "../../views/pages/login";
import { SessionsPage } from "../../views/pages/sessions";
import type { Deps } from "../deps";
import { countMemberPasskeys } from "../passkeys/credentials";
import { normalizePasswordInput } from "../passwords/input";
import { recheckPasswordAtSignIn } from "../passwords/sign-in-recheck";
import { clientIpAddress, clientUserAgent } from "../web/client";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireMember, signedInOf } from "../web/guards";
import { pageContext, safeNextPath } from "../web/page";
import { endBrowserSession, startBrowserSession } from "../web/session-cookie";
import type { StaticAssets } from "../web/static-assets";
import { describeDevice } from "./device";
import { authenticateWithPassword } from "./password-sign-in";
import {
  createSession,
  invalidateMemberSession,
  invalidateMemberSessions,
  invalidateSession,
  listMemberSessions,
  markSessionAuthenticated,
} from "./sessions";

export function sessionRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const renderLogin = (
    c: AppContext,
    options: { identifier: string; next: string | null; failed: boolean },
  ) =>
    c.html(
      <LoginPage page={pageContext(c, assets)} csrfToken={c.get("csrfToken")} {...options} />,
      options.failed ? 401 : 200,
    );

  app.get("/login", (c) => {
    const next = c.req.query("next");
    return renderLogin(c, {
      identifier: "",
      next: next ? safeNextPath(next) : null,
      failed: false,
    });
  });

  app.post("/login", async (c) => {
    const form = c.get("form");
    const identifier = formText(form, "loginId").slice(0, 254);
    const nextField = formText(form, "next");
    const next = nextField ? safeNextPath(nextField) : null;
    const password = normalizePasswordInput(formText(form, "password"));
    // A malformed password fails like a wrong one: the answer must not depend on the account.
    const result =
      password.ok && identifier.trim() !== ""
        ? await authenticateWithPassword(deps, { identifier, password: password.password })
        : { ok: false as const };
    if (!result.ok && result.resetRequired) {
      deps.logger.info(
        { memberId: result.member.id, passwordMatched: result.passwordMatched },
        "sign-in refused: reset required",
      );
      const messages = c.get("messages");
      return c.html(
        <MessagePage
          page={pageContext(c, assets)}
          title={messages.resetRequiredTitle}
          message={messages.resetRequiredBody}
          link={{ href: "/forgot-password", label: messages.resetRequiredRequestLink }}
        />,
        403,
      );
    }
    if (!result.ok) return renderLogin(c, { identifier, next, failed: true });

    // The password was right; judge it against today's policy and corpus (issue: hygiene re-check).
    const recheck = await recheckPasswordAtSignIn(
      deps,
      result.member,
      password.ok ? password.password : "",
    );
    if (recheck.health === "breached") {
      deps.logger.warn(
        { memberId: result.member.id },
        "breached password used at sign-in: reset forced",
      );
      const messages = c.get("messages");
      return c.html(
        <MessagePage
          page={pageContext(c, assets)}
          title={messages.breachedAtSignInTitle}
          message={messages.breachedAtSignInBody}
          link={{ href: "/forgot-password", label: messages.resetRequiredRequestLink }}
        />,
        403,
      );
    }

    const { token } = await createSession(deps, {
      memberId: result.member.id,
      ipAddress: clientIpAddress(c),
      userAgent: clientUserAgent(c),
    });
    startBrowserSession(c, deps.config, token);
    deps.logger.info(
      { memberId: result.member.id, health: recheck.health },
      "signed in with password",
    );
    if (recheck.health !== "ok") {
      return c.redirect(
        `/account/password-warning?next=${encodeURIComponent(next ?? "/account")}`,
        303,
      );
    }
    return c.redirect(next ?? "/account", 303);
  });

  app.post("/logout", async (c) => {
    const signedIn = c.get("signedIn");
    if (signedIn) await invalidateSession(deps.database, signedIn.session.id);
    endBrowserSession(c, deps.config);
    return c.redirect("/", 303);
  });

  const renderReauthenticate = async (c: AppContext, next: string, failed: boolean) => {
    const { member } = signedInOf(c);
    return c.html(
      <ReauthenticatePage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        next={next}
        failed={failed}
        hasPassword={member.passwordHash !== null}
        hasPasskey={(await countMemberPasskeys(deps.database, member.id)) > 0}
      />,
      failed ? 401 : 200,
    );
  };

  app.get("/reauthenticate", requireMember(), (c) =>
    renderReauthenticate(c, safeNextPath(c.req.query("next")), false),
  );

  app.post("/reauthenticate", requireMember(), async (c) => {
    const { member, session } = signedInOf(c);
    const form = c.get("form");
    const next = safeNextPath(formText(form, "next"));
    const password = normalizePasswordInput(formText(form, "password"));
    const result = password.ok
      ? await authenticateWithPassword(deps, {
          identifier: member.loginId,
          password: password.password,
        })
      : { ok: false as const };
    if (!result.ok || result.member.id !== member.id) return renderReauthenticate(c, next, true);
    await markSessionAuthenticated(deps, session.id);
    return c.redirect(next, 303);
  });

  const renderSessions = async (c: AppContext, notice: string | null) => {
    const { member, session: current } = signedInOf(c);
    const sessions = await listMemberSessions(deps, member.id);
    return c.html(
      <SessionsPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        notice={notice}
        sessions={sessions.map((session) => ({
          id: session.id,
          device: describeDevice(session.userAgent),
          ipAddress: session.ipAddress,
          createdAt: session.createdAt,
          lastSeenAt: session.lastSeenAt,
          isCurrent: session.id === current.id,
        }))}
      />,
    );
  };

  app.get("/account/sessions", requireMember(), (c) => {
    const messages = c.get("messages");
    const revoked = c.req.query("revoked");
    const count = Number(c.req.query("count"));
    const notice =
      revoked === "one"
        ? messages.sessionsRevokedOne
        : revoked === "others" && Number.isInteger(count) && count >= 0
          ? messages.sessionsRevokedOthers(count)
          : null;
    return renderSessions(c, notice);
  });

  app.post("/account/sessions/revoke-others", requireMember(), async (c) => {
    const { member, session } = signedInOf(c);
    const count = await invalidateMemberSessions(deps.database, member.id, {
      exceptSessionId: session.id,
    });
    return c.redirect(`/account/sessions?revoked=others&count=${count}`, 303);
  });

  app.post("/account/sessions/revoke", requireMember(), async (c) => {
    const { member, session } = signedInOf(c);
    const sessionId = formText(c.get("form"), "sessionId");
    // The current session is ended with "Sign out", which also clears the browser's state.
    if (sessionId !== session.id)
      await invalidateMemberSession(deps.database, member.id, sessionId);
    return c.redirect("/account/sessions?revoked=one", 303);
  });

  return app;
}
