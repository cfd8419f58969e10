import { Hono } from "hono";
import { AdminMemberPage } from "../../views/pages/admin-member";
import { AdminMembersPage } from "../../views/pages/admin-members";
import { findMemberById } from "../accounts/members";
import { listMemberSignInEvents } from "../defence/sign-in-events";
import { toSignInView } from "../defence/sign-in-views";
import type { Deps } from "../deps";
import { listMemberPasskeys } from "../passkeys/credentials";
import { findReminderState } from "../reminders/reminder-state";
import { memberActor } from "../resets/admin-routes";
import { formatCsvField } from "../resets/identifier-list";
import type { AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator } from "../web/guards";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import { forceMemberReset, resendVerificationTo, revokeSessionsOfMember } from "./member-actions";
import {
  countMemberSessions,
  memberSearchParameters,
  parseMemberSearch,
  searchMembers,
} from "./member-directory";

/** The most rows one member export holds; narrow the filters for more. */
const maximumMemberExportRows = 100_000;

const dayInMilliseconds = 86_400_000;
const recentSignIns = 10;

/** Find one member and act on them: the admin console's member search and page. */
export function adminMemberRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/admin/members", requireAdministrator(deps));
  app.use("/admin/members/*", requireAdministrator(deps));

  app.get("/admin/members", async (c) => {
    const search = parseMemberSearch((name) => c.req.query(name));
    const page = await searchMembers(deps.database, deps.clock, search);
    const parameters = memberSearchParameters(search);
    const nextHref =
      page.nextAfter === null
        ? null
        : `/admin/members?${new URLSearchParams([...parameters, ["after", page.nextAfter]])}`;
    return c.html(
      <AdminMembersPage
        page={pageContext(c, assets)}
        search={search}
        members={page.members}
        nextHref={nextHref}
        exportHref={`/admin/members/export${parameters.size > 0 ? `?${parameters}` : ""}`}
        exportLimit={maximumMemberExportRows}
      />,
    );
  });

  // Extension-less like every export, so no CDN rule keyed on ".csv" caches it; audited by
  // auditExports (src/audit/export-audit.ts) with its filters and row count.
  app.get("/admin/members/export", async (c) => {
    const search = { ...parseMemberSearch((name) => c.req.query(name)), after: undefined };
    const { members } = await searchMembers(
      deps.database,
      deps.clock,
      search,
      maximumMemberExportRows,
    );
    const lines = [
      "login_id,email,role,password_health,reset_pending_since,last_sign_in,registered",
      ...members.map((member) =>
        [
          member.loginId,
          member.email,
          member.role,
          member.passwordHash === null ? "passwordless" : (member.passwordHealth ?? "unchecked"),
          member.resetRequiredAt?.toISOString() ?? "",
          member.lastSignInAt?.toISOString() ?? "",
          member.createdAt.toISOString(),
        ]
          .map(formatCsvField)
          .join(","),
      ),
    ];
    c.header("Content-Disposition", 'attachment; filename="rekey-members.csv"');
    return c.body(`${lines.join("\r\n")}\r\n`, 200, { "Content-Type": "text/csv; charset=utf-8" });
  });

  app.get("/admin/members/:id{[0-9]+}", async (c) => {
    const member = await findMemberById(deps.database, Number(c.req.param("id")));
    if (!member) return c.notFound();
    const messages = c.get("messages");
    const notices: Record<string, string> = {
      reset: messages.adminMemberResetDone,
      "reset-pending": messages.adminMemberResetAlreadyPending,
      "verification-resent": messages.adminMemberVerificationResent,
    };
    const revoked = Number(c.req.query("revoked"));
    const notice =
      c.req.query("revoked") && Number.isInteger(revoked)
        ? messages.adminMemberSessionsRevoked(revoked)
        : (notices[c.req.query("done") ?? ""] ?? null);
    const now = deps.clock.now().getTime();
    return c.html(
      <AdminMemberPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        notice={notice}
        member={{
          id: member.id,
          loginId: member.loginId,
          email: member.email,
          emailVerified: member.emailVerifiedAt !== null,
          role: member.role,
          createdAt: member.createdAt,
          passwordAgeInDays:
            member.passwordHash && member.passwordChangedAt
              ? Math.floor((now - member.passwordChangedAt.getTime()) / dayInMilliseconds)
              : null,
          health: member.passwordHealth,
          resetReason: member.resetRequiredAt ? (member.resetReason ?? "") : null,
          activeSessions: await countMemberSessions(deps.database, deps.clock, member.id),
          passkeys: await listMemberPasskeys(deps.database, member.id),
          signIns: (await listMemberSignInEvents(deps, member.id, recentSignIns)).map(toSignInView),
          reminder: (await findReminderState(deps.database, member.id)) ?? null,
        }}
      />,
    );
  });

  app.post(
    "/admin/members/:id{[0-9]+}/:action{reset|revoke-sessions|resend-verification}",
    async (c) => {
      const member = await findMemberById(deps.database, Number(c.req.param("id")));
      if (!member) return c.notFound();
      const actor = memberActor(c);
      const back = `/admin/members/${member.id}`;
      switch (c.req.param("action")) {
        case "reset": {
          const reason = formText(c.get("form"), "reason").trim();
          if (reason.length < 1 || reason.length > 500)
            throw new RequestProblem(400, "errorBadRequest");
          const job = await forceMemberReset(deps, member, { actor, reason });
          return c.redirect(`${back}?done=${job?.matched === 1 ? "reset" : "reset-pending"}`, 303);
        }
        case "revoke-sessions":
          return c.redirect(
            `${back}?revoked=${await revokeSessionsOfMember(deps, member, actor)}`,
            303,
          );
        default:
          await resendVerificationTo(deps, member, actor);
          return c.redirect(`${back}?done=verification-resent`, 303);
      }
    },
  );

  return app;
}
