import { Hono } from "hono";
import { MessagePage } from "../../views/pages/error";
import { LinkConfirmationPage } from "../../views/pages/link-confirmation";
import type { Deps } from "../deps";
import type { AppContext, AppEnv } from "../web/context";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import { approveEmailChange, describeEmailChangeApproval } from "./email-change-approval";
import { describeEmailChangeUndo, undoEmailChange } from "./email-change-undo";

/**
 * The two links of an address change that work without a session: the current address's
 * approval and the previous address's undo. Opening either only shows a button.
 */
export function emailChangeLinkRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const done = (c: AppContext, title: string, message: string, status: 200 | 409 = 200) => {
    const messages = c.get("messages");
    const destination = c.get("signedIn")
      ? { href: "/account", label: messages.navAccount }
      : { href: "/login", label: messages.navSignIn };
    return c.html(
      <MessagePage
        page={pageContext(c, assets)}
        title={title}
        message={message}
        link={destination}
      />,
      status,
    );
  };

  app.get("/email-change/approve/:token", async (c) => {
    const pending = await describeEmailChangeApproval(deps, c.req.param("token"));
    if (!pending) throw new RequestProblem(404, "errorLinkInvalid");
    const messages = c.get("messages");
    return c.html(
      <LinkConfirmationPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        action={c.req.path}
        title={messages.emailChangeApproveTitle}
        intro={messages.emailChangeApproveIntro(pending.newAddress)}
        warning={messages.emailChangeApproveWarning}
        submitLabel={messages.emailChangeApproveSubmit}
      />,
    );
  });

  app.post("/email-change/approve/:token", async (c) => {
    const outcome = await approveEmailChange(deps, c.req.param("token"));
    if (outcome === "invalid") throw new RequestProblem(404, "errorLinkInvalid");
    const messages = c.get("messages");
    return done(c, messages.emailChangeApproveTitle, messages.emailChangeApproved);
  });

  app.get("/email-change/undo/:token", async (c) => {
    const pending = await describeEmailChangeUndo(deps, c.req.param("token"));
    if (!pending) throw new RequestProblem(404, "errorLinkInvalid");
    const messages = c.get("messages");
    return c.html(
      <LinkConfirmationPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        action={c.req.path}
        title={messages.emailChangeUndoTitle}
        intro={messages.emailChangeUndoIntro(pending.previousAddress)}
        submitLabel={messages.emailChangeUndoSubmit}
      />,
    );
  });

  app.post("/email-change/undo/:token", async (c) => {
    const outcome = await undoEmailChange(deps, c.req.param("token"));
    if (outcome === "invalid") throw new RequestProblem(404, "errorLinkInvalid");
    const messages = c.get("messages");
    return outcome === "restored"
      ? done(c, messages.emailChangeUndoTitle, messages.emailChangeUndone)
      : done(c, messages.emailChangeUndoTitle, messages.emailChangeUndoAddressTaken, 409);
  });

  return app;
}
