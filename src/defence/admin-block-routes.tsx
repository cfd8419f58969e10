import { Hono, type MiddlewareHandler } from "hono";
import type { BlockFormValues } from "../../views/components/block-forms";
import type { FieldErrors } from "../../views/components/form";
import { recordAuditEvent } from "../audit/audit-log";
import type { Deps } from "../deps";
import { memberActor } from "../resets/admin-routes";
import { hasUnsafeCharacters } from "../unsafe-text";
import { clientIpAddress } from "../web/client";
import type { AppContext, AppEnv } from "../web/context";
import { formText } from "../web/form";
import { signedInOf } from "../web/guards";
import { addSourceBlocks, defaultManualBlockInHours } from "./blocklist";
import { importBlocklist, parseBlocklistText } from "./blocklist-import";
import { parseCidr } from "./ip-address";
import { findRangeHoldingAddress } from "./own-address";

type Render = (
  c: AppContext,
  options: { values: BlockFormValues; errors: FieldErrors; status: 400 | 409 },
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
    permanent: form.get("permanent") === "on",
    confirmOwnAddress: form.get("confirmOwnAddress") === "on",
  };
}

/**
 * Whole hours up to a year; empty means the default day. "Until removed" is a choice of its own
 * (the `permanent` box), never what an empty field falls back to.
 */
function parseExpiry(value: string, permanent: boolean, now: Date): Date | null | "invalid" {
  if (permanent) return null;
  const hours = value === "" ? defaultManualBlockInHours : Number(value);
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
    const expiresAt = parseExpiry(values.expiresInHours, values.permanent, deps.clock.now());
    const errors: FieldErrors = {};
    if (!range) errors.cidr = messages.attacksCidrInvalid;
    if (expiresAt === "invalid") errors.expiresInHours = messages.attacksHoursInvalid;
    if (hasUnsafeCharacters(values.reason)) errors.reason = messages.errorFieldCharacters;
    if (!range || expiresAt === "invalid" || errors.reason) {
      return renderAttacks(c, { values, errors, status: 400 });
    }
    const ownAddress = clientIpAddress(c);
    if (!values.confirmOwnAddress && findRangeHoldingAddress([range], ownAddress)) {
      const warning = messages.blockOwnAddressWarning(range.cidr, ownAddress ?? "");
      return renderAttacks(c, { values, errors: { confirmOwnAddress: warning }, status: 409 });
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
    const expiresAt = parseExpiry(values.expiresInHours, values.permanent, deps.clock.now());
    if (expiresAt === "invalid" || hasUnsafeCharacters(values.reason)) {
      const errors: FieldErrors =
        expiresAt === "invalid"
          ? { importExpiresInHours: messages.attacksHoursInvalid }
          : { importReason: messages.errorFieldCharacters };
      return renderAttacks(c, { values, errors, status: 400 });
    }
    const holding = findRangeHoldingAddress(
      parseBlocklistText(values.list).ranges,
      clientIpAddress(c),
    );
    if (holding && !values.confirmOwnAddress) {
      const warning = messages.blockOwnAddressWarning(holding.cidr, clientIpAddress(c) ?? "");
      return renderAttacks(c, {
        values,
        errors: { importConfirmOwnAddress: warning },
        status: 409,
      });
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
