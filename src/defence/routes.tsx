import { Hono } from "hono";
import { ActivityPage } from "../../views/pages/activity";
import { MessagePage } from "../../views/pages/error";
import { LinkConfirmationPage } from "../../views/pages/link-confirmation";
import { findMemberById } from "../accounts/members";
import { runInTransaction } from "../db/transaction";
import type { Deps } from "../deps";
import { invalidateMemberSessions } from "../sessions/sessions";
import { consumeOneTimeToken, findUsableOneTimeToken } from "../tokens/one-time-tokens";
import type { AppEnv } from "../web/context";
import { requireMember, signedInOf } from "../web/guards";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import { recordMemberEvent } from "../webhooks/events";
import { listMemberSignInEvents } from "./sign-in-events";
import { toSignInView } from "./sign-in-views";

const activityLimit = 50;

/** The member's side of the defence: recent sign-ins and the "this wasn't me" link. */
export function defenceRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/account/activity", requireMember(), async (c) => {
    const { member } = signedInOf(c);
    const events = await listMemberSignInEvents(deps, member.id, activityLimit);
    return c.html(<ActivityPage page={pageContext(c, assets)} events={events.map(toSignInView)} />);
  });

  // GET only shows the confirmation; the POST signs the member out everywhere.
  app.get("/sign-in/unrecognised/:token", async (c) => {
    const token = await findUsableOneTimeToken(deps, "unrecognised-sign-in", c.req.param("token"));
    if (!token) throw new RequestProblem(404, "errorLinkInvalid");
    const messages = c.get("messages");
    return c.html(
      <LinkConfirmationPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        action={c.req.path}
        title={messages.unrecognisedTitle}
        intro={messages.unrecognisedIntro}
        submitLabel={messages.unrecognisedSubmit}
      />,
    );
  });

  app.post("/sign-in/unrecognised/:token", async (c) => {
    const token = await consumeOneTimeToken(deps, "unrecognised-sign-in", c.req.param("token"));
    const member = token?.memberId
      ? await findMemberById(deps.database, token.memberId)
      : undefined;
    if (!member) throw new RequestProblem(404, "errorLinkInvalid");
    const revoked = await runInTransaction(deps.database, async (database) => {
      await recordMemberEvent(database, deps.clock, {
        type: "member.sign_in_unrecognised",
        memberId: member.id,
        facts: {},
      });
      return invalidateMemberSessions(database, member.id, {
        clock: deps.clock,
        reason: "unrecognised-sign-in",
      });
    });
    deps.logger.warn({ memberId: member.id, revoked }, "member reported an unrecognised sign-in");
    await deps.unrecognisedSignInHandler.handleUnrecognisedSignIn(member);
    const messages = c.get("messages");
    return c.html(
      <MessagePage
        page={pageContext(c, assets)}
        title={messages.unrecognisedTitle}
        message={messages.unrecognisedDone}
        link={{ href: "/login", label: messages.navSignIn }}
      />,
    );
  });

  return app;
}
