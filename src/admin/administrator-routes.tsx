import { Hono } from "hono";
import { AdminAdministratorsPage } from "../../views/pages/admin-administrators";
import { findMemberById, findMemberByLoginId } from "../accounts/members";
import type { Deps } from "../deps";
import { countUsablePasskeys } from "../passkeys/credentials";
import { memberActor } from "../resets/admin-routes";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator, signedInOf } from "../web/guards";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import {
  demoteAdministrator,
  listAdministrators,
  promoteToAdministrator,
  type RoleChangeResult,
  removeAdministrator,
} from "./administrator-roles";

type Notice = { kind: "promoted" | "demoted" | "removed"; loginId: string };

/** Who administers the portal: promote a member, demote or delete an administrator. */
export function administratorRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/admin/administrators", requireAdministrator(deps));
  app.use("/admin/administrators/*", requireAdministrator(deps));

  const render = async (
    c: AppContext,
    options: { error?: string; loginId?: string; status?: 200 | 400 | 404 | 409 } = {},
  ) => {
    const administrators = await listAdministrators(deps.database);
    const messages = c.get("messages");
    const done = c.req.query("done");
    const loginId = c.req.query("who")?.slice(0, 64) ?? "";
    const notices: Record<string, (id: string) => string> = {
      promoted: messages.administratorsPromoted,
      demoted: messages.administratorsDemoted,
      removed: messages.administratorsRemoved,
    };
    const notice =
      done && notices[done] && loginId ? (notices[done] as (id: string) => string)(loginId) : null;
    return c.html(
      <AdminAdministratorsPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        currentMemberId={signedInOf(c).member.id}
        notice={notice}
        error={options.error ?? null}
        loginId={options.loginId ?? ""}
        administrators={
          await Promise.all(
            administrators.map(async (administrator) => ({
              id: administrator.id,
              loginId: administrator.loginId,
              email: administrator.email,
              passkeys: await countUsablePasskeys(deps.database, administrator.id),
            })),
          )
        }
      />,
      options.status ?? 200,
    );
  };

  const afterChange = (c: AppContext, result: RoleChangeResult) => {
    const messages = c.get("messages");
    switch (result.outcome) {
      case "promoted":
      case "demoted":
      case "removed": {
        const notice: Notice = { kind: result.outcome, loginId: result.member.loginId };
        return c.redirect(
          `/admin/administrators?${new URLSearchParams({ done: notice.kind, who: notice.loginId })}`,
          303,
        );
      }
      case "already-administrator":
        return render(c, { error: messages.administratorsErrorAlready, status: 409 });
      case "last-administrator":
        return render(c, { error: messages.administratorsErrorLast, status: 409 });
      case "not-administrator":
        return render(c, { error: messages.administratorsErrorUnknown, status: 404 });
    }
  };

  app.get("/admin/administrators", (c) => render(c));

  app.post("/admin/administrators/promote", async (c) => {
    const loginId = formText(c.get("form"), "loginId").trim().normalize("NFKC").toLowerCase();
    const target = loginId ? await findMemberByLoginId(deps.database, loginId) : undefined;
    if (!target) {
      return render(c, {
        error: c.get("messages").administratorsErrorUnknown,
        loginId: loginId.slice(0, 64),
        status: 404,
      });
    }
    return afterChange(c, await promoteToAdministrator(deps, target, memberActor(c)));
  });

  app.post("/admin/administrators/:id{[0-9]+}/:action{demote|remove}", async (c) => {
    const target = await findMemberById(deps.database, Number(c.req.param("id")));
    if (!target) return c.notFound();
    // Acting on oneself from the console would end the session mid-incident or lock the last
    // careful operator out by a slip; another administrator (or `rekey admin`) can do it.
    if (target.id === signedInOf(c).member.id) {
      return render(c, { error: c.get("messages").administratorsErrorSelf, status: 409 });
    }
    if (formText(c.get("form"), "confirm") !== "yes")
      throw new RequestProblem(400, "errorBadRequest");
    const actor = memberActor(c);
    const result =
      c.req.param("action") === "demote"
        ? await demoteAdministrator(deps, target, actor)
        : await removeAdministrator(deps, target, actor);
    return afterChange(c, result);
  });

  return app;
}
