import { Hono } from "hono";
import { AdminWaveInvestigatePage } from "../../views/pages/admin-wave-investigate";
import { recordAuditEvent } from "../audit/audit-log";
import { evidenceOf, findWave, type WaveDetection } from "../defence/waves/wave-detection";
import { listWaveMembers, waveWindowOf } from "../defence/waves/wave-members";
import type { Deps } from "../deps";
import { memberActor } from "../resets/admin-routes";
import { createBulkResetJob } from "../resets/bulk-reset-jobs";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator } from "../web/guards";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";

/**
 * A detected slow wave, investigated: the members with a successful sign-in in its pattern,
 * and from there one button to a bulk reset dry run (the operator starts it from the job page).
 */
export function waveInvestigationRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/admin/investigate/waves/*", requireAdministrator(deps));

  const waveOf = async (c: AppContext): Promise<WaveDetection> => {
    const waveId = Number(c.req.param("waveId"));
    const wave = Number.isSafeInteger(waveId) && waveId > 0 ? await findWave(deps, waveId) : null;
    if (!wave) throw new RequestProblem(404, "errorNotFound");
    return wave;
  };

  const render = async (
    c: AppContext,
    wave: WaveDetection,
    options: { reason?: string; reasonError?: string },
  ) => {
    const window = waveWindowOf(wave, deps.clock.now());
    const members = await listWaveMembers(deps, window);
    const minute = (date: Date) => `${date.toISOString().slice(0, 16)}Z`;
    return c.html(
      <AdminWaveInvestigatePage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        reasonError={options.reasonError ?? null}
        view={{
          waveId: wave.id,
          ...window,
          evidence: evidenceOf(wave),
          identifiersTouched: wave.identifiersTouched,
          members,
          reason:
            options.reason ??
            c
              .get("messages")
              .waveInvestigateReason(wave.id, minute(window.from), minute(window.to)),
        }}
      />,
      options.reasonError ? 400 : 200,
    );
  };

  app.get("/admin/investigate/waves/:waveId", async (c) => render(c, await waveOf(c), {}));

  app.post("/admin/investigate/waves/:waveId/reset", async (c) => {
    const wave = await waveOf(c);
    const messages = c.get("messages");
    const reason = formText(c.get("form"), "reason").trim();
    if (reason.length < 1 || reason.length > 500)
      return render(c, wave, { reason, reasonError: messages.adminResetsErrorReason });
    // Queried again rather than taken from the page, which could be stale or forged.
    const window = waveWindowOf(wave, deps.clock.now());
    const members = await listWaveMembers(deps, window);
    if (members.length === 0)
      return render(c, wave, { reason, reasonError: messages.waveInvestigateNobody });
    const actor = memberActor(c);
    const job = await createBulkResetJob(deps, {
      identifiers: members.map((found) => found.loginId),
      reason,
      dryRun: true,
      revokeSessions: true,
      invalidatePassword: true,
      notifyMembers: true,
      source: "web",
      actor,
      // An operator's list: administrators are set apart unless ticked in on the dry run.
      administrators: { policy: "exclude-unlisted", includedMemberIds: [] },
    });
    await recordAuditEvent(deps.database, deps.clock, {
      actor,
      action: "investigation.wave-reset",
      details: {
        jobId: job.id,
        waveId: wave.id,
        from: window.from.toISOString(),
        to: window.to.toISOString(),
        members: members.length,
      },
    });
    return c.redirect(`/admin/resets/${job.id}`, 303);
  });

  return app;
}
