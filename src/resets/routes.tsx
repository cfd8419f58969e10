import { Hono } from "hono";
import { MessagePage } from "../../views/pages/error";
import { ForgotPasswordPage, ResetPasswordPage } from "../../views/pages/reset";
import { hashSignInIdentifier, identifierHashesOf } from "../defence/account-keys";
import { guardSourceRequests } from "../defence/source-guard";
import type { Deps } from "../deps";
import { describeBlockingFindings, describePasswordInputProblem } from "../passwords/describe";
import { maximumPasswordCharacters, normalizePasswordInput } from "../passwords/input";
import type { AppContext, AppEnv } from "../web/context";
import { writeCookie } from "../web/cookies";
import { formText } from "../web/form";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import { recordResetLinkOpened } from "./bulk-reset-follow-up";
import { findBulkResetJob } from "./bulk-reset-jobs";
import { issuePasskeyEnrolmentGrant, passkeyGrantLifetimeInSeconds } from "./passkey-grant";
import { renderResetDone, resetPasskeyReviewRoutes } from "./passkey-review-routes";
import { completePasswordReset, findResetLinkOwner } from "./reset-links";
import { queueSelfServiceReset } from "./self-service";

// At most three links an hour for one ID or address, however many sources ask.
const resetRequestsPerIdentifier = { perMinute: 1 / 20, burst: 3 };

async function admitResetRequestFor(deps: Deps, identifier: string): Promise<boolean> {
  const { hash } = await hashSignInIdentifier(deps.database, identifier);
  const admission = await deps.throttleStore.takeToken(
    `reset-request:identifier:${hash.toString("base64url")}`,
    resetRequestsPerIdentifier,
    deps.clock.now(),
  );
  return admission.admitted;
}

/** Whether the member's pending forced reset came from a combo-list scan (its page says so). */
async function isComboListReset(
  deps: Deps,
  owner: { resetRequiredAt: Date | null; resetJobId: number | null },
): Promise<boolean> {
  if (!owner.resetRequiredAt || owner.resetJobId === null) return false;
  const job = await findBulkResetJob(deps.database, owner.resetJobId);
  return job?.comboScanId != null;
}

/** The member's side of resets: asking for a link, and using one. */
export function resetRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Before /reset/:token, which would otherwise take /reset/passkeys as a token.
  app.route("/", resetPasskeyReviewRoutes(deps, assets));

  app.get("/forgot-password", (c) =>
    c.html(
      <ForgotPasswordPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        identifier=""
      />,
    ),
  );

  // Per address and network first (ASVS 6.3.1); then per ID or e-mail, silently, so the answer
  // never says whether an account exists.
  app.post("/forgot-password", guardSourceRequests(deps, assets, "reset-request"), async (c) => {
    const identifier = formText(c.get("form"), "loginId").slice(0, 254);
    if (identifier.trim() !== "" && (await admitResetRequestFor(deps, identifier))) {
      // Only queued: the link is issued by a background worker, so a real ID costs this
      // request no more than an unknown one.
      await queueSelfServiceReset(deps, identifier);
    }
    // Known or unknown, the answer is the same page.
    return c.redirect("/forgot-password/sent", 303);
  });

  app.get("/forgot-password/sent", (c) => {
    const messages = c.get("messages");
    return c.html(
      <MessagePage
        page={pageContext(c, assets)}
        title={messages.forgotSentTitle}
        message={messages.forgotSentBody}
      />,
    );
  });

  const renderReset = async (
    c: AppContext,
    owner: { loginId: string; resetRequiredAt: Date | null; resetJobId: number | null },
    error: string | undefined,
  ) =>
    c.html(
      <ResetPasswordPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        action={c.req.path}
        loginId={owner.loginId}
        comboListCause={await isComboListReset(deps, owner)}
        error={error}
        minimumPasswordLength={await deps.passwordPolicy.readMinimumLength()}
        maximumPasswordLength={maximumPasswordCharacters}
      />,
      error ? 400 : 200,
    );

  // GET shows the form and uses nothing: mail scanners fetch links.
  app.get("/reset/:token", async (c) => {
    const owner = await findResetLinkOwner(deps, c.req.param("token"));
    if (!owner) throw new RequestProblem(404, "errorLinkInvalid");
    // For the bulk reset's follow-through page: the member (or their mail scanner) got this far.
    await recordResetLinkOpened(deps.database, { memberId: owner.id, now: deps.clock.now() });
    return renderReset(c, owner, undefined);
  });

  app.post("/reset/:token", async (c) => {
    const token = c.req.param("token");
    const owner = await findResetLinkOwner(deps, token);
    if (!owner) throw new RequestProblem(404, "errorLinkInvalid");
    const messages = c.get("messages");
    const password = normalizePasswordInput(formText(c.get("form"), "password"));
    if (!password.ok)
      return renderReset(c, owner, describePasswordInputProblem(password.problem, messages));
    // The old password is the one an attacker knows; it and the recent ones are refused.
    const findings = await deps.passwordPolicy.evaluatePassword(password.password, {
      loginId: owner.loginId,
      email: owner.email,
      memberId: owner.id,
      currentPasswordHash: owner.passwordHash,
    });
    const refusal = describeBlockingFindings(findings, messages);
    if (refusal) return renderReset(c, owner, refusal);
    const outcome = await completePasswordReset(deps, token, password.password);
    if (outcome === "invalid") throw new RequestProblem(404, "errorLinkInvalid");
    if (outcome === "same-as-before") return renderReset(c, owner, messages.resetSameAsBefore);
    deps.logger.info({ memberId: owner.id }, "password reset completed");
    // The owner proved themselves: lift the sign-in delay the attack may have left on the account.
    await deps.throttleStore.clearAccountAttempts(await identifierHashesOf(deps.database, owner));
    const grant = await issuePasskeyEnrolmentGrant(deps, owner.id);
    writeCookie(c, deps.config, "passkeyGrant", grant, {
      maxAgeInSeconds: passkeyGrantLifetimeInSeconds,
    });
    return renderResetDone(c, deps, assets, owner.id);
  });

  return app;
}
