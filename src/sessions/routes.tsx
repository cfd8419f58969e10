import { Hono } from "hono";
import { MessagePage } from "../../views/pages/error";
import { LoginPage, ReauthenticatePage } from "../../views/pages/login";
import { SessionsPage } from "../../views/pages/sessions";
import { needsAdminPasskeyFor } from "../admin/passkey-requirement";
import { runInTransaction } from "../db/transaction";
import { completePasswordAttempt, outcomeOf } from "../defence/sign-in-completion";
import { proofOfWorkForForm } from "../defence/sign-in-form";
import { guardPasswordAttempt } from "../defence/sign-in-guard";
import type { Deps } from "../deps";
import { countUsablePasskeys } from "../passkeys/credentials";
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

  // No session: the breached-password page.
  const renderMessage = (
    c: AppContext,
    title: "breachedAtSignInTitle",
    body: "breachedAtSignInBody",
  ) => {
    const messages = c.get("messages");
    return c.html(
      <MessagePage
        page={pageContext(c, assets)}
        title={messages[title]}
        message={messages[body]}
        link={{ href: "/forgot-password", label: messages.resetRequiredRequestLink }}
      />,
      403,
    );
  };

  const renderLogin = async (
    c: AppContext,
    options: { identifier: string; next: string | null; failed: "password" | "challenge" | null },
  ) =>
    c.html(
      <LoginPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        proofOfWork={await proofOfWorkForForm(deps, assets)}
        {...options}
      />,
      options.failed === "password" ? 401 : options.failed === "challenge" ? 400 : 200,
    );

  app.get("/login", (c) => {
    const next = c.req.query("next");
    return renderLogin(c, {
      identifier: "",
      next: next ? safeNextPath(next) : null,
      failed: null,
    });
  });

  const loginFormValues = (c: AppContext) => {
    const form = c.get("form");
    const nextField = formText(form, "next");
    return {
      identifier: formText(form, "loginId").slice(0, 254),
      next: nextField ? safeNextPath(nextField) : null,
    };
  };

  // Throttles, blocklist and the proof of work run before anything can reach argon2.
  const guardLogin = guardPasswordAttempt(deps, assets, {
    method: "password",
    identifierOf: (c) => formText(c.get("form"), "loginId"),
    onChallengeFailed: (c) => renderLogin(c, { ...loginFormValues(c), failed: "challenge" }),
  });

  app.post("/login", guardLogin, async (c) => {
    const { identifier, next } = loginFormValues(c);
    const password = normalizePasswordInput(formText(c.get("form"), "password"));
    // A malformed password fails like a wrong one: the answer must not depend on the account.
    const result =
      password.ok && identifier.trim() !== ""
        ? await authenticateWithPassword(deps, { identifier, password: password.password })
        : null;
    // The password was right: judge it against today's policy and corpus before any session.
    const recheck =
      result?.ok && password.ok
        ? await recheckPasswordAtSignIn(deps, result.member, password.password)
        : null;
    if (result?.ok && recheck?.health === "breached") {
      await completePasswordAttempt(deps, c, {
        result: "reset-required",
        memberId: result.member.id,
      });
      deps.logger.warn(
        { memberId: result.member.id },
        "breached password used at sign-in: reset forced",
      );
      return renderMessage(c, "breachedAtSignInTitle", "breachedAtSignInBody");
    }
    await completePasswordAttempt(deps, c, outcomeOf(result));
    if (result?.ok === false && result.resetRequired) {
      deps.logger.warn(
        { memberId: result.member.id },
        "sign-in refused: the compromised password of an account waiting for its reset",
      );
    }
    // The reset state is not told even to the holder of the right password: it would confirm
    // that a leaked pair is genuine (README, "Forced resets"). The failure page says what to do.
    if (!result?.ok) return renderLogin(c, { identifier, next, failed: "password" });

    const { token } = await createSession(deps, {
      memberId: result.member.id,
      ipAddress: clientIpAddress(c),
      userAgent: clientUserAgent(c),
      method: "password",
    });
    startBrowserSession(c, deps.config, token);
    deps.logger.info(
      { memberId: result.member.id, health: recheck?.health },
      "signed in with password",
    );
    if (recheck && recheck.health !== "ok") {
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

  // A passwordless member confirms with a passkey; the page offers what the member has. On the
  // way to an admin console that requires a passkey, a password would not be enough: not offered.
  const renderReauthenticate = async (c: AppContext, next: string, failed: boolean) => {
    const { member } = signedInOf(c);
    const hasPasskey = (await countUsablePasskeys(deps.database, member.id)) > 0;
    const passkeyRequired = hasPasskey && needsAdminPasskeyFor(deps.config, next);
    return c.html(
      <ReauthenticatePage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        next={next}
        failed={failed}
        hasPassword={member.passwordHash !== null && !passkeyRequired}
        hasPasskey={hasPasskey}
        passkeyRequired={passkeyRequired}
      />,
      failed ? 401 : 200,
    );
  };

  app.get("/reauthenticate", requireMember(), (c) =>
    renderReauthenticate(c, safeNextPath(c.req.query("next")), false),
  );

  const renderReauthenticationFailed = (c: AppContext) =>
    renderReauthenticate(c, safeNextPath(formText(c.get("form"), "next")), true);

  // A stolen session must not become a password oracle: the same throttles apply.
  const guardReauthentication = guardPasswordAttempt(deps, assets, {
    method: "reauthentication",
    identifierOf: (c) => signedInOf(c).member.loginId,
    onChallengeFailed: renderReauthenticationFailed,
  });

  app.post("/reauthenticate", requireMember(), guardReauthentication, async (c) => {
    const { member, session } = signedInOf(c);
    const form = c.get("form");
    const next = safeNextPath(formText(form, "next"));
    const password = normalizePasswordInput(formText(form, "password"));
    const result = password.ok
      ? await authenticateWithPassword(deps, {
          identifier: member.loginId,
          password: password.password,
        })
      : null;
    const outcome = outcomeOf(result, { expectedMemberId: member.id });
    await completePasswordAttempt(deps, c, outcome);
    if (outcome.result !== "success") return renderReauthenticationFailed(c);
    await markSessionAuthenticated(deps, session.id, { method: "password" });
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
    const count = await runInTransaction(deps.database, (database) =>
      invalidateMemberSessions(database, member.id, {
        clock: deps.clock,
        reason: "member-request",
        exceptSessionId: session.id,
      }),
    );
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
