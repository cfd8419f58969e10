import { Hono } from "hono";
import type { FollowUpView } from "../../views/components/follow-up";
import { recordAuditEvent } from "../audit/audit-log";
import type { Deps } from "../deps";
import type { AppEnv } from "../web/context";
import { signedInOf } from "../web/guards";
import {
  buildFollowUpSeries,
  countByState,
  type FollowUpState,
  followUpStates,
  isInState,
  listFollowedMembers,
} from "./bulk-reset-follow-up";
import { type BulkResetJob, findBulkResetJob } from "./bulk-reset-jobs";
import { resendLinksToPendingMembers } from "./bulk-reset-resend";
import { formatCsvField } from "./identifier-list";

/** Points on the follow-through chart, from the job's start to now. */
const chartPoints = 24;

/**
 * What the job page shows of a started job's aftermath; null before it started for real, and
 * while it runs: the page reloads every two seconds then, and the follow-through reads every
 * member the job reached, so it waits until they all were.
 */
export async function loadFollowUpView(
  deps: Pick<Deps, "database" | "clock">,
  job: BulkResetJob,
): Promise<FollowUpView | null> {
  if (job.dryRun || job.status !== "completed" || !job.startedAt) return null;
  const members = await listFollowedMembers(deps.database, job);
  const series = buildFollowUpSeries(members, {
    from: job.startedAt,
    until: deps.clock.now(),
    points: chartPoints,
  });
  return { counts: countByState(members), ...series };
}

/** The member lists behind each state (CSV) and "send the link again to those still pending". */
export function followUpRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Extension-less like every export, so no CDN rule keyed on ".csv" caches it.
  app.get("/admin/resets/:id{[0-9]+}/members/export", async (c) => {
    const job = await findBulkResetJob(deps.database, Number(c.req.param("id")));
    const state = c.req.query("state") as FollowUpState;
    if (!job || job.dryRun || !followUpStates.includes(state)) return c.notFound();
    const members = (await listFollowedMembers(deps.database, job)).filter((followed) =>
      isInState(followed, state),
    );
    const iso = (moment: Date | null) => moment?.toISOString() ?? "";
    const rows = [
      "login_id,email,emailed_at,delivered_at,bounced,link_opened_at,password_set_at,passkey_added_at",
      ...members.map((followed) =>
        [
          formatCsvField(followed.loginId),
          formatCsvField(followed.email),
          iso(followed.emailedAt),
          iso(followed.deliveredAt),
          followed.bounced ? "yes" : "no",
          iso(followed.linkOpenedAt),
          iso(followed.passwordSetAt),
          iso(followed.passkeyAddedAt),
        ].join(","),
      ),
    ];
    // A list of members' addresses leaves the portal: the export middleware (src/audit/
    // export-audit.ts) records who took it, with the state asked for and the row count.
    c.header("Content-Disposition", `attachment; filename="bulk-reset-${job.id}-${state}.csv"`);
    return c.body(`${rows.join("\r\n")}\r\n`, 200, { "Content-Type": "text/csv; charset=utf-8" });
  });

  app.post("/admin/resets/:id{[0-9]+}/resend", async (c) => {
    const job = await findBulkResetJob(deps.database, Number(c.req.param("id")));
    if (!job || job.dryRun) return c.notFound();
    const { member } = signedInOf(c);
    const { sent } = await resendLinksToPendingMembers(deps, job, {
      kind: "member",
      memberId: member.id,
      loginId: member.loginId,
    });
    return c.redirect(`/admin/resets/${job.id}?resent=${sent}`, 303);
  });

  return app;
}
