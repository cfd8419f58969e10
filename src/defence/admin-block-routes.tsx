import { Hono, type MiddlewareHandler } from "hono";
import type { BlockFormValues } from "../../views/components/block-forms";
import type { FieldErrors } from "../../views/components/form";
import { recordAuditEvent } from "../audit/audit-log";
import type { Deps } from "../deps";
import { memberActor } from "../resets/admin-routes";
import { hasUnsafeCharacters } from "../unsafe-text";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { signedInOf } from "../web/guards";
import { addSourceBlocks } from "./blocklist";
import { importBlocklist } from "./blocklist-import";
import { parseCidr } from "./ip-address";

type Render = (
  c: AppContext,
  options: { values: BlockFormValues; errors: FieldErrors; status: 400 },
) => Promise<Response>;

/** The largest pasted list the import form accepts (see csrfProtection in app.ts). */
export const blocklistImportLimitInBytes = 1024 * 1024;

function readBlockForm(c: AppContext): BlockFormValues {
  const form = c.get("form");
  return {
    cidr: formText(form, "cidr").trim().slice(0, 100),
    list: formText(form, "list"),
    reason: formText(form, "reason").trim().slice(0, 200),
    expiresInHours: formText(form, "expiresInHours").trim().slice(0, 10),
  };
}

/** Empty means "until removed"; otherwise whole hours up to a year. */
function parseExpiry(value: string, now: Date): Date | null | "invalid" {
  if (value === "") return null;
  const hours = Number(value);
  if (!Number.isInteger(hours) || hours < 1 || hours > 8760) return "invalid";
  return new Date(now.getTime() + hours * 3_600_000);
}

export function blockRoutes(
  deps: Deps,
  guard: MiddlewareHandler<AppEnv>,
  renderAttacks: Render,
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/admin/attacks/blocks", guard, async (c) => {
    const { member } = signedInOf(c);
    const messages = c.get("messages");
    const values = readBlockForm(c);
    const range = parseCidr(values.cidr);
    const expiresAt = parseExpiry(values.expiresInHours, deps.clock.now());
    const errors: FieldErrors = {};
    if (!range) errors.cidr = messages.attacksCidrInvalid;
    if (expiresAt === "invalid") errors.expiresInHours = messages.attacksHoursInvalid;
    if (hasUnsafeCharacters(values.reason)) errors.reason = messages.errorFieldCharacters;
    if (!range || expiresAt === "invalid" || errors.reason) {
      return renderAttacks(c, { values, errors, status: 400 });
    }
    await addSourceBlocks(deps, [
      {
        range,
        reason: values.reason || `Blocked by ${member.loginId}`,
        origin: "manual",
        expiresAt,
        createdBy: member.id,
      },
    ]);
    await recordAuditEvent(deps.database, deps.clock, {
      actor: memberActor(c),
      action: "block.added",
      details: {
        cidr: range.cidr,
        reason: values.reason || null,
        expiresAt: expiresAt?.toISOString() ?? null,
      },
    });
    deps.logger.warn(
      { memberId: member.id, cidr: range.cidr },
      "source blocked by an administrator",
    );
    return c.redirect("/admin/attacks?notice=added", 303);
  });

  app.post("/admin/attacks/blocks/import", guard, async (c) => {
    const { member } = signedInOf(c);
    const messages = c.get("messages");
    const values = readBlockForm(c);
    const expiresAt = parseExpiry(values.expiresInHours, deps.clock.now());
    if (expiresAt === "invalid" || hasUnsafeCharacters(values.reason)) {
      const errors: FieldErrors =
        expiresAt === "invalid"
          ? { importExpiresInHours: messages.attacksHoursInvalid }
          : { importReason: messages.errorFieldCharacters };
      return renderAttacks(c, { values, errors, status: 400 });
    }
    const result = await importBlocklist(deps, values.list, {
      reason: values.reason || `Imported by ${member.loginId}`,
      expiresAt,
      createdBy: member.id,
    });
    if (!result.ok) {
      const list =
        result.problem === "empty" ? messages.attacksImportEmpty : messages.attacksImportTooMany;
      return renderAttacks(c, { values, errors: { list }, status: 400 });
    }
    await recordAuditEvent(deps.database, deps.clock, {
      actor: memberActor(c),
      action: "block.imported",
      details: {
        imported: result.imported,
        skipped: result.invalidLines.length,
        reason: values.reason || null,
        expiresAt: expiresAt?.toISOString() ?? null,
      },
    });
    deps.logger.warn({ memberId: member.id, imported: result.imported }, "blocklist imported");
    return c.redirect(
      `/admin/attacks?notice=imported&count=${result.imported}&skipped=${result.invalidLines.length}`,
      303,
    );
  });

  return app;
}
