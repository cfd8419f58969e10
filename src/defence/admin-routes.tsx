import { Hono } from "hono";
import type { BlockFormValues } from "../../views/components/block-forms";
import type { FieldErrors } from "../../views/components/form";
import { AttacksPage } from "../../views/pages/attacks";
import { recordAuditEvent } from "../audit/audit-log";
import type { Deps } from "../deps";
import { memberActor } from "../resets/admin-routes";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { requireAdministrator, signedInOf } from "../web/guards";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import { blockRoutes } from "./admin-block-routes";
import { chartPeriodsInHours, loadAttackView, rangesOf } from "./attack-view";
import {
  defaultManualBlockInHours,
  findSourceBlock,
  listActiveSourceBlocks,
  removeSourceBlock,
} from "./blocklist";
import { listMembersSignedInFromSources } from "./source-queries";
import { setUnderAttackSetting, type UnderAttackSetting } from "./state";

const emptyValues: BlockFormValues = {
  cidr: "",
  list: "",
  reason: "",
  expiresInHours: String(defaultManualBlockInHours),
  permanent: false,
  confirmOwnAddress: false,
};

/** The attack view for administrators (admin role and a recent sign-in, ASVS 3.7.1). */
export function attackRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const guard = requireAdministrator(deps);

  const hoursOf = (c: AppContext): number => {
    const hours = Number(c.req.query("hours") ?? "3");
    return (chartPeriodsInHours as readonly number[]).includes(hours) ? hours : 3;
  };

  /** Renders the page; POST handlers re-render it with field errors and what was typed. */
  const renderAttacks = async (
    c: AppContext,
    options: { values?: BlockFormValues; errors?: FieldErrors; status?: 200 | 400 | 409 } = {},
  ) => {
    const messages = c.get("messages");
    const view = await loadAttackView(deps, { hours: hoursOf(c), messages });
    return c.html(
      <AttacksPage
        page={pageContext(c, assets)}
        csrfToken={c.get("csrfToken")}
        view={view}
        notice={noticeOf(c)}
        values={options.values ?? emptyValues}
        errors={options.errors ?? {}}
        importScriptHref={assets.pathFor("blocklist-file.js")}
        periods={chartPeriodsInHours}
      />,
      options.status ?? 200,
    );
  };

  const noticeOf = (c: AppContext): string | null => {
    const messages = c.get("messages");
    const count = Number(c.req.query("count") ?? "0");
    const skipped = Number(c.req.query("skipped") ?? "0");
    switch (c.req.query("notice")) {
      case "mode":
        return messages.attacksModeChanged;
      case "added":
        return messages.attacksBlockAdded;
      case "removed":
        return messages.attacksBlockRemoved;
      case "imported":
        return Number.isInteger(count) && Number.isInteger(skipped)
          ? messages.attacksImported(count, skipped)
          : null;
      default:
        return null;
    }
  };

  app.get("/admin/attacks", guard, (c) => renderAttacks(c));

  app.post("/admin/attacks/mode", guard, async (c) => {
    const setting = formText(c.get("form"), "setting");
    if (setting !== "automatic" && setting !== "on" && setting !== "off") {
      throw new RequestProblem(400, "errorBadRequest");
    }
    await setUnderAttackSetting(deps.database, setting satisfies UnderAttackSetting);
    await recordAuditEvent(deps.database, deps.clock, {
      actor: memberActor(c),
      action: "under-attack-mode.set",
      details: { setting },
    });
    deps.logger.warn({ memberId: signedInOf(c).member.id, setting }, "under-attack mode set");
    return c.redirect("/admin/attacks?notice=mode", 303);
  });

  app.post("/admin/attacks/blocks/remove", guard, async (c) => {
    const blockId = Number(formText(c.get("form"), "blockId"));
    if (!Number.isSafeInteger(blockId)) throw new RequestProblem(400, "errorBadRequest");
    const block = await findSourceBlock(deps.database, blockId);
    if (await removeSourceBlock(deps.database, blockId)) {
      await recordAuditEvent(deps.database, deps.clock, {
        actor: memberActor(c),
        action: "block.removed",
        details: { blockId, cidr: block?.cidr ?? null, reason: block?.reason ?? null },
      });
    }
    deps.logger.info({ memberId: signedInOf(c).member.id, blockId }, "source block removed");
    return c.redirect("/admin/attacks?notice=removed", 303);
  });

  app.route("/", blockRoutes(deps, guard, renderAttacks));

  // CSV of the members with a successful sign-in from a blocked source, for the reset list.
  // No file extension in the path: CDNs cache by extension (see README, web cache deception).
  app.get("/admin/attacks/affected/export", guard, async (c) => {
    const now = deps.clock.now();
    const blocks = await listActiveSourceBlocks(deps, 10_000);
    const members = await listMembersSignedInFromSources(deps, {
      ranges: rangesOf(blocks),
      from: new Date(now.getTime() - hoursOf(c) * 3_600_000),
      to: new Date(now.getTime() + 1),
      onlySuccessful: true,
      limit: 1_000_000,
    });
    const lines = [
      "login_id,email,successful_sign_ins,last_success_at",
      ...members.map((member) =>
        [member.loginId, member.email, member.successes, member.lastSuccessAt?.toISOString() ?? ""]
          .map(csvCell)
          .join(","),
      ),
    ];
    return c.body(`${lines.join("\r\n")}\r\n`, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="members-signed-in-from-blocked-sources.csv"',
    });
  });

  return app;
}

// RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula.
function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
