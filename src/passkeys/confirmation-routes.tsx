import { Hono } from "hono";
import { MessagePage } from "../../views/pages/error";
import { LinkConfirmationPage } from "../../views/pages/link-confirmation";
import type { Deps } from "../deps";
import type { AppEnv } from "../web/context";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import { confirmPasskeyFromLink, disownPasskeyFromLink, findPasskeyOfLink } from "./confirmation";

/**
 * The two links of the passkey-added e-mail. Mail scanners fetch links, so each GET only shows a
 * button; the POST confirms the passkey, or removes it and forces a reset ("this wasn't me").
 */
export function passkeyConfirmationRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/passkeys/confirm/:token", async (c) => {
    const found = await findPasskeyOfLink(deps, "passkey-confirmation", c.req.param("token"));
    if (!found) throw new RequestProblem(404, "errorLinkInvalid");
    const messages = c.get("messages");
    return c.html(
      <LinkConfirmationPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        action={c.req.path}
        title={messages.passkeyConfirmTitle}
        intro={messages.passkeyConfirmIntro(found.passkey.name)}
        submitLabel={messages.passkeyConfirmSubmit}
      />,
    );
  });

  app.post("/passkeys/confirm/:token", async (c) => {
    if (!(await confirmPasskeyFromLink(deps, c.req.param("token")))) {
      throw new RequestProblem(404, "errorLinkInvalid");
    }
    const messages = c.get("messages");
    return c.html(
      <MessagePage
        page={pageContext(c, assets)}
        title={messages.passkeyConfirmTitle}
        message={messages.passkeyConfirmDone}
        link={{ href: "/account/passkeys", label: messages.passkeysTitle }}
      />,
    );
  });

  app.get("/passkeys/not-mine/:token", async (c) => {
    const found = await findPasskeyOfLink(deps, "passkey-disowned", c.req.param("token"));
    if (!found) throw new RequestProblem(404, "errorLinkInvalid");
    const messages = c.get("messages");
    return c.html(
      <LinkConfirmationPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        action={c.req.path}
        title={messages.passkeyDisownTitle}
        intro={messages.passkeyDisownIntro(found.passkey.name)}
        submitLabel={messages.passkeyDisownSubmit}
      />,
    );
  });

  app.post("/passkeys/not-mine/:token", async (c) => {
    const owner = await disownPasskeyFromLink(deps, c.req.param("token"));
    if (!owner) throw new RequestProblem(404, "errorLinkInvalid");
    deps.logger.warn({ memberId: owner.id }, "member disowned a passkey added to their account");
    // The password that let the passkey in is presumed known: the same forced reset as "this
    // wasn't me" after a sign-in, which also suspends the other passkeys it vouched for.
    await deps.unrecognisedSignInHandler.handleUnrecognisedSignIn(owner);
    const messages = c.get("messages");
    return c.html(
      <MessagePage
        page={pageContext(c, assets)}
        title={messages.passkeyDisownTitle}
        message={messages.passkeyDisownDone}
        link={{ href: "/login", label: messages.navSignIn }}
      />,
    );
  });

  return app;
}
