import { Hono } from "hono";
import { ResetDonePage } from "../../views/pages/reset";
import type { Deps } from "../deps";
import {
  keepSuspendedPasskey,
  listSuspendedPasskeys,
  removeSuspendedPasskey,
  toSuspendedPasskeyView,
} from "../passkeys/trust";
import { describeDevice } from "../sessions/device";
import type { AppContext, AppEnv } from "../web/context";
import { readCookie } from "../web/cookies";
import { formText } from "../web/form";
import { pageContext } from "../web/page";
import { RequestProblem } from "../web/problems";
import type { StaticAssets } from "../web/static-assets";
import { findPasskeyGrantOwner } from "./passkey-grant";

/** The reset-done page: the member may add a passkey and reviews the ones the reset suspended. */
export async function renderResetDone(
  c: AppContext,
  deps: Pick<Deps, "database">,
  assets: StaticAssets,
  memberId: number,
): Promise<Response> {
  const suspended = await listSuspendedPasskeys(deps.database, memberId);
  return c.html(
    <ResetDonePage
      page={pageContext(c, assets)}
      csrfToken={c.get("csrfToken")}
      offerPasskey
      suspendedPasskeys={suspended.map((stored) => toSuspendedPasskeyView(stored, describeDevice))}
    />,
  );
}

/**
 * Keeping or removing a suspended passkey right after the reset, before any sign-in. The reset's
 * passkey grant (an HttpOnly cookie the completed reset link gave this browser) authorises it:
 * the member has just proven they hold the mailbox, the proof the suspended passkey lacked.
 */
export function resetPasskeyReviewRoutes(deps: Deps, assets: StaticAssets): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const grantOwnerOf = async (c: AppContext) => {
    const owner = await findPasskeyGrantOwner(deps, readCookie(c, deps.config, "passkeyGrant"));
    if (!owner) throw new RequestProblem(403, "errorLinkInvalid");
    return owner;
  };
  const passkeyIdOf = (c: AppContext) => {
    const value = formText(c.get("form"), "passkeyId");
    if (!/^[1-9][0-9]{0,15}$/.test(value)) throw new RequestProblem(404, "errorNotFound");
    return Number(value);
  };

  app.get("/reset/passkeys", async (c) =>
    renderResetDone(c, deps, assets, (await grantOwnerOf(c)).id),
  );

  app.post("/reset/passkeys/keep", async (c) => {
    const owner = await grantOwnerOf(c);
    const passkeyId = passkeyIdOf(c);
    const kept = await keepSuspendedPasskey(deps.database, {
      memberId: owner.id,
      passkeyId,
      proof: "email",
      now: deps.clock.now(),
    });
    if (!kept) throw new RequestProblem(404, "errorNotFound");
    deps.logger.info({ event: "passkey kept", memberId: owner.id, passkeyId }, "passkey kept");
    return c.redirect("/reset/passkeys", 303);
  });

  app.post("/reset/passkeys/remove", async (c) => {
    const owner = await grantOwnerOf(c);
    const passkeyId = passkeyIdOf(c);
    if (!(await removeSuspendedPasskey(deps.database, { memberId: owner.id, passkeyId }))) {
      throw new RequestProblem(404, "errorNotFound");
    }
    deps.logger.info(
      { event: "passkey removed", memberId: owner.id, passkeyId },
      "passkey removed",
    );
    return c.redirect("/reset/passkeys", 303);
  });

  return app;
}
