import { Hono } from "hono";
import { MessagePage } from "../../views/pages/error";
import {
  SnoozeConfirmationPage,
  UnsubscribeConfirmationPage,
} from "../../views/pages/reminder-links";
import type { Deps } from "../deps";
import type { AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireMember, signedInOf } from "../web/guards";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import { snoozeInDays } from "./links";
import {
  isSnoozeLinkUsable,
  isUnsubscribeLinkUsable,
  setRemindersEnabled,
  snoozeWithLink,
  unsubscribeWithLink,
} from "./member-reminders";

/** Path of the RFC 8058 one-click unsubscribe URL; its POST is exempt from the CSRF check. */
export const oneClickUnsubscribePrefix = "/reminders/unsubscribe/";

/**
 * The member's side of rotation reminders: the links in the e-mail and the switch on the
 * account page. Tampered, expired, used and stale links all get the same 404 page.
 */
export function reminderRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const invalidLink = () => new RequestProblem(404, "errorLinkInvalid");

  // GET only shows a button: mail scanners fetch links, and a fetch must never snooze.
  app.get("/reminders/snooze/:token", async (c) => {
    if (!(await isSnoozeLinkUsable(deps, c.req.param("token")))) throw invalidLink();
    return c.html(
      <SnoozeConfirmationPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        action={c.req.path}
        snoozeInDays={snoozeInDays}
      />,
    );
  });

  app.post("/reminders/snooze/:token", async (c) => {
    if (!(await snoozeWithLink(deps, c.req.param("token")))) throw invalidLink();
    return c.redirect("/reminders/snoozed", 303);
  });

  app.get("/reminders/snoozed", (c) => {
    const messages = c.get("messages");
    return c.html(
      <MessagePage
        page={pageContext(c, assets)}
        title={messages.remindersSnoozedTitle}
        message={messages.remindersSnoozedBody(snoozeInDays)}
      />,
    );
  });

  app.get(`${oneClickUnsubscribePrefix}:token`, async (c) => {
    if (!(await isUnsubscribeLinkUsable(deps, c.req.param("token")))) throw invalidLink();
    return c.html(
      <UnsubscribeConfirmationPage page={pageContext(c, assets)} action={c.req.path} />,
    );
  });

  // RFC 8058 s3.1: the mail provider POSTs without cookies and expects the answer itself, so
  // this is a 200 page, never a redirect. The token in the path is the authentication.
  app.post(`${oneClickUnsubscribePrefix}:token`, async (c) => {
    if (!(await unsubscribeWithLink(deps, c.req.param("token")))) throw invalidLink();
    const messages = c.get("messages");
    return c.html(
      <MessagePage
        page={pageContext(c, assets)}
        title={messages.remindersUnsubscribedTitle}
        message={messages.remindersUnsubscribedBody}
      />,
    );
  });

  app.post("/account/reminders", requireMember(), async (c) => {
    const choice = formText(c.get("form"), "reminders");
    if (choice !== "on" && choice !== "off") throw new RequestProblem(400, "errorBadRequest");
    await setRemindersEnabled(deps, signedInOf(c).member.id, choice === "on");
    return c.redirect(`/account?notice=reminders-${choice}#reminders`, 303);
  });

  return app;
}
